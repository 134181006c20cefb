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
from django.db.models import F, FilteredRelation, Q, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import access_scope
from werkplaats.consent import policy
from werkplaats.consent.models import Consent, Purpose
from werkplaats.consent.permissions import has_recording_role
from werkplaats.consent.selectors import ValidConsents, consents_valid_many, places_of
from werkplaats.core import request_cache
from werkplaats.core.prepared import PreparedQuery
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.pupils.permissions import has_pupil_relationship, is_privacy_officer
from werkplaats.pupils.selectors import sees_enrolment
from werkplaats.teams.models import Team
from werkplaats.teams.permissions import TeamAccess, manages_school_id, team_access

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


_TEAM_OF_SCHOOL = PreparedQuery(lambda school_id: Team.objects.select_related("school").filter(school_id=school_id)[:1],
                                school_id=int)


def school_team(school_id: int) -> Team | None:
    """The IPT of the school (with the school), read once per request."""
    return request_cache.memoise(("cases.school_team", school_id),
                                 lambda: next(iter(_TEAM_OF_SCHOOL.fetch(school_id=school_id)), None))


def remember_school_team(school: School) -> None:
    """Let `school_team` use the IPT read along with its school (`select_related("school__team")`)."""
    request_cache.memoise(("cases.school_team", school.pk), lambda: getattr(school, "team", None))


def _team_and_layers_of_school(school_id: int, user_id: int) -> QuerySet[Team]:
    """The IPT of the school (with the school), annotated with the `member_layer` and `member_organisation` of the
    user's row in it if that has a layer (None otherwise; a user has one row per team at most)."""
    return Team.objects.select_related("school").filter(school_id=school_id).annotate(
        row=FilteredRelation("stakeholders", condition=Q(stakeholders__user=user_id) & ~Q(stakeholders__layer="")),
        member_layer=F("row__layer"), member_organisation=F("row__organisation_id"),
    )


_TEAM_AND_LAYERS_OF_SCHOOL = PreparedQuery(_team_and_layers_of_school, school_id=int, user_id=int)


def _team_access(user: User, school_id: int) -> TeamAccess | None:
    """The user's access to the IPT of the school (None: the school has no team); memoised per request. Unless the
    team was read already, the team and the user's layers in it are read in one query."""
    cache: dict[int, TeamAccess | None] = user.__dict__.setdefault("_school_team_access", {})
    if school_id not in cache:
        rows: list[Team] = []

        def read() -> Team | None:
            rows.extend(_TEAM_AND_LAYERS_OF_SCHOOL.fetch(school_id=school_id, user_id=user.pk))
            return rows[0] if rows else None

        team = request_cache.memoise(("cases.school_team", school_id), read)
        layers = [(row.member_layer, row.member_organisation) for row in rows if row.member_layer is not None]
        cache[school_id] = team_access(user, team, layers if rows else None) if team is not None else None
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
        cache[school_id] = manages_school_id(user, school_id)
    return cache[school_id]


def works_at_school(user: User, school_id: int) -> bool:
    """Staff of the school today (the memoised memberships of the request; no query)."""
    return user.is_authenticated and any(place.school_id == school_id for place in places_of(user))


def _consents_for_all(pupil_ids: list[int], purpose: str, places: list[policy.Place],
                      valid: ValidConsents) -> tuple[Consent, ...] | None:
    """For every pupil the first valid consent for `purpose` that names one of the places, or None when a
    pupil has none. `valid` holds the consents valid on the day, newest first, and their terms."""
    found = []
    for pupil_id in pupil_ids:
        consent = next((c for c in valid.of(pupil_id, purpose) if policy.terms_cover(valid.terms[c.pk], places)),
                       None)
        if consent is None:
            return None
        found.append(consent)
    return tuple(found)


def _withheld(consents: tuple[Consent, ...], organisations: set[int], valid: ValidConsents) -> frozenset[str]:
    """What the consents withhold from someone working for these organisations."""
    withheld: set[str] = set()
    for consent in consents:
        withheld |= policy.terms_withhold(valid.terms[consent.pk], organisations)
    return frozenset(withheld)


_KEPT_PUPILS = "_kept_pupils"


def keep_pupils(case: Case, pupils: list[Pupil]) -> None:
    """Keep the pupils read with a listed case for `pupils_of` and the access layer. Not as the prefetched
    `case.pupils.all()`: building that queryset (a related manager and its filter, as prefetch_related does) cost
    30 µs a case, more than deciding it. What shows listed cases reads their pupils with `pupils_of`."""
    case.__dict__[_KEPT_PUPILS] = pupils


