"""The access layer of signals, cases and handovers: consent-based, need-to-know. Default deny.

A case is visible only
- to its members (the regiehouder is always a member): members who work at the case's school by that
  relationship; members from any other organisation only while a valid consent (purpose "case") of every
  pupil in the case names them — withdrawing the consent ends their access at once;
- to the school's core team (its IB'er or process facilitator, and the members of the core layer) while a
  valid consent (purpose "core team") of every pupil names the school — read only;
- to a professional with emergency access (noodtoegang) to one of its pupils, until it expires — read only,
  every read flagged in the access log;
- after a handover, to the sender as far as the handover allows (read only, until a date).
A guest on the empty chair never sees a case: only what a meeting shares, in that meeting. Policy and admin
roles see nothing here.

A signal is visible to the school's core team, to whoever it was addressed to (the IB'er), to the participants
of cases opened from it, and — what they raised and how it ended — to the one who raised it. Class and school
signals are visible to every member of the school's IPT; a guest sees a signal only through an agenda item its
meeting shares, while the invitation lasts."""

from dataclasses import dataclass, field
from datetime import date

import rules
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import pupil_memberships
from werkplaats.consent import policy
from werkplaats.consent.models import Consent, Purpose
from werkplaats.consent.permissions import has_recording_role
from werkplaats.consent.selectors import consent_covering, places_of
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Pupil
from werkplaats.pupils.permissions import has_pupil_relationship, is_privacy_officer
from werkplaats.teams.models import Team
from werkplaats.teams.permissions import TeamAccess, school_manager_scope, team_access

from .models import Case, CaseMember, EmergencyAccess, Handover, Signal


class Basis:
    COORDINATOR = "coordinator"
    MEMBER = "member"
    RETAINED = "retained"
    CORE_TEAM = "core_team"
    EMERGENCY = "emergency"


AUTHORISATION_TEXT = {
    Basis.COORDINATOR: "regiehouder van de casus",
    Basis.MEMBER: "betrokkene bij de casus",
    Basis.RETAINED: "afzender van een warme overdracht (inzage volgens de afspraak)",
    Basis.CORE_TEAM: "kernteam van de school, met toestemming",
    Basis.EMERGENCY: "noodtoegang",
}


@dataclass(frozen=True)
class CaseAccess:
    basis: str = ""
    consents: tuple[Consent, ...] = ()
    emergency: EmergencyAccess | None = None
    withheld: frozenset[str] = frozenset()
    school_manager: bool = False

    @property
    def can_view(self) -> bool:
        return bool(self.basis)

    @property
    def can_edit(self) -> bool:
        return self.basis in (Basis.COORDINATOR, Basis.MEMBER)

    @property
    def can_manage(self) -> bool:
        """Members, regiehouder, escalation, closing: the regiehouder, or a member who runs the school's IPT."""
        return self.basis == Basis.COORDINATOR or (self.basis == Basis.MEMBER and self.school_manager)

    @property
    def is_emergency(self) -> bool:
        return self.basis == Basis.EMERGENCY

    @property
    def authorisation(self) -> str:
        text = AUTHORISATION_TEXT.get(self.basis, "")
        if self.emergency is not None:
            text = f"{text}: {self.emergency.reason}"
        return text

    @property
    def consent_text(self) -> str:
        return ", ".join(f"toestemming {c.uuid}" for c in self.consents)


NO_ACCESS = CaseAccess()


def _team_access(user: User, school_id: int) -> TeamAccess | None:
    """The user's access to the IPT of the school (None: the school has no team); memoised per request."""
    cache: dict[int, TeamAccess | None] = user.__dict__.setdefault("_school_team_access", {})
    if school_id not in cache:
        team = Team.objects.filter(school_id=school_id).first()
        cache[school_id] = team_access(user, team) if team is not None else None
    return cache[school_id]


def is_core_team(user: User, school_id: int) -> bool:
    """The school's core team: its IPT managers (IB'er, process facilitator) and the members of the core layer."""
    access = _team_access(user, school_id) if user.is_authenticated else None
    return access is not None and (access.manage or Team.Layer.CORE in access.member_layers)


def is_ipt_member(user: User, school_id: int) -> bool:
    access = _team_access(user, school_id) if user.is_authenticated else None
    return access is not None and (access.manage or access.is_member)


def manages_school(user: User, school_id: int) -> bool:
    if not user.is_authenticated:
        return False
    cache: dict[int, bool] = user.__dict__.setdefault("_manages_school", {})
    if school_id not in cache:
        cache[school_id] = School.objects.filter(pk=school_id).filter(school_manager_scope(user)).exists()
    return cache[school_id]


