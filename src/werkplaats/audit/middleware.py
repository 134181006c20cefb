from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest, HttpResponse

from werkplaats.core import request_cache

from .context import end_request, start_request
from .models import AccessLogEntry


class RequestContextMiddleware:
    """Remembers the client address for the access log, keeps the request cache, and writes the
    request's refused accesses after the view: a refusal answers 404, which rolls back the view's own
    transaction. If they cannot be written, the request fails."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusals = start_request(request.META.get("REMOTE_ADDR", ""))
        request_cache.start()
        try:
            response = self.get_response(request)
            if refusals:
                with transaction.atomic():
                    AccessLogEntry.objects.bulk_create(refusals)
            return response
        finally:
            end_request()
            request_cache.end()
