"""Celery tasks of attendance: take ids, call services. Enqueued with transaction.on_commit."""

from celery import shared_task

import werkplaats.celery  # noqa: F401 — the configured app, so these shared tasks bind to it
from werkplaats.pupils.models import Enrolment


@shared_task(name="attendance.reports_derive")
def reports_derive_task(*, school_ids: list[int] | None = None) -> int:
    """Derive the statutory reports of the enrolments whose registrations changed (the queue of
    PendingDerivation): of these schools, or all when no schools are given."""
    from .services import reports_derive

    enrolments = Enrolment.objects.filter(school_id__in=school_ids) if school_ids is not None else None
    return reports_derive(enrolments=enrolments)