def pupils_of(case: Case) -> list[Pupil]:
    """The case's pupils: those kept (`keep_pupils`) or prefetched with it, without a related manager; otherwise
    `case.pupils.all()`."""
    kept = case.__dict__.get(_KEPT_PUPILS)
    if kept is not None:
        return kept
    cached = case.__dict__.get("_prefetched_objects_cache", {}).get("pupils")
    return list(case.pupils.all()) if cached is None or cached._result_cache is None else cached._result_cache


def case_access(user: User, case: Case, on: date | None = None) -> CaseAccess:
    """How the user may see the case today; memoised per request on the user object."""
    if case is None:
        return NO_ACCESS
    return case_access_many(user, [case], on)[case.pk]


def case_access_many(user: User, cases: list[Case], on: date | None = None) -> dict[int, CaseAccess]:
    """How the user may see each of the cases (by pk): the same rules as `case_access`, decided for a whole list
    with a fixed number of queries; memoised per request on the user object."""
    if user is None or not user.is_authenticated:
        return {case.pk: NO_ACCESS for case in cases}
    cache: dict[tuple[int, date | None], CaseAccess] = user.__dict__.setdefault("_case_access", {})
    todo = list({case.pk: case for case in cases if (case.pk, on) not in cache}.values())
    if todo:
        for case, access in zip(todo, _case_access_batch(user, todo, on or timezone.localdate()), strict=True):
            cache[(case.pk, on)] = access
    return {case.pk: cache[(case.pk, on)] for case in cases}


def forget_case_access(*users: User | None) -> None:
    """After a write that changes who sees what: drop what was memoised on these user objects."""
    for user in users:
        if user is not None:
            for key in ("_case_access", "_school_team_access", "_manages_school", "_team_access",
                        "_core_school_ids", "_ipt_school_ids", "_member_layers", "_consent_places",
                        "_pupil_enrolments", "_valid_consents"):
                user.__dict__.pop(key, None)


def valid_consents(user: User, pupil_ids: list[int], purposes: list[str], on: date, full: bool = True
                   ) -> ValidConsents:
    """`consents_valid_many`, memoised per request on the user object: the case page reads the same consents to
    decide the access and to show them (forget_case_access drops them)."""
    cache: dict[tuple, ValidConsents] = user.__dict__.setdefault("_valid_consents", {})
    key = (frozenset(pupil_ids), frozenset(purposes), on, full)
    if key not in cache:
        cache[key] = consents_valid_many(pupil_ids=pupil_ids, purposes=purposes, on=on, full=full)
    return cache[key]


def _case_access_batch(user: User, cases: list[Case], on: date) -> list[CaseAccess]:
    """In order, per case: a current membership (the regiehouder and members; members from outside the school
    with a consent "case" of every pupil; a retained read after a handover), then the core team with a consent
    "core team" of every pupil, then emergency access to one of its pupils."""
    places = places_of(user)
    if not places:
        return [NO_ACCESS] * len(cases)
    prefetch_related_objects([case for case in cases if _KEPT_PUPILS not in case.__dict__], "pupils")
    pupils = {case.pk: [p.pk for p in pupils_of(case)] for case in cases}
    members: dict[int, date | None] = {}  # case id: read only until (of the first current membership)
    for case_id, read_only_until in _current_memberships(user, cases):
        members.setdefault(case_id, read_only_until)
    school_ids = {place.school_id for place in places}
    organisations = {place.organisation_id for place in places if place.organisation_id}
    decided: dict[int, CaseAccess] = {}
    by_consent = []
    for case in cases:
        if case.pk not in members:
            continue
        read_only_until = members[case.pk]
        if read_only_until is not None:
            if on <= read_only_until:
                decided[case.pk] = CaseAccess(basis=Basis.RETAINED)
        elif case.school_id in school_ids:
            decided[case.pk] = _member_access(user, case, (), frozenset())
        else:
            by_consent.append(case)
    # One case (its page shows both kinds of consent): both purposes in one read, whole; a list: what each way in
    # needs, and of each consent only what deciding reads.
    both = [Purpose.CASE, Purpose.CORE_TEAM] if len(cases) == 1 else None
    full = both is not None
    if by_consent:
        valid = valid_consents(user, [p for c in by_consent for p in pupils[c.pk]], both or [Purpose.CASE], on,
                               full)
        for case in by_consent:
            consents = _consents_for_all(pupils[case.pk], Purpose.CASE, places, valid)
            if consents is not None:
                decided[case.pk] = _member_access(user, case, consents, _withheld(consents, organisations, valid))
    core = [case for case in cases if case.pk not in decided and is_core_team(user, case.school_id)]
    if core:
        valid = valid_consents(user, [p for c in core for p in pupils[c.pk]], both or [Purpose.CORE_TEAM], on,
                               full)
        for case in core:
            consents = _consents_for_all(pupils[case.pk], Purpose.CORE_TEAM,
                                         [policy.Place(school_id=case.school_id)], valid)
            if consents is not None:
                decided[case.pk] = CaseAccess(basis=Basis.CORE_TEAM, consents=consents,
                                              withheld=_withheld(consents, organisations, valid))
    rest = [case for case in cases if case.pk not in decided]
    if rest:
        emergencies = list(EmergencyAccess.objects.filter(
            user=user, pupil__in={p for c in rest for p in pupils[c.pk]}, expires_at__gt=timezone.now(),
        ).order_by("-expires_at"))
        for case in rest:
            ids = set(pupils[case.pk])
            emergency = next((e for e in emergencies if e.pupil_id in ids), None)
            if emergency is not None:
                decided[case.pk] = CaseAccess(basis=Basis.EMERGENCY, emergency=emergency)
    return [decided.get(case.pk, NO_ACCESS) for case in cases]