def works_at_school(user: User, school_id: int) -> bool:
    return user.is_authenticated and pupil_memberships(user=user).filter(school_id=school_id).exists()


def _consents_for_all(pupils: list[Pupil], purpose: str, places: list[policy.Place], on: date
                      ) -> tuple[Consent, ...] | None:
    found = []
    for pupil in pupils:
        consent = consent_covering(pupil=pupil, purpose=purpose, places=places, on=on)
        if consent is None:
            return None
        found.append(consent)
    return tuple(found)


def _withheld(consents: tuple[Consent, ...], places: list[policy.Place]) -> frozenset[str]:
    organisations = {p.organisation_id for p in places if p.organisation_id}
    withheld: set[str] = set()
    for consent in consents:
        withheld |= policy.withheld_for(consent, organisations)
    return frozenset(withheld)


def case_access(user: User, case: Case, on: date | None = None) -> CaseAccess:
    """How the user may see the case today; memoised per request on the user object."""
    if user is None or not user.is_authenticated or case is None:
        return NO_ACCESS
    cache: dict[tuple[int, date | None], CaseAccess] = user.__dict__.setdefault("_case_access", {})
    key = (case.pk, on)
    if key not in cache:
        cache[key] = _case_access(user, case, on or timezone.localdate())
    return cache[key]


def forget_case_access(*users: User | None) -> None:
    """After a write that changes who sees what: drop what was memoised on these user objects."""
    for user in users:
        if user is not None:
            for key in ("_case_access", "_school_team_access", "_manages_school", "_team_access"):
                user.__dict__.pop(key, None)


def _case_access(user: User, case: Case, on: date) -> CaseAccess:
    places = places_of(user)
    if not places:
        return NO_ACCESS
    pupils = list(case.pupils.all())
    in_school = any(place.school_id == case.school_id for place in places)
    manager = manages_school(user, case.school_id)
    member = CaseMember.objects.filter(case=case, user=user, left_at__isnull=True).first()
    if member is not None and member.read_only_until is not None:
        if on <= member.read_only_until:
            return CaseAccess(basis=Basis.RETAINED)
    elif member is not None:
        consents = () if in_school else _consents_for_all(pupils, Purpose.CASE, places, on)
        if consents is not None:
            basis = Basis.COORDINATOR if case.coordinator_id == user.pk else Basis.MEMBER
            return CaseAccess(basis=basis, consents=consents, withheld=_withheld(consents, places),
                              school_manager=manager)
    if is_core_team(user, case.school_id):
        consents = _consents_for_all(pupils, Purpose.CORE_TEAM, [policy.Place(school_id=case.school_id)], on)
        if consents is not None:
            return CaseAccess(basis=Basis.CORE_TEAM, consents=consents, withheld=_withheld(consents, places))
    emergency = (
        EmergencyAccess.objects.filter(user=user, pupil__in=pupils, expires_at__gt=timezone.now())
        .order_by("-expires_at").first()
    )
    if emergency is not None:
        return CaseAccess(basis=Basis.EMERGENCY, emergency=emergency)
    return NO_ACCESS


def participates_in_case_of(user: User, pupil: Pupil) -> bool:
    """Whether the user is a full participant (member or regiehouder) of an open case of the pupil."""
    cases = Case.objects.filter(pupils=pupil, status=Case.Status.OPEN, members__user=user,
                                members__left_at__isnull=True).distinct()
    return any(case_access(user, case).can_edit for case in cases)


# ---------------------------------------------------------------------------------------------------------
# Signals


@dataclass(frozen=True)
class SignalAccess:
    full: bool = False  # the signal, its consultations, and acting on it
    raiser: bool = False  # what they raised, and how it ended
    guest: bool = False  # through an agenda item shared with the guests of a meeting
    consult: bool = False  # schedule, consult, conclude: the core team
    reasons: tuple[str, ...] = field(default_factory=tuple)

    @property
    def can_view(self) -> bool:
        return self.full or self.raiser or self.guest

    @property
    def authorisation(self) -> str:
        return ", ".join(self.reasons)


