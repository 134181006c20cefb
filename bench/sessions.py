"""Signed-in callers for the load phases of the benchmarks, without the login form: a session that passed
both login steps (as `django_otp.login` leaves it) and an API token."""

from typing import Any


def verified_session_key(user: Any) -> str:
    """The key of a new session of `user` that passed the password and the second factor."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from werkplaats.accounts.sessions import SessionStore

    device, _created = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "werkplaats.accounts.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return session.session_key


def session_cookie(user: Any) -> dict[str, str]:
    """Request headers of a signed-in, two-factor-verified browser session of `user`."""
    from django.conf import settings

    return {"Cookie": f"{settings.SESSION_COOKIE_NAME}={verified_session_key(user)}"}


def token_headers(user: Any) -> dict[str, str]:
    """Request headers of an API call with `user`'s token."""
    from rest_framework.authtoken.models import Token

    token, _created = Token.objects.get_or_create(user=user)
    return {"Authorization": f"Token {token.key}", "Accept": "application/json"}
