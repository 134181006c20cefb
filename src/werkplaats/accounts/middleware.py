"""The idle timeout of a session (SESSION_COOKIE_AGE, 30 minutes): every request of a logged-in user
pushes the session's expiry forward. Writing the session on every request would cost a database write
and a commit per page, so the expiry is renewed at most once per SESSION_RENEW_SECONDS: a session ends
between SESSION_COOKIE_AGE - SESSION_RENEW_SECONDS and SESSION_COOKIE_AGE after the last request."""

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

RENEWED_AT_KEY = "_werkplaats_renewed_at"


class SessionRenewalMiddleware:
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
