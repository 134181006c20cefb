"""The allowed status transitions of signals, cases and handovers, and the escalation steps, as data.
Services check them (and refuse with a Dutch message); templates offer only these."""

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .models import Case, Consultation, EscalationTarget, Handover, Signal

SignalStatus = Signal.Status
CaseStatus = Case.Status
HandoverStatus = Handover.Status

# from status -> {to status: label of the button}
SIGNAL_TRANSITIONS: dict[str, dict[str, Promise]] = {
    SignalStatus.NEW: {
        SignalStatus.ON_AGENDA: _lazy("Agenderen"),
        SignalStatus.NO_ACTION: _lazy("Geen verdere actie"),
        SignalStatus.ADVISED: _lazy("Advies aan de leerkracht"),
        SignalStatus.CASE_OPENED: _lazy("Casus openen"),
        SignalStatus.ESCALATED: _lazy("Opschalen"),
        SignalStatus.WITHDRAWN: _lazy("Intrekken"),
    },
    SignalStatus.ON_AGENDA: {
        SignalStatus.NO_ACTION: _lazy("Geen verdere actie"),
        SignalStatus.ADVISED: _lazy("Advies aan de leerkracht"),
        SignalStatus.CASE_OPENED: _lazy("Casus openen"),
        SignalStatus.ESCALATED: _lazy("Opschalen"),
        SignalStatus.WITHDRAWN: _lazy("Intrekken"),
    },
    SignalStatus.NO_ACTION: {SignalStatus.ON_AGENDA: _lazy("Opnieuw agenderen")},
    SignalStatus.ADVISED: {SignalStatus.ON_AGENDA: _lazy("Opnieuw agenderen"),
                           SignalStatus.CASE_OPENED: _lazy("Casus openen")},
    SignalStatus.ESCALATED: {SignalStatus.CASE_OPENED: _lazy("Casus openen"),
                             SignalStatus.ON_AGENDA: _lazy("Terug naar het kernteam")},
    SignalStatus.CASE_OPENED: {},
    SignalStatus.WITHDRAWN: {},
}

# Signals the core team still has to consult on.
SIGNAL_OPEN = frozenset({SignalStatus.NEW, SignalStatus.ON_AGENDA})
# Signals that count for the collective proposals: concerns that are still alive.
SIGNAL_ALIVE = frozenset({SignalStatus.NEW, SignalStatus.ON_AGENDA, SignalStatus.ADVISED, SignalStatus.ESCALATED,
                          SignalStatus.CASE_OPENED})

# How a consultation ends, and the status the signal goes to.
CONSULTATION_OUTCOME_STATUS: dict[str, str] = {
    Consultation.Outcome.NO_ACTION: SignalStatus.NO_ACTION,
    Consultation.Outcome.ADVICE: SignalStatus.ADVISED,
    Consultation.Outcome.CASE: SignalStatus.CASE_OPENED,
    Consultation.Outcome.ESCALATION: SignalStatus.ESCALATED,
}

CASE_TRANSITIONS: dict[str, dict[str, Promise]] = {
    CaseStatus.OPEN: {CaseStatus.CLOSED: _lazy("Casus afsluiten")},
    CaseStatus.CLOSED: {CaseStatus.OPEN: _lazy("Casus heropenen")},
}

HANDOVER_TRANSITIONS: dict[str, dict[str, Promise]] = {
    HandoverStatus.DRAFT: {HandoverStatus.SENT: _lazy("Versturen"), HandoverStatus.CANCELLED: _lazy("Intrekken")},
    HandoverStatus.SENT: {
        HandoverStatus.ACCEPTED: _lazy("Aanvaarden"),
        HandoverStatus.RETURNED: _lazy("Terugsturen"),
        HandoverStatus.CANCELLED: _lazy("Intrekken"),
    },
    HandoverStatus.RETURNED: {HandoverStatus.DRAFT: _lazy("Opnieuw bewerken"),
                              HandoverStatus.CANCELLED: _lazy("Intrekken")},
    HandoverStatus.ACCEPTED: {HandoverStatus.COMPLETED: _lazy("Check-in gehouden")},
    HandoverStatus.CANCELLED: {},
    HandoverStatus.COMPLETED: {},
}
# Who takes each handover step: the sending side or the receiving side.
HANDOVER_SENDER_STEPS = frozenset({HandoverStatus.SENT, HandoverStatus.CANCELLED, HandoverStatus.DRAFT})
HANDOVER_RECEIVER_STEPS = frozenset({HandoverStatus.ACCEPTED, HandoverStatus.RETURNED, HandoverStatus.COMPLETED})

