"""The door of every page: a session passes only after both login steps (password and TOTP code).
Missing one step sends the user to the login page, with the page they wanted as `next`."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


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


def refusals_kept(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For views whose selectors log a refused access and then raise Http404: answer with the 404 page
    instead of letting the exception through. With ATOMIC_REQUESTS an exception rolls the request's
    transaction back, and the refusal would vanish from the access log."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return render(request, "404.html", status=404)

    return wrapper
