"""Writing the access log. Every selector and service that touches a pupil's personal data calls
`access_log_write` inside the same transaction, so a read that cannot be logged does not happen."""

from collections.abc import Iterable
from uuid import UUID

from django.db import connection
from django.utils import timezone

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import memberships_today

from .context import SYSTEM_ACTOR, Actor, current_client_address, pending_refusals
from .models import AccessLogEntry

Action = AccessLogEntry.Action
Outcome = AccessLogEntry.Outcome


def actor_for(user: User | None) -> Actor:
    """The user as the log records it; memoised on the user object for the rest of the request."""
    if user is None:
        return SYSTEM_ACTOR
    cached = getattr(user, "_audit_actor", None)
    if cached is not None:
        return cached
    memberships = memberships_today(user=user)
    actor = Actor(
        user_id=user.pk,
        user_name=(user.get_full_name() or user.username)[:200],
        role=", ".join(sorted({m.get_role_display() for m in memberships}))[:100],
        organisation=", ".join(sorted({str(m.school.name if m.school else m.organisation) for m in memberships}))[:200],
    )
    user._audit_actor = actor  # type: ignore[attr-defined]
    return actor


def access_log_write(
    *,
    user: User | None,
    event_type: str,
    action: str,
    object_type: str,
    object_ids: Iterable[tuple[str, UUID | None]] = (("", None),),
    outcome: str = Outcome.ALLOWED,
    purpose: str = "",
    authorisation: str = "",
    consent: str = "",
    emergency: bool = False,
) -> int:
    """Write one entry per (object id, pupil uuid) pair; returns how many were written."""
    actor = actor_for(user)
    fields = {
        "occurred_at": timezone.now(),
        "event_type": event_type,
        "action": action,
        "outcome": outcome,
        "user_id": actor.user_id,
        "user_name": actor.user_name,
        "role": actor.role,
        "organisation": actor.organisation,
        "purpose": purpose[:200],
        "client_address": current_client_address(),
        "authorisation": authorisation[:300],
        "consent": consent[:300],
        "emergency": emergency,
    }
    pairs = list(object_ids)
    refusals = pending_refusals()
    if outcome == Outcome.REFUSED and refusals is not None:
        refusals.extend(
            AccessLogEntry(object_type=object_type, object_id=object_id, pupil_uuid=pupil_uuid, **fields)
            for object_id, pupil_uuid in pairs
        )
    elif connection.vendor == "postgresql":
        _insert_unnested(fields, object_type, pairs)
    else:
        AccessLogEntry.objects.bulk_create(
            [
                AccessLogEntry(object_type=object_type, object_id=object_id, pupil_uuid=pupil_uuid, **fields)
                for object_id, pupil_uuid in pairs
            ],
            batch_size=500,
        )
    return len(pairs)


def _insert_unnested(fields: dict[str, object], object_type: str, pairs: list[tuple[str, UUID | None]]) -> None:
    """All entries of one access in a single INSERT: the shared values once, the object ids as two arrays.
    A page that shows 50 pupils costs one statement instead of Django building 50 model instances."""
    if not pairs:
        return
    columns = [*fields, "object_type"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {AccessLogEntry._meta.db_table} ({', '.join(columns)}, object_id, pupil_uuid) "
            f"SELECT {', '.join(['%s'] * len(columns))}, ids.object_id, ids.pupil_uuid "
            "FROM unnest(%s::varchar[], %s::uuid[]) AS ids(object_id, pupil_uuid)",
            [*fields.values(), object_type, [object_id for object_id, _ in pairs], [uuid for _, uuid in pairs]],
        )
