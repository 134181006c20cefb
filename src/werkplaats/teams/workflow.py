"""The allowed status transitions, as data. Services check them; templates offer only these."""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import Action, Meeting

MeetingStatus = Meeting.Status
ActionStatus = Action.Status

# from status -> {to status: label of the button}
MEETING_TRANSITIONS: dict[str, dict[str, Promise]] = {
    MeetingStatus.PLANNED: {MeetingStatus.IN_PROGRESS: _("Overleg starten"), MeetingStatus.CANCELLED: _("Annuleren")},
    MeetingStatus.IN_PROGRESS: {MeetingStatus.CLOSED: _("Overleg afronden")},
    MeetingStatus.CLOSED: {MeetingStatus.IN_PROGRESS: _("Verslag heropenen")},
    MeetingStatus.CANCELLED: {},
}

ACTION_TRANSITIONS: dict[str, dict[str, Promise]] = {
    ActionStatus.OPEN: {ActionStatus.DONE: _("Afgerond"), ActionStatus.CANCELLED: _("Vervalt")},
    ActionStatus.DONE: {ActionStatus.OPEN: _("Heropenen")},
    ActionStatus.CANCELLED: {ActionStatus.OPEN: _("Heropenen")},
}

# Meetings whose minutes, decisions and actions can still be recorded.
MEETING_RECORDABLE = frozenset({MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS})
# Meetings that still lie ahead or run: guests keep access, agendas can be prepared.
MEETING_ACTIVE = frozenset({MeetingStatus.PLANNED, MeetingStatus.IN_PROGRESS})


def meeting_can_transition(current: str, target: str) -> bool:
    return target in MEETING_TRANSITIONS.get(current, {})


def action_can_transition(current: str, target: str) -> bool:
    return target in ACTION_TRANSITIONS.get(current, {})
