"""Background work of signals and cases (Celery beat, daily). Tasks take ids or nothing and call services.
Reminders of actions (before and after the due date) are the teams app's task `teams.remind_actions_due`:
case actions are team actions, so they are reminded there."""

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

import werkplaats.celery  # noqa: F401 — the configured app, so these shared tasks bind to it
from werkplaats.organisations.models import School

from . import services


@shared_task(name="cases.evaluations_to_agenda")
def evaluations_to_agenda() -> int:
    """Evaluations due within CASE_EVALUATION_AGENDA_DAYS: put the case on the core-team agenda."""
    return services.evaluations_to_agenda(today=timezone.localdate())


@shared_task(name="cases.handover_check_ins")
def handover_check_ins() -> int:
    return services.handover_check_ins_notify(today=timezone.localdate())


@shared_task(name="cases.consents_to_reask")
def consents_to_reask() -> int:
    """Consents that end because the pupil turns 12 or 16: tell whoever recorded them, in time."""
    return services.consents_reask_notify(today=timezone.localdate())


@shared_task(name="cases.detect_collective_proposals")
def detect_collective_proposals(school_ids: list[int] | None = None) -> int:
    """From individual to collective: look for groups and themes in every school with signals or cases (or in
    the given ones)."""
    today = timezone.localdate()
    schools = School.objects.filter(Q(signals__isnull=False) | Q(cases__isnull=False)).distinct()
    if school_ids is not None:
        schools = schools.filter(pk__in=school_ids)
    return sum(len(services.proposals_detect(school=school, today=today)) for school in schools.order_by("pk"))
