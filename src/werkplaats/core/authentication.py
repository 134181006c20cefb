"""The API's token check (`REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`). A module of its own: DRF imports
it while `rest_framework.views` loads, so it must not import that module."""

from typing import Any

from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from werkplaats.core.prepared import PreparedQuery

_TOKEN = PreparedQuery(lambda key: Token.objects.select_related("user").filter(key=key), key=str)


class PreparedTokenAuthentication(TokenAuthentication):
    """DRF's token check (`REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]`) with its query compiled once
    (core.prepared): the same token and user; an unknown token or an inactive user goes DRF's own way, to the
    same refusal."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        found = _TOKEN.fetch(key=key)
        if not found or not found[0].user.is_active:
            return super().authenticate_credentials(key)
        return found[0].user, found[0]