_MEMBERSHIPS_IN_CASE = PreparedQuery(
    lambda case_id, user_id: CaseMember.objects.filter(case=case_id, user=user_id, left_at__isnull=True)
    .order_by("created", "pk").only("case", "read_only_until"), case_id=int, user_id=int)
_MEMBERSHIPS_OF_USER = PreparedQuery(
    lambda user_id: CaseMember.objects.filter(user=user_id, left_at__isnull=True).order_by("created", "pk")
    .values_list("case_id", "read_only_until"), user_id=int)


def _current_memberships(user: User, cases: list[Case]) -> list[tuple[int, date | None]]:
    """(case id, read only until) of the user's current memberships of the cases, oldest first; a query compiled
    once: for one case (its page) of that case, for a list all the user's current ones, kept for the listed."""
    if len(cases) == 1:
        return [(m.case_id, m.read_only_until) for m in _MEMBERSHIPS_IN_CASE.fetch(case_id=cases[0].pk,
                                                                                   user_id=user.pk)]
    ids = {case.pk for case in cases}
    return [row for row in _MEMBERSHIPS_OF_USER.fetch(user_id=user.pk) if row[0] in ids] if ids else []


def _member_access(user: User, case: Case, consents: tuple[Consent, ...], withheld: frozenset[str]) -> CaseAccess:
    basis = Basis.COORDINATOR if case.coordinator_id == user.pk else Basis.MEMBER
    return CaseAccess(basis=basis, consents=consents, withheld=withheld,
                      school_manager=manages_school(user, case.school_id))


def participates_in_case_of(user: User, pupil: Pupil) -> bool:
    """Whether the user is a full participant (member or regiehouder) of an open case of the pupil."""
    cases = Case.objects.filter(pupils=pupil, status=Case.Status.OPEN, members__user=user,
                                members__left_at__isnull=True).distinct()
    return any(access.can_edit for access in case_access_many(user, list(cases)).values())


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
    if signal is None:
        return SignalAccess()
    return signal_access_many(user, [signal])[signal.pk]


def signal_access_many(user: User, signals: list[Signal], cases_of: dict[int, list[Case]] | None = None
                       ) -> dict[int, SignalAccess]:
    """`signal_access` for a list (by pk): the cases opened from the signals (`cases_of`, by signal id; by default
    `signal.cases`) decided together, the agenda items shared with guests read in one query."""
    if user is None or not user.is_authenticated or not places_of(user):
        return {signal.pk: SignalAccess() for signal in signals}
    if cases_of is None:
        cases_of = {signal.pk: list(signal.cases.all()) for signal in signals}
    case_access_of = case_access_many(user, [case for signal in signals for case in cases_of.get(signal.pk, [])])
    decided: dict[int, tuple[bool, bool, bool, list[str]]] = {}
    for signal in signals:
        reasons = []
        core = is_core_team(user, signal.school_id)
        if core:
            reasons.append("kernteam van de school")
        if signal.addressed_to_id == user.pk:
            reasons.append("signaal ingebracht bij deze gebruiker")
        if signal.level != Signal.Level.CHILD and not core and is_ipt_member(user, signal.school_id):
            reasons.append("lid van het interprofessioneel team (klas- of schoolniveau)")
        if any(case_access_of[case.pk].can_view for case in cases_of.get(signal.pk, [])):
            reasons.append("betrokkene bij een casus uit dit signaal")
        full = bool(reasons)
        raiser = signal.raised_by_id == user.pk
        if raiser:
            reasons.append("inbrenger van het signaal")
        decided[signal.pk] = (full, raiser, core, reasons)
    guest_of = _guests_of_shared_items(user, [pk for pk, (full, raiser, *_rest) in decided.items()
                                              if not full and not raiser])
    access: dict[int, SignalAccess] = {}
    for pk, (full, raiser, core, reasons) in decided.items():
        if pk in guest_of:
            reasons.append("gast op de lege stoel (gedeeld agendapunt)")
        access[pk] = SignalAccess(full=full, raiser=raiser, guest=pk in guest_of, consult=core, reasons=tuple(reasons))
    return access


