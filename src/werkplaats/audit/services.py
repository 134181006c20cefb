"""Writing the access log. Every selector and service that touches a pupil's personal data calls
`access_log_write` inside the same transaction, so a read that cannot be logged does not happen."""

from collections.abc import Iterable
from uuid import UUID

from werkplaats.accounts.models import User

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
    memberships = list(user.memberships.select_related("school", "organisation").order_by("id"))
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
    client_address = current_client_address()
    entries = [
        AccessLogEntry(
            event_type=event_type,
            action=action,
            outcome=outcome,
            user_id=actor.user_id,
            user_name=actor.user_name,
            role=actor.role,
            organisation=actor.organisation,
            purpose=purpose[:200],
            client_address=client_address,
            object_type=object_type,
            object_id=object_id,
            pupil_uuid=pupil_uuid,
            authorisation=authorisation[:300],
            consent=consent[:300],
            emergency=emergency,
        )
        for object_id, pupil_uuid in object_ids
    ]
    refusals = pending_refusals()
    if outcome == Outcome.REFUSED and refusals is not None:
        refusals.extend(entries)
    else:
        AccessLogEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)
