"""The password login's backend (`AUTHENTICATION_BACKENDS`): Django's `ModelBackend`, with the user of a session
— loaded on every request of a signed-in browser — read by a query compiled once per process (core.prepared)."""

from typing import Any

from django.contrib.auth import backends

from werkplaats.accounts.models import User
from werkplaats.core.prepared import PreparedQuery

_USER_BY_ID = PreparedQuery(lambda pk: User.objects.filter(pk=pk), pk=int)


class ModelBackend(backends.ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        """The user of the session's user id, if it may still sign in (active), as Django's."""
        found = _USER_BY_ID.fetch(pk=int(user_id))
        if not found or not self.user_can_authenticate(found[0]):
            return None
        return found[0]