def _guests_of_shared_items(user: User, signal_ids: list[int]) -> set[int]:
    """Of these signals, those on an agenda item shared with the guests of a meeting the user is a guest of
    today (one query for the items)."""
    from werkplaats.teams.models import AgendaItem
    from werkplaats.teams.permissions import active_guest

    if not signal_ids:
        return set()
    found: set[int] = set()
    for item in AgendaItem.objects.filter(signal__in=signal_ids, shared_with_guests=True,
                                          meeting__guests__user=user).select_related("meeting"):
        if item.signal_id not in found and active_guest(user, item.meeting) is not None:
            found.add(item.signal_id)
    return found


def can_raise_signal(user: User, school: School) -> bool:
    return can_raise_signal_at(user, school.pk)


def can_raise_signal_at(user: User, school_id: int) -> bool:
    """Any member of the school's IPT, and the school's own staff (a teacher raises it to the IB'er; checked
    first: it needs no query)."""
    if not user.is_authenticated or not places_of(user):
        return False
    return works_at_school(user, school_id) or is_ipt_member(user, school_id)


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
    if handover is None:
        return HandoverAccess()
    return handover_access_many(user, [handover])[handover.pk]


_VALID_CONSENTS = PreparedQuery(lambda consent_ids, on: Consent.objects.filter(pk__in=consent_ids).filter(
    policy.valid_on_q(on)).values_list("pk"), consent_ids=list, on=date)


def handover_access_many(user: User, handovers: list[Handover]) -> dict[int, HandoverAccess]:
    """`handover_access` for a list (by pk): the sender always; the receiver while the handover is sent, accepted
    or completed and the consent it rests on (if any) is still valid — checked for all in one query."""
    if user is None or not user.is_authenticated or not places_of(user):
        return {handover.pk: HandoverAccess() for handover in handovers}
    received = [h for h in handovers if h.status in RECEIVER_SEES and is_handover_receiver(user, h)]
    consent_ids = {h.consent_id for h in received if h.consent_id is not None}
    valid = {pk for (pk,) in _VALID_CONSENTS.fetch(consent_ids=sorted(consent_ids), on=timezone.localdate())}
    receiver = {h.pk for h in received if h.consent_id is None or h.consent_id in valid}
    return {h.pk: HandoverAccess(sender=h.sender_id == user.pk, receiver=h.pk in receiver) for h in handovers}


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


_ENROLMENTS_OF_PUPIL = PreparedQuery(lambda pupil_id: Enrolment.objects.filter(pupil_id=pupil_id).only(
    "enrolled_from", "enrolled_until", "pupil_number", "school_id", "group"), pupil_id=int)


def visible_enrolments(user: User, pupil: Pupil) -> list[tuple[date, str, int]]:
    """(enrolled from, pupil number, id) of the pupil's enrolments the user may see (`enrolments_visible_to`),
    memoised per request on the user object: the chronology asks whether the user sees the pupil, and then for
    the enrolments of today."""
    cache: dict[int, list[tuple[date, str, int]]] = user.__dict__.setdefault("_pupil_enrolments", {})
    if pupil.pk not in cache:
        # The pupil's few enrolments, decided in Python (`sees_enrolment`): the filter on the user's schools
        # can name hundreds of them.
        scope, today = access_scope(user=user), timezone.localdate()
        enrolments = [] if scope.is_empty else _ENROLMENTS_OF_PUPIL.fetch(pupil_id=pupil.pk)
        cache[pupil.pk] = [(e.enrolled_from, e.pupil_number, e.pk) for e in enrolments
                           if sees_enrolment(scope, e, pupil.home_municipality_id, today)]
    return cache[pupil.pk]


def sees_pupil(user: User, pupil: Pupil) -> bool:
    """`has_pupil_relationship` (a visible enrolment of the pupil), from `visible_enrolments`."""
    return user.is_authenticated and bool(visible_enrolments(user, pupil))


@rules.predicate
def can_see_chronology(user, pupil: Pupil) -> bool:
    """The pupil's chronology: whoever sees the pupil through the school, or takes part in one of its cases."""
    return sees_chronology(user, pupil)


def sees_chronology(user: User, pupil: Pupil, cases: list[Case] | None = None) -> bool:
    """`can_see_chronology`, with the pupil's cases when the caller has read them already."""
    if sees_pupil(user, pupil):
        return True
    cases = list(Case.objects.filter(pupils=pupil)) if cases is None else cases
    return any(access.can_view for access in case_access_many(user, cases).values())


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
