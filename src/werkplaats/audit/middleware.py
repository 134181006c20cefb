from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import set_client_address


class RequestContextMiddleware:
    """Remembers the client address of this request for the access log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        set_client_address(request.META.get("REMOTE_ADDR", ""))
        return self.get_response(request)