IPT = ""  # the level without escalation: the interprofessional team itself
T = EscalationTarget
# Escalation levels, from the IPT up; management stands beside the care route (a school-level theme).
ESCALATION_UP: dict[str, frozenset[str]] = {
    IPT: frozenset({T.SUPPORT_TEAM, T.MANAGEMENT, T.SPECIALIST_CARE, T.VEILIG_THUIS}),
    T.SUPPORT_TEAM: frozenset({T.SUPPORT_TEAM_PLUS, T.SPECIALIST_CARE, T.VEILIG_THUIS, T.MANAGEMENT}),
    T.SUPPORT_TEAM_PLUS: frozenset({T.SPECIALIST_CARE, T.VEILIG_THUIS, T.MANAGEMENT}),
    T.SPECIALIST_CARE: frozenset({T.VEILIG_THUIS}),
    T.MANAGEMENT: frozenset({T.SUPPORT_TEAM, T.SPECIALIST_CARE, T.VEILIG_THUIS}),
    T.VEILIG_THUIS: frozenset(),
}
ESCALATION_DOWN: dict[str, frozenset[str]] = {
    IPT: frozenset(),
    T.SUPPORT_TEAM: frozenset({IPT}),
    T.SUPPORT_TEAM_PLUS: frozenset({T.SUPPORT_TEAM, IPT}),
    T.SPECIALIST_CARE: frozenset({T.SUPPORT_TEAM_PLUS, T.SUPPORT_TEAM, IPT}),
    T.MANAGEMENT: frozenset({IPT}),
    T.VEILIG_THUIS: frozenset({T.SPECIALIST_CARE, T.SUPPORT_TEAM_PLUS, T.SUPPORT_TEAM, IPT}),
}


def level_label(level: str) -> str:
    return str(EscalationTarget(level).label) if level else _("interprofessioneel team")


def _refuse(current_label: str, target_label: str, what: str) -> ValidationError:
    return ValidationError(_("%(what)s kan niet van ‘%(from)s’ naar ‘%(to)s’.") % {
        "what": what, "from": current_label, "to": target_label})


def check_signal_transition(current: str, target: str) -> None:
    if target not in SIGNAL_TRANSITIONS.get(current, {}):
        raise _refuse(SignalStatus(current).label, SignalStatus(target).label, _("Dit signaal"))


def check_case_transition(current: str, target: str) -> None:
    if target not in CASE_TRANSITIONS.get(current, {}):
        raise _refuse(CaseStatus(current).label, CaseStatus(target).label, _("Deze casus"))


def check_handover_transition(current: str, target: str) -> None:
    if target not in HANDOVER_TRANSITIONS.get(current, {}):
        raise _refuse(HandoverStatus(current).label, HandoverStatus(target).label, _("Deze overdracht"))


def escalation_direction(current: str, target: str) -> str:
    """'up' or 'down' for an allowed step; a refused step raises ValidationError with a Dutch message."""
    if target in ESCALATION_UP.get(current, frozenset()):
        return "up"
    if target in ESCALATION_DOWN.get(current, frozenset()):
        return "down"
    raise ValidationError(_("Van ‘%(from)s’ kan niet worden op- of afgeschaald naar ‘%(to)s’.") % {
        "from": level_label(current), "to": level_label(target)})
