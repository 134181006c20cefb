"""Login in two steps: the password, then the TOTP code of the user's confirmed device (or, the first
time, setting up that device). Until both steps pass the session holds only a *pending* user and
`request.user` stays anonymous, so no page, admin screen or API call is reachable with a password alone.

Failed passwords and failed codes both count for django-axes: after AXES_FAILURE_LIMIT failures the
username is locked out from this address. django-otp throttles a device after each wrong code as well."""

import time
from base64 import b32encode
from dataclasses import dataclass

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import auth
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

PENDING_KEY = "werkplaats_login_pending"
PENDING_SECONDS = 5 * 60
SETUP_DEVICE_NAME = "Werkplaats"
DEMO_DEVICE_NAME = "demo"


@dataclass(frozen=True)
class Pending:
    user: User
    next_url: str


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it is a path on this site, else the start page."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def login_password(request: HttpRequest, *, username: str, password: str, next_url: str = "") -> User | None:
    """Step 1. Checks the password (through django-axes: a locked-out user never gets past this) and
    remembers the user as pending. Returns None when the password does not match."""
    user = auth.authenticate(request=request, username=username, password=password)
    if user is None:
        return None
    request.session.cycle_key()
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": user.backend,
        "since": int(time.time()),
        "next": safe_next_url(request, next_url),
    }
    return user


def login_pending(request: HttpRequest) -> Pending | None:
    """The user who passed step 1 in this session in the last five minutes, if any."""
    data = request.session.get(PENDING_KEY)
    if not data or time.time() - data["since"] > PENDING_SECONDS:
        return None
    user = User.objects.filter(pk=data["user"], is_active=True).first()
    return Pending(user=user, next_url=data["next"]) if user else None


def login_locked_out(request: HttpRequest, *, user: User) -> HttpResponse | None:
    """The lock-out page when django-axes has locked this username out from this address."""
    credentials = {"username": user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    request.session.pop(PENDING_KEY, None)
    return get_lockout_response(request, None, credentials)


def device_confirmed(*, user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()


def login_with_code(request: HttpRequest, *, user: User, device: TOTPDevice, token: str) -> bool:
    """Step 2. Checks the code against the user's confirmed device and logs the user in."""
    verified = verify_token(user, device.persistent_id, token)
    if verified is None:
        _count_failure(request, user)
        return False
    _login_complete(request, user, verified)
    return True


def device_for_setup(*, user: User) -> TOTPDevice:
    """The unconfirmed device a user without a confirmed device sets up (the same one on every visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=SETUP_DEVICE_NAME).order_by("id").first()
    return device or TOTPDevice.objects.create(user=user, name=SETUP_DEVICE_NAME, confirmed=False)


def device_setup_confirm(request: HttpRequest, *, user: User, device: TOTPDevice, token: str) -> bool:
    """Step 2 for a new device: the first code confirms the device and logs the user in."""
    locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if locked.confirmed or locked.user_id != user.pk or not locked.verify_token(token):
        _count_failure(request, user)
        return False
    locked.confirmed = True
    locked.save(update_fields=["confirmed"])
    _login_complete(request, user, locked)
    return True


def device_qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code (made here, no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        title=_("QR-code voor uw authenticator-app"),
        svgclass="wp-qr",
        lineclass=None,
    )


def device_secret(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    secret = b32encode(device.bin_key).decode()
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def demo_code(device: TOTPDevice) -> str | None:
    """Demo mode only, for a device named "demo": the code the device accepts now (the next one when
    the current code was already used). Never in production: DEMO_MODE is off there."""
    if not settings.DEMO_MODE or device.name != DEMO_DEVICE_NAME:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    ahead = max(0, device.last_t + 1 - totp.t())
    if ahead > device.tolerance:
        return None
    totp.drift += ahead
    return f"{totp.token():0{device.digits}d}"


def logout(request: HttpRequest) -> None:
    auth.logout(request)


def _count_failure(request: HttpRequest, user: User) -> None:
    """A wrong code counts as a failed login for django-axes (same lock-out as wrong passwords)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def _login_complete(request: HttpRequest, user: User, device: TOTPDevice) -> None:
    data = request.session.pop(PENDING_KEY)
    auth.login(request, user, backend=data["backend"])
    otp_login(request, device)
