"""The door of every page: a session passes only after both login steps (password and TOTP code).
Missing one step sends the user to the login page, with the page they wanted as `next`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.utils.functional import LazyObject, empty

from werkplaats.accounts.models import User


def unwrapped_user(user: Any) -> User:
    """The user behind `request.user`'s lazy objects (Django's authentication wraps the user in one, django-otp
    wraps that in another), loaded if it was not yet. Every attribute read through the two proxies costs a few
    microseconds, and a page reads the user several hundred times."""
    while isinstance(user, LazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def verified_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Like `login_required`, but the user must also have passed the second factor
    (`request.user.is_verified()`, set by django-otp). Every page with personal data uses it. The view gets
    the user itself as `request.user`, not the lazy objects around it."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.is_verified():
            request.user = unwrapped_user(user)
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return wrapper
