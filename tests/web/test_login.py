"""Login in two steps (password, then TOTP), first-time set-up, lock-out, demo hint and logout."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory, verified_device
from tests.web.conftest import current_code, login
from werkplaats.accounts.middleware import RENEWED_AT_KEY

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _password_step(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password, "next": next_url}
    return client.post(reverse("accounts:login"), data)


def test_login_with_password_then_code(client):
    user = UserFactory()
    device = verified_device(user)
    response = _password_step(client, user, next_url=reverse("organisations:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:code")
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated

    response = client.post(reverse("accounts:code"), {"token": current_code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("organisations:index")
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert home.wsgi_request.user == user
    assert home.wsgi_request.user.is_verified()


def test_wrong_password_is_refused_with_an_explanation(client):
    user = UserFactory()
    response = _password_step(client, user, password="wrong-password-123")
    assert response.status_code == 200
    assert "De gebruikersnaam of het wachtwoord klopt niet" in response.content.decode()
    assert client.get(reverse("accounts:code")).status_code == 302


def test_wrong_code_is_refused(client):
    user = UserFactory()
    device = verified_device(user)
    _password_step(client, user)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:code"), {"token": wrong})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("core:home")).status_code == 302


def test_code_must_be_digits(client):
    user = UserFactory()
    verified_device(user)
    _password_step(client, user)
    response = client.post(reverse("accounts:code"), {"token": "abc"})
    assert "Een code bestaat uit 6 cijfers" in response.content.decode()


def test_code_page_without_password_step_goes_back_to_login(client):
    response = client.get(reverse("accounts:code"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


def test_password_alone_reaches_no_page(client):
    """After step 1 the session holds only a pending user: pages, the admin and the API stay closed."""
    user = UserFactory(is_staff=True, is_superuser=True)
    verified_device(user)
    _password_step(client, user)
    assert client.get(reverse("core:home")).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("api:pupil-list")).status_code in (401, 403)


def test_lock_out_after_five_wrong_passwords(client):
    user = UserFactory()
    verified_device(user)
    for _attempt in range(4):
        assert _password_step(client, user, password="wrong-password-123").status_code == 200
    fifth = _password_step(client, user, password="wrong-password-123")
    assert fifth.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in fifth.content.decode()
    # Even the right password does not get through now.
    sixth = _password_step(client, user)
    assert sixth.status_code == 429
    assert client.get(reverse("accounts:code")).status_code == 302


def test_lock_out_after_five_wrong_codes(client):
    user = UserFactory()
    device = verified_device(user)
    _password_step(client, user)
    wrong = f"{(int(current_code(device)) + 2) % 1_000_000:06d}"
    statuses = [client.post(reverse("accounts:code"), {"token": wrong}).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(reverse("accounts:code"), {"token": current_code(device)})
    assert response.status_code in (302, 429)
    assert not client.get(reverse("core:home")).wsgi_request.user.is_authenticated


def test_first_login_sets_up_the_authenticator_app(client):
    user = UserFactory()
    response = _password_step(client, user)
    assert client.get(reverse("accounts:code"))["Location"] == reverse("accounts:setup")
    page = client.get(reverse("accounts:setup"))
    html = page.content.decode()
    assert "<svg" in html and "wp-qr" in html
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    response = client.post(reverse("accounts:setup"), {"token": current_code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("core:home")).status_code == 200


def test_setup_page_is_not_offered_to_a_user_with_a_device(client):
    user = UserFactory()
    verified_device(user)
    _password_step(client, user)
    assert client.get(reverse("accounts:setup"))["Location"] == reverse("accounts:code")


@pytest.mark.parametrize(
    ("demo_mode", "device_name", "shown"), [(True, "demo", True), (True, "telefoon", False), (False, "demo", False)]
)
def test_demo_hint_only_in_demo_mode_for_the_demo_device(client, settings, demo_mode, device_name, shown):
    settings.DEMO_MODE = demo_mode
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name=device_name, confirmed=True)
    _password_step(client, user)
    html = client.get(reverse("accounts:code")).content.decode()
    assert ("wp-demo-hint" in html) is shown
    if shown:
        assert current_code(device) in html
        assert client.post(reverse("accounts:code"), {"token": current_code(device)}).status_code == 302


def test_demo_hint_gives_the_next_code_when_the_current_one_was_used(client, settings):
    settings.DEMO_MODE = True
    user = UserFactory()
    device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True)
    _password_step(client, user)
    client.post(reverse("accounts:code"), {"token": current_code(device)})
    client.post(reverse("accounts:logout"))
    _password_step(client, user)
    html = client.get(reverse("accounts:code")).content.decode()
    code = html.split('wp-demo-hint__code">')[1][:6]
    assert client.post(reverse("accounts:code"), {"token": code}).status_code == 302


def test_logout_is_a_post(client):
    user = UserFactory()
    login(client, user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302


def test_session_without_second_factor_is_sent_to_login(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("api:pupil-list")).status_code == 403


def test_admin_has_no_password_only_login(client):
    response = client.get("/beheer/login/?next=/beheer/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next=/beheer/"


def test_login_page_sends_a_logged_in_user_on(client):
    login(client, UserFactory())
    response = client.get(reverse("accounts:login") + "?next=/register/")
    assert response["Location"] == "/register/"
    response = client.get(reverse("accounts:login") + "?next=https://example.org/")
    assert response["Location"] == reverse("core:home")


def _stored_expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_activity_renews_the_idle_timeout_at_most_once_a_minute(client, settings):
    login(client, UserFactory())
    assert client.get(reverse("core:home")).status_code == 200
    renewed = _stored_expiry(client)
    assert client.get(reverse("core:home")).status_code == 200
    assert _stored_expiry(client) == renewed  # within the minute: no write

    session = client.session
    session[RENEWED_AT_KEY] -= settings.SESSION_RENEW_SECONDS  # the last renewal was a minute ago
    session.save()
    before = _stored_expiry(client)
    assert client.get(reverse("core:home")).status_code == 200
    assert _stored_expiry(client) > before


def test_an_idle_session_expires(client):
    login(client, UserFactory())
    assert client.get(reverse("core:home")).status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=timezone.now())
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_verified_page_gets_the_user_itself_not_its_lazy_wrappers(client):
    """`verified_required` hands the view the user behind the two lazy objects of authentication and django-otp,
    still verified (docs/architecture.md, "Per-request costs")."""
    user = UserFactory()
    login(client, user)
    home = client.get(reverse("core:home"))
    assert type(home.wsgi_request.user) is type(user) and home.wsgi_request.user == user
    assert home.wsgi_request.user.is_verified()


def test_unwrapped_user_loads_and_unwraps_nested_lazy_objects():
    from django.utils.functional import SimpleLazyObject

    from werkplaats.accounts.decorators import unwrapped_user

    user = UserFactory.build()
    inner = SimpleLazyObject(lambda: user)
    assert unwrapped_user(SimpleLazyObject(lambda: inner)) is user
    assert unwrapped_user(user) is user


def test_a_deactivated_user_is_signed_out_on_the_next_request(client):
    """The session's user is read on every request (accounts.backends): one who may no longer sign in loses
    the session's access at once."""
    user = UserFactory()
    login(client, user)
    assert client.get(reverse("core:home")).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("change", ["deleted", "unconfirmed", "another user's", "unknown kind", "not a device"])
def test_a_session_whose_second_factor_device_is_not_valid_is_not_verified(client, change):
    """The device of the session is read on every request (accounts.middleware.OTPMiddleware); a device that
    is gone, unconfirmed or someone else's, or a persistent id that names no device, verifies nothing."""
    from django_otp import DEVICE_ID_SESSION_KEY

    user = UserFactory()
    login(client, user)
    assert client.get(reverse("core:home")).status_code == 200
    device = TOTPDevice.objects.get(user=user)
    session = client.session
    if change == "deleted":
        device.delete()
    elif change == "unconfirmed":
        TOTPDevice.objects.filter(pk=device.pk).update(confirmed=False)
    elif change == "another user's":
        session[DEVICE_ID_SESSION_KEY] = verified_device(UserFactory()).persistent_id
    elif change == "unknown kind":
        session[DEVICE_ID_SESSION_KEY] = f"otp_nothing.device/{device.pk}"
    else:
        session[DEVICE_ID_SESSION_KEY] = f"accounts.user/{user.pk}"
    session.save()
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not response.wsgi_request.user.is_verified()
