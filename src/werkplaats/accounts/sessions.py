"""The session store (`SESSION_ENGINE`): Django's database sessions, with the one query that every request of a
signed-in browser runs — its session — compiled once per process (core.prepared) instead of on every request."""

from datetime import datetime
from typing import Any

from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.utils import timezone

from werkplaats.core.prepared import PreparedQuery

_UNEXPIRED_SESSION = PreparedQuery(
    lambda key, now: Session.objects.filter(session_key=key, expire_date__gt=now), key=str, now=datetime
)


class SessionStore(db.SessionStore):
    def _get_session_from_db(self) -> Any:
        """The unexpired session of this key, or None (and no key: a new session gets a new one), as Django's."""
        found = _UNEXPIRED_SESSION.fetch(key=self.session_key, now=timezone.now())
        if not found:
            self._session_key = None
            return None
        return found[0]