def signal_access(user: User, signal: Signal) -> SignalAccess:
    if user is None or not user.is_authenticated or signal is None or not places_of(user):
        return SignalAccess()
    reasons = []
    core = is_core_team(user, signal.school_id)
    if core:
        reasons.append("kernteam van de school")
    if signal.addressed_to_id == user.pk:
        reasons.append("signaal ingebracht bij deze gebruiker")
    if signal.level != Signal.Level.CHILD and not core and is_ipt_member(user, signal.school_id):
        reasons.append("lid van het interprofessioneel team (klas- of schoolniveau)")
    if any(case_access(user, case).can_view for case in signal.cases.all()):
        reasons.append("betrokkene bij een casus uit dit signaal")
    full = bool(reasons)
    raiser = signal.raised_by_id == user.pk
    if raiser:
        reasons.append("inbrenger van het signaal")
    guest = not full and not raiser and _guest_of_shared_item(user, signal)
    if guest:
        reasons.append("gast op de lege stoel (gedeeld agendapunt)")
    return SignalAccess(full=full, raiser=raiser, guest=guest, consult=core, reasons=tuple(reasons))


def _guest_of_shared_item(user: User, signal: Signal) -> bool:
    from werkplaats.teams.permissions import active_guest

    items = signal.agenda_items.filter(shared_with_guests=True, meeting__guests__user=user).select_related("meeting")
    return any(active_guest(user, item.meeting) is not None for item in items)


def can_raise_signal(user: User, school: School) -> bool:
    """Any member of the school's IPT, and the school's own staff (a teacher raises it to the IB'er)."""
    if not user.is_authenticated or not places_of(user):
        return False
    return is_ipt_member(user, school.pk) or works_at_school(user, school.pk)


# ---------------------------------------------------------------------------------------------------------
# Handovers


@dataclass(frozen=True)
class HandoverAccess:
    sender: bool = False
    receiver: bool = False

    @property
    def can_view(self) -> bool:
        return self.sender or self.receiver


RECEIVER_SEES = frozenset({Handover.Status.SENT, Handover.Status.ACCEPTED, Handover.Status.COMPLETED})


def is_handover_receiver(user: User, handover: Handover) -> bool:
    if handover.to_user_id is not None:
        return handover.to_user_id == user.pk
    return handover.to_school_id is not None and manages_school(user, handover.to_school_id)


def handover_access(user: User, handover: Handover) -> HandoverAccess:
    if user is None or not user.is_authenticated or handover is None or not places_of(user):
        return HandoverAccess()
    sender = handover.sender_id == user.pk
    receiver = (
        handover.status in RECEIVER_SEES
        and is_handover_receiver(user, handover)
        and (handover.consent_id is None
             or Consent.objects.filter(pk=handover.consent_id).filter(policy.valid_on_q(timezone.localdate())).exists())
    )
    return HandoverAccess(sender=sender, receiver=receiver)


# ---------------------------------------------------------------------------------------------------------
# Rules predicates


@rules.predicate
def can_view_case(user, case: Case) -> bool:
    return case_access(user, case).can_view


@rules.predicate
def can_edit_case(user, case: Case) -> bool:
    return case_access(user, case).can_edit


@rules.predicate
def can_manage_case(user, case: Case) -> bool:
    return case_access(user, case).can_manage


@rules.predicate
def can_view_signal(user, signal: Signal) -> bool:
    return signal_access(user, signal).can_view


@rules.predicate
def can_consult_signal(user, signal: Signal) -> bool:
    return signal_access(user, signal).consult


@rules.predicate
def can_view_handover(user, handover: Handover) -> bool:
    return handover_access(user, handover).can_view


can_request_emergency_access = has_recording_role & has_pupil_relationship
can_review_emergency_access = is_privacy_officer & has_pupil_relationship


@rules.predicate
def can_see_chronology(user, pupil: Pupil) -> bool:
    """The pupil's chronology: whoever sees the pupil through the school, or takes part in one of its cases."""
    if has_pupil_relationship(user, pupil):
        return True
    return any(case_access(user, case).can_view for case in Case.objects.filter(pupils=pupil))


@rules.predicate
def can_handle_proposals(user, school: School) -> bool:
    return is_core_team(user, school.pk)


rules.add_perm("cases.view_case", can_view_case)
rules.add_perm("cases.edit_case", can_edit_case)
rules.add_perm("cases.manage_case", can_manage_case)
rules.add_perm("cases.view_signal", can_view_signal)
rules.add_perm("cases.consult_signal", can_consult_signal)
rules.add_perm("cases.view_handover", can_view_handover)
rules.add_perm("cases.request_emergency_access", can_request_emergency_access)
rules.add_perm("cases.review_emergency_access", can_review_emergency_access)


def refusal_message_no_consent(organisation_name: str) -> str:
    return _("Er is geen geldige toestemming om deze gegevens te delen met %(organisation)s. Leg eerst de "
             "toestemming vast (wie gaf toestemming, voor welk doel, aan welke organisatie) en probeer het "
             "opnieuw.") % {"organisation": organisation_name}
