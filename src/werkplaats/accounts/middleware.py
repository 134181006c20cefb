"""Middleware of the login: the idle timeout of a session, and the second factor's device of a session."""

import time
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django_otp import middleware as otp_middleware
from django_otp.models import Device

from werkplaats.core.prepared import prepared_shape

RENEWED_AT_KEY = "_werkplaats_renewed_at"


class SessionRenewalMiddleware:
    """The idle timeout of a session (SESSION_COOKIE_AGE, 30 minutes): every request of a logged-in user
    pushes the session's expiry forward. Writing the session on every request would cost a database write
    and a commit per page, so the expiry is renewed at most once per SESSION_RENEW_SECONDS: a session ends
    between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the last request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if session.accessed and session.session_key and not session.is_empty():  # not for token API calls
            now = int(time.time())
            if now - session.get(RENEWED_AT_KEY, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED_AT_KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware (`request.user.is_verified()`), with the device that verified the session — read
    on every request of a signed-in browser — loaded by a query compiled once per process (core.prepared).
    django-otp itself still checks that the device is the user's and confirmed."""

    def _device_from_persistent_id(self, persistent_id: str) -> Any:
        label, _slash, device_id = self._normalize_persistent_id(persistent_id).rpartition("/")
        try:
            model, pk = apps.get_model(label), int(device_id)
        except (ValueError, LookupError):
            return None
        if not issubclass(model, Device):
            return None
        query = prepared_shape(("accounts.otp_device", label), lambda pk: model.objects.filter(pk=pk), pk=int)
        found = query.fetch(pk=pk)
        return found[0] if found else None
