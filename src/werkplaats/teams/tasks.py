"""Background work of the IPT (Celery). Tasks take ids and call services; services enqueue them with
transaction.on_commit, so no task sees data that was rolled back."""

from celery import shared_task
from django.db import transaction
from django.utils import timezone

import werkplaats.celery  # noqa: F401 — the configured app, so these shared tasks bind to it

from . import services
from .models import Action, Guest, Meeting, TeamAssessment


@shared_task(name="teams.notify_meetings_planned")
def notify_meetings_planned(meeting_ids: list[int]) -> int:
    meetings = list(Meeting.objects.filter(pk__in=meeting_ids).select_related("team__school").order_by("starts_at"))
    return services.notify_meetings_planned(meetings=meetings)


@shared_task(name="teams.notify_meeting_cancelled")
def notify_meeting_cancelled(meeting_id: int) -> int:
    meeting = Meeting.objects.select_related("team__school").filter(pk=meeting_id).first()
    return services.notify_meeting_cancelled(meeting=meeting) if meeting else 0


@shared_task(name="teams.notify_guest_invited")
def notify_guest_invited(guest_id: int) -> int:
    guest = Guest.objects.select_related("meeting__team__school", "user").filter(pk=guest_id).first()
    return services.notify_guest_invited(guest=guest) if guest else 0


@shared_task(name="teams.notify_action_assigned")
def notify_action_assigned(action_id: int) -> int:
    action = Action.objects.select_related("team__school", "owner").filter(pk=action_id).first()
    return services.notify_action_assigned(action=action) if action else 0


@shared_task(name="teams.notify_assessment_opened")
def notify_assessment_opened(assessment_id: int) -> int:
    assessment = TeamAssessment.objects.select_related("team__school").filter(pk=assessment_id).first()
    return services.notify_assessment_opened(assessment=assessment) if assessment else 0


@shared_task(name="teams.remind_actions_due")
def remind_actions_due() -> int:
    """Daily (Celery beat): remind the owners of open actions that are due soon or overdue."""
    today = timezone.localdate()
    with transaction.atomic():
        ids = services.actions_remind(today=today)
        actions = Action.objects.filter(pk__in=ids).select_related("team__school", "owner").order_by("pk")
        return services.notify_action_reminders(actions=actions, today=today)
