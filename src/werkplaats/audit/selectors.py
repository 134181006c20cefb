"""Reads of the access log, for the privacy officer. Reading the log is itself logged
(event "accesslog.view"), allowed or refused; a pupil the officer may not review gives Http404."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from werkplaats.accounts.models import User
from werkplaats.pupils.models import Pupil
from werkplaats.pupils.permissions import can_view_pupil_access_log
from werkplaats.pupils.selectors import pupil_export, pupils_visible_to

from .models import AccessLogEntry
from .permissions import can_review_access_log
from .services import Action, Outcome, access_log_write

REVIEW_PURPOSE = "controle inzagelogboek (privacy)"
REVIEW_AUTHORISATION = "functionaris gegevensbescherming met een relatie met de school van de leerling"
REFUSED_AUTHORISATION = "geen functionaris gegevensbescherming met een relatie met de leerling"
PAGE_SIZE = 50


@dataclass(frozen=True)
class LogFilter:
    """Period in local dates (Europe/Amsterdam), both ends included, and one action (C/R/U/D/E) or all."""

    start: date | None = None
    end: date | None = None
    action: str = ""

    def apply(self, entries: QuerySet[AccessLogEntry]) -> QuerySet[AccessLogEntry]:
        if self.start:
            entries = entries.filter(occurred_at__gte=_local_midnight(self.start))
        if self.end:
            entries = entries.filter(occurred_at__lt=_local_midnight(self.end + timedelta(days=1)))
        if self.action:
            entries = entries.filter(action=self.action)
        return entries


@dataclass(frozen=True)
class LogPage:
    rows: list[AccessLogEntry]
    next_cursor: str | None


@dataclass(frozen=True)
class PupilLog:
    pupil: Pupil
    page: LogPage


@dataclass(frozen=True)
class RecentLog:
    emergency: list[AccessLogEntry]
    page: LogPage


def pupil_access_log(
    *, user: User, uuid: UUID, log_filter: LogFilter = LogFilter(), after: str | None = None, limit: int = PAGE_SIZE
) -> PupilLog:
    """Every access to one pupil's data, newest first, keyset-paginated. This read is logged first, so
    the page shows its own entry."""
    pupil = Pupil.objects.filter(uuid=uuid).first()
    if pupil is None or not can_view_pupil_access_log(user, pupil):
        access_log_write(
            user=user,
            event_type="accesslog.view",
            action=Action.READ,
            object_type="accesslog",
            object_ids=[(str(uuid), uuid if pupil else None)],
            outcome=Outcome.REFUSED,
            purpose=REVIEW_PURPOSE,
            authorisation=REFUSED_AUTHORISATION,
        )
        raise Http404
    access_log_write(
        user=user,
        event_type="accesslog.view",
        action=Action.READ,
        object_type="accesslog",
        object_ids=[(str(pupil.uuid), pupil.uuid)],
        purpose=REVIEW_PURPOSE,
        authorisation=REVIEW_AUTHORISATION,
    )
    entries = log_filter.apply(AccessLogEntry.objects.filter(pupil_uuid=pupil.uuid))
    return PupilLog(pupil=pupil, page=_page(entries, after, limit))


def access_log_recent(
    *, user: User, log_filter: LogFilter = LogFilter(), after: str | None = None, limit: int = PAGE_SIZE
) -> RecentLog:
    """The most recent accesses to pupils of the officer's schools, emergency accesses separately on top.
    The page shows no pupil data, only who did what to which pupil uuid: the read is logged once, not per
    pupil (which would fill every pupil's log with the officer's own reviews)."""
    if not can_review_access_log(user):
        raise Http404
    visible = pupils_visible_to(user=user).values("uuid")
    entries = log_filter.apply(AccessLogEntry.objects.filter(pupil_uuid__in=visible))
    emergency = list(entries.filter(emergency=True).order_by("-occurred_at", "-id")[:limit]) if not after else []
    access_log_write(
        user=user,
        event_type="accesslog.view",
        action=Action.READ,
        object_type="accesslog",
        object_ids=[("recent", None)],
        purpose=REVIEW_PURPOSE,
        authorisation="functionaris gegevensbescherming",
    )
    return RecentLog(emergency=emergency, page=_page(entries, after, limit))


def access_request_export(*, user: User, uuid: UUID) -> dict[str, Any]:
    """The right-of-access export: the pupil's data (`pupils.selectors.pupil_export`, which checks and
    logs the export) together with the pupil's complete access log, including this export."""
    data = pupil_export(user=user, uuid=uuid)
    entries = AccessLogEntry.objects.filter(pupil_uuid=uuid).order_by("occurred_at", "id")
    data["access_log"] = [
        {
            "occurred_at": entry.occurred_at,
            "event_type": entry.event_type,
            "action": entry.action,
            "action_label": entry.get_action_display(),
            "outcome": entry.outcome,
            "user_name": entry.user_name,
            "role": entry.role,
            "organisation": entry.organisation,
            "purpose": entry.purpose,
            "object_type": entry.object_type,
            "authorisation": entry.authorisation,
            "consent": entry.consent,
            "emergency": entry.emergency,
        }
        for entry in entries
    ]
    data["exported_at"] = timezone.now()
    return data


def _page(entries: QuerySet[AccessLogEntry], after: str | None, limit: int) -> LogPage:
    cursor = _parse_cursor(after)
    if cursor:
        occurred_at, entry_id = cursor
        entries = entries.filter(Q(occurred_at__lt=occurred_at) | Q(occurred_at=occurred_at, id__lt=entry_id))
    rows = list(entries.order_by("-occurred_at", "-id")[: limit + 1])
    next_cursor = None
    if len(rows) > limit:
        rows = rows[:limit]
        next_cursor = f"{rows[-1].occurred_at.isoformat()}|{rows[-1].id}"
    return LogPage(rows=rows, next_cursor=next_cursor)


def _parse_cursor(after: str | None) -> tuple[datetime, int] | None:
    raw_time, _, raw_id = (after or "").rpartition("|")
    occurred_at = parse_datetime(raw_time) if raw_time else None
    if occurred_at is None or not raw_id.isdigit():
        return None
    return occurred_at, int(raw_id)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
