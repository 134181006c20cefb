"""API helpers shared by the apps: the personal-data permission and error handling."""

from typing import Any

from django.http import Http404
from rest_framework import exceptions, permissions
from rest_framework.authentication import TokenAuthentication
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler


class PersonalDataAccess(permissions.BasePermission):
    """Personal data over the API: an integration token, or a session that passed two-factor login.
    Which pupils the caller sees is decided by the selectors, not here."""

    message = "Voor persoonsgegevens is inloggen met twee factoren of een integratietoken nodig."

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if isinstance(request.successful_authenticator, TokenAuthentication):
            return True
        return bool(getattr(user, "is_verified", lambda: False)())


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with Dutch texts for the common cases; never a stack trace or personal data."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Niet gevonden.")
    elif isinstance(exc, exceptions.NotAuthenticated):
        exc = exceptions.NotAuthenticated("Inloggen is nodig.")
    return drf_exception_handler(exc, context)
