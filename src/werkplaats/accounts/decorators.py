"""The door of every page: a session passes only after both login steps (password and TOTP code).
Missing one step sends the user to the login page, with the page they wanted as `next`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse


def verified_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `login_required`, but the user must also have passed the second factor
    (`request.user.is_verified()`, set by django-otp). Every page with personal data uses it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_verified():
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapper
