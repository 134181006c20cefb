"""Reads of signals, cases, plans, handovers and proposals — all through the access layer (permissions.py).
Every read that shows a pupil's data writes the access log (with the consent it rests on and the emergency
flag); a refused read is logged too and answers 404, the same as a missing one."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.paginator import Page, Paginator
from django.db import connection, router
from django.db.models import (
    BigIntegerField,
    Count,
    DateField,
    DateTimeField,
    F,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
)
from django.db.models.functions import Cast
from django.db.models.lookups import IContains
from django.http import Http404
from django.utils import timezone

from werkplaats.accounts.models import User
from werkplaats.audit.services import Action as LogAction
from werkplaats.audit.services import LoggedObject, Outcome, access_log_write, access_log_write_each
from werkplaats.consent.models import Purpose, Section
from werkplaats.consent.selectors import ConsentStatus, consent_status, places_of
from werkplaats.core import request_cache
from werkplaats.core.prepared import PreparedQuery, prepared_shape
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.pupils.permissions import is_privacy_officer
from werkplaats.pupils.selectors import enrolments_visible_to, pupils_visible_to
from werkplaats.teams.models import Action, Meeting, Team
from werkplaats.teams.permissions import (
    core_team_of,
    managed_school_ids,
    member_layers_by_school,
)
from werkplaats.teams.selectors import people_around

from . import content, workflow
from .models import (
    CarePlanStep,
    CarePlanVersion,
    Case,
    CaseEvent,
    CaseMember,
    CollectiveProposal,
    Consultation,
    Contribution,
    EmergencyAccess,
    Escalation,
    Evaluation,
    Handover,
    Signal,
)
from .permissions import (
    RECEIVER_SEES,
    CaseAccess,
    HandoverAccess,
    SignalAccess,
    can_handle_proposals,
    can_raise_signal,
    can_raise_signal_at,
    can_request_emergency_access,
    can_review_emergency_access,
    case_access,
    case_access_many,
    handover_access,
    handover_access_many,
    keep_pupils,
    pupils_of,
    remember_school_team,
    school_team,
    sees_chronology,
    sees_pupil,
    signal_access,
    signal_access_many,
    valid_consents,
    visible_enrolments,
)

PURPOSE_CASE = "ondersteuning in een casus"
PURPOSE_SIGNAL = "signalen en consultatie (IPT)"
PURPOSE_HANDOVER = "warme overdracht"


def _refused(user: User, event_type: str, object_type: str, uuid: Any, pupil_uuid: UUID | None, purpose: str,
             reason: str) -> None:
    access_log_write(user=user, event_type=event_type, action=LogAction.READ, object_type=object_type,
                     object_ids=[(str(uuid), pupil_uuid)], outcome=Outcome.REFUSED, purpose=purpose,
                     authorisation=reason)


def _log_case(user: User, case: Case, access: CaseAccess, event_type: str, purpose: str = PURPOSE_CASE) -> None:
    access_log_write(
        user=user, event_type=event_type, action=LogAction.READ, object_type="case",
        object_ids=[(str(case.uuid), p.uuid) for p in case.pupils.all()] or [(str(case.uuid), None)],
        purpose=purpose, authorisation=access.authorisation, consent=access.consent_text,
        emergency=access.is_emergency,
    )


# ---------------------------------------------------------------------------------------------------------
# Where the user stands


_SCHOOLS_WITH_TEAM = PreparedQuery(lambda school_ids: Team.objects.filter(school__in=school_ids).order_by()
                                   .values_list("school_id"), school_ids=list)


def core_school_ids(user: User) -> set[int]:
    """Schools whose core team the user is in (IPT managers and members of the core layer); memoised per
    request on the user object (forget_case_access drops it)."""
    if not user.is_authenticated or not places_of(user):
        return set()
    if "_core_school_ids" not in user.__dict__:
        managed = managed_school_ids(user)
        managed = {school_id for (school_id,) in _SCHOOLS_WITH_TEAM.fetch(school_ids=sorted(managed))}
        layers = _member_layers(user)
        user.__dict__["_core_school_ids"] = frozenset(managed) | frozenset(
            school_id for school_id, found in layers.items() if Team.Layer.CORE in found)
    return set(user.__dict__["_core_school_ids"])


def _member_layers(user: User) -> dict[int, frozenset[str]]:
    if "_member_layers" not in user.__dict__:
        user.__dict__["_member_layers"] = member_layers_by_school(user)
    return user.__dict__["_member_layers"]


def ipt_school_ids(user: User) -> set[int]:
    if not user.is_authenticated or not places_of(user):
        return set()
    if "_ipt_school_ids" not in user.__dict__:
        user.__dict__["_ipt_school_ids"] = frozenset(core_school_ids(user) | set(_member_layers(user)))
    return set(user.__dict__["_ipt_school_ids"])


def _staff_school_ids(user: User) -> set[int]:
    return {p.school_id for p in places_of(user) if p.school_id}


def _signal_school_candidates(user: User) -> QuerySet[School]:
    if not user.is_authenticated or not places_of(user):
        return School.objects.none()
    return School.objects.filter(pk__in=ipt_school_ids(user) | _staff_school_ids(user)).order_by("name")


def schools_for_signals(*, user: User) -> list[School]:
    """Schools where the user may raise a signal: as a member of its IPT or as its staff."""
    return [school for school in _signal_school_candidates(user) if can_raise_signal(user, school)]


def may_raise_signals(*, user: User) -> bool:
    """Whether there is a school where the user may raise a signal (checked up to the first one, the schools where
    the user works first: they need no query)."""
    if not user.is_authenticated or not places_of(user):
        return False
    staff = _staff_school_ids(user)
    return any(can_raise_signal_at(user, school_id) for school_id in [*staff, *(ipt_school_ids(user) - staff)])


def school_for_signals(*, user: User, uuid: UUID) -> School:
    school = next((s for s in schools_for_signals(user=user) if s.uuid == uuid), None)
    if school is None:
        raise Http404
    return school


def pupils_for_signal(*, user: User, school: School) -> list[Enrolment]:
    """The pupils of the school the user may raise a signal about (a teacher: their groups); logged."""
    today = timezone.localdate()
    rows = list(
        enrolments_visible_to(user=user).filter(school=school, enrolled_from__lte=today)
        .select_related("pupil").order_by("group", "pupil__family_name", "pupil__given_name", "pk")
    )
    if rows:
        access_log_write(user=user, event_type="pupil.list", action=LogAction.READ, object_type="pupil",
                         object_ids=[(str(e.pupil.uuid), e.pupil.uuid) for e in rows],
                         purpose="signaal inbrengen: keuze van de leerling",
                         authorisation="relatie met de school van de leerling (lidmaatschap met rol)")
    return rows


def groups_for_signal(*, user: User, school: School) -> list[str]:
    return sorted(set(enrolments_visible_to(user=user).filter(school=school).values_list("group", flat=True)))


# ---------------------------------------------------------------------------------------------------------
# Signals


def _candidate_case_ids(user_id: int, now: datetime, core: list[int]) -> QuerySet:
    """The ids of the cases the user might see (`_case_candidates`) as one subquery: the union of the three ways in
    of `_read_case_candidate_ids` — member, core team of the school (`core`), emergency access to one of its pupils."""
    member = CaseMember.objects.filter(user=user_id, left_at__isnull=True).order_by().values_list("case")
    emergency = EmergencyAccess.objects.filter(user=user_id, expires_at__gt=now).values("pupil")
    others = [Case.objects.filter(pupils__in=emergency).order_by().values_list("pk")]
    if core:
        others.append(Case.objects.filter(school__in=core).order_by().values_list("pk"))
    return member.union(*others)


def _cases_elsewhere(user_id: int, now: datetime, core: list[int]) -> QuerySet[Case]:
    """The cases opened from a signal of a school whose core team the user is not in, among the cases the user
    might see."""
    return (Case.objects.filter(pk__in=_candidate_case_ids(user_id, now, core), signal__isnull=False)
            .exclude(signal__school__in=core).only("school", "signal", "coordinator").order_by())


_CASES_ELSEWHERE = PreparedQuery(_cases_elsewhere, user_id=int, now=datetime, core=list)


def _signals_from_cases(user: User, core: set[int]) -> list[int]:
    """The signals outside the user's core teams that a case the user may see was opened from (one query)."""
    elsewhere = _CASES_ELSEWHERE.fetch(user_id=user.pk, now=timezone.now(), core=sorted(core))
    access_of = case_access_many(user, elsewhere)
    return sorted({case.signal_id for case in elsewhere if access_of[case.pk].can_view})


def _visible_signals(user_id: int, core: list[int], ipt: list[int], from_cases: list[int]) -> Q:
    """The core team's schools let in all their signals; the other schools of the user's IPTs their class and school
    signals; elsewhere a visible case opened from a signal does."""
    return (Q(school__in=core) | Q(addressed_to=user_id) | Q(raised_by=user_id)
            | (~Q(level=Signal.Level.CHILD) & Q(school__in=ipt)) | Q(pk__in=from_cases))


def signals_visible_to(*, user: User) -> QuerySet[Signal]:
    """Signals the user may see (not logged; the callers log what they show)."""
    if not user.is_authenticated or not places_of(user):
        return Signal.objects.none()
    core = core_school_ids(user)
    return Signal.objects.filter(_visible_signals(user.pk, sorted(core), sorted(ipt_school_ids(user) - core),
                                                  _signals_from_cases(user, core)))


def _log_signals(user: User, signals: list[Signal], event_type: str) -> None:
    _log_signal_ids(user, [(str(s.uuid), s.pupil.uuid if s.pupil_id else None) for s in signals], event_type)


def _log_signal_ids(user: User, object_ids: list[tuple[str, UUID | None]], event_type: str) -> None:
    """Log the signals listed, as (signal uuid, uuid of its pupil or None)."""
    if object_ids:
        access_log_write(
            user=user, event_type=event_type, action=LogAction.READ, object_type="signal", object_ids=object_ids,
            purpose=PURPOSE_SIGNAL, authorisation="kernteam, inbrenger of betrokkene",
        )


# What the signal list and the API show of a signal and the rows read with it (`SignalOutput`, `signal_rows`).
SIGNAL_LISTED = ("uuid", "created", "school__uuid", "school__code", "school__name", "level", "pupil__uuid",
                 "pupil__given_name", "pupil__family_name", "group", "category", "urgency", "status", "seen_in_school",
                 "seen_outside_school", "advice", "escalation", "raised_by__first_name", "raised_by__last_name")


def _signal_list_query(status: str, by_school: bool, limit: int, rows: bool) -> Callable[..., QuerySet[Signal]]:
    """The signal list's query of one shape: the status filter ("open", "one" or "all"), whether by school, the
    limit, and whether as rows of the values of `SIGNAL_LISTED` (`signal_list_rows`) or as signals."""
    def build(user_id: int, core: list[int], ipt: list[int], case: list[int], status_value: str = "",
              school: UUID | None = None) -> QuerySet[Signal]:
        signals = Signal.objects.filter(_visible_signals(user_id, core, ipt, case))
        if status == "open":
            signals = signals.filter(status__in=workflow.SIGNAL_OPEN)
        elif status == "one":
            signals = signals.filter(status=status_value)
        if by_school:
            signals = signals.filter(school__uuid=school)
        signals = signals.order_by("-created", "-pk")
        if rows:
            return signals.values_list(*SIGNAL_LISTED)[:limit]
        return signals.select_related("school", "pupil", "raised_by").only(*SIGNAL_LISTED)[:limit]
    return build


def _signal_list_fetch(user: User, status: str, school_uuid: UUID | None, limit: int, rows: bool) -> list[Any]:
    """The rows of `signal_list` (not logged); its query is compiled once per shape (`_signal_list_query`)."""
    core = core_school_ids(user)
    kind = "open" if status == "open" else "one" if status else "all"
    parameters: dict[str, type] = {"user_id": int, "core": list, "ipt": list, "case": list}
    values: dict[str, Any] = {"user_id": user.pk, "core": sorted(core), "ipt": sorted(ipt_school_ids(user) - core),
                              "case": _signals_from_cases(user, core)}
    if kind == "one":
        parameters["status_value"], values["status_value"] = str, status
    if school_uuid:
        parameters["school"], values["school"] = UUID, school_uuid
    query = prepared_shape(("cases.signal_list", kind, bool(school_uuid), limit, rows),
                           _signal_list_query(kind, bool(school_uuid), limit, rows), **parameters)
    return query.fetch(**values)


def signal_list(*, user: User, status: str = "", school_uuid: UUID | None = None, limit: int = 100) -> list[Signal]:
    """The visible signals, newest first, with what the list shows of them; logged."""
    if not user.is_authenticated or not places_of(user):
        return []
    signals = _signal_list_fetch(user, status, school_uuid, limit, rows=False)
    _log_signals(user, signals, "signal.list")
    return signals


def signal_list_rows(*, user: User, status: str = "", school_uuid: UUID | None = None, limit: int = 100
                     ) -> list[tuple[Any, ...]]:
    """`signal_list` as tuples of the values of `SIGNAL_LISTED`, in that order (the API writes them out: no model
    instances); logged the same."""
    if not user.is_authenticated or not places_of(user):
        return []
    rows = _signal_list_fetch(user, status, school_uuid, limit, rows=True)
    uuid_at, pupil_at = SIGNAL_LISTED.index("uuid"), SIGNAL_LISTED.index("pupil__uuid")
    _log_signal_ids(user, [(str(row[uuid_at]), row[pupil_at]) for row in rows], "signal.list")
    return rows


@dataclass
class SignalView:
    signal: Signal
    access: SignalAccess
    consultation: Consultation | None = None
    consultations: list[Consultation] = field(default_factory=list)
    cases: list[Case] = field(default_factory=list)
    escalations: list[Escalation] = field(default_factory=list)
    transitions: dict[str, Any] = field(default_factory=dict)

    @property
    def concluded(self) -> list[Consultation]:
        return [c for c in self.consultations if c.concluded_at is not None]


# The signal page's and the signal API's fixed queries, compiled once (core.prepared): the signal with its school
# (and IPT), pupil and people, and the cases opened from it (their pupils: `_PUPILS_OF_CASE`).
_SIGNAL_BY_UUID = PreparedQuery(
    lambda uuid: Signal.objects.select_related("school__team", "pupil", "raised_by", "addressed_to").filter(uuid=uuid),
    uuid=UUID,
)
_CASES_OF_SIGNAL = PreparedQuery(lambda signal_id: Case.objects.filter(signal=signal_id), signal_id=int)
# The signal API's: what `SignalOutput` shows and the access layer decides on (`SIGNAL_LISTED`, the people it names, the
# school's IPT), not the whole rows of the signal page (a row's every column is converted when read).
_SIGNAL_SHOWN_BY_UUID = PreparedQuery(
    lambda uuid: Signal.objects.select_related("school__team", "pupil", "raised_by")
    .only(*SIGNAL_LISTED, "school__team__school", "raised_by", "addressed_to").filter(uuid=uuid),
    uuid=UUID,
)


def signal_get(*, user: User, uuid: UUID, event_type: str = "signal.view", details: bool = True) -> SignalView:
    """One signal: in full for the core team and those it concerns; the raiser sees what they raised and how it
    ended; a guest only what a meeting shares. Without `details` only the signal itself (no consultations,
    cases or escalations: the API shows the signal alone, read with what it shows only)."""
    found = (_SIGNAL_BY_UUID if details else _SIGNAL_SHOWN_BY_UUID).fetch(uuid=uuid)
    signal = found[0] if found else None
    access = SignalAccess()
    if signal is not None:
        remember_school_team(signal.school)
        cases = _of(signal, "signal", _CASES_OF_SIGNAL.fetch(signal_id=signal.pk))
        for case in cases:
            _remember(case, "pupils", _PUPILS_OF_CASE.fetch(case_id=case.pk))
        _remember(signal, "cases", cases)
        access = signal_access(user, signal)
    if signal is None or not access.can_view:
        _refused(user, event_type, "signal", uuid, signal.pupil.uuid if signal and signal.pupil_id else None,
                 PURPOSE_SIGNAL, "geen kernteam, inbrenger of betrokkene")
        raise Http404
    access_log_write(user=user, event_type=event_type, action=LogAction.READ, object_type="signal",
                     object_ids=[(str(signal.uuid), signal.pupil.uuid if signal.pupil_id else None)],
                     purpose=PURPOSE_SIGNAL, authorisation=access.authorisation)
    view = SignalView(signal=signal, access=access)
    if access.full and details:
        consultations = signal_consultations(signal)
        view.consultations = consultations
        view.consultation = next((c for c in consultations if c.concluded_at is None), None)
        cases = list(signal.cases.all())
        access_of = case_access_many(user, cases)
        view.cases = [case for case in cases if access_of[case.pk].can_view]
        view.escalations = _of(signal, "signal", _ESCALATIONS_OF_SIGNAL.fetch(signal_id=signal.pk))
    if access.consult:
        view.transitions = workflow.SIGNAL_TRANSITIONS.get(signal.status, {})
    return view


# The signal page's consultations, with their contributions (and authors) and active members, and its escalations:
# three fixed queries, compiled once, instead of a queryset with two prefetches (four queries, built each time).
_CONSULTATIONS_OF_SIGNAL = PreparedQuery(lambda signal_id: Consultation.objects.filter(signal=signal_id)
                                         .select_related("started_by", "concluded_by").order_by("created"),
                                         signal_id=int)
_CONTRIBUTIONS_OF_SIGNAL = PreparedQuery(lambda signal_id: Contribution.objects.filter(
    consultation__signal=signal_id).select_related("author"), signal_id=int)
_ACTIVE_MEMBERS_OF_SIGNAL = PreparedQuery(lambda signal_id: Consultation.active_members.through.objects.filter(
    consultation__signal=signal_id).select_related("user").order_by("pk"), signal_id=int)
_ESCALATIONS_OF_SIGNAL = PreparedQuery(lambda signal_id: Escalation.objects.filter(signal=signal_id)
                                       .select_related("actor").order_by("-created"), signal_id=int)


def signal_consultations(signal: Signal) -> list[Consultation]:
    """`signal.consultations` by creation, with `contributions` (and their authors) and `active_members` kept as
    prefetched, as `prefetch_related("contributions__author", "active_members")` gives them."""
    consultations = _of(signal, "signal", _CONSULTATIONS_OF_SIGNAL.fetch(signal_id=signal.pk))
    contributions: dict[int, list[Contribution]] = {c.pk: [] for c in consultations}
    members: dict[int, list[User]] = {c.pk: [] for c in consultations}
    if consultations:
        for contribution in _CONTRIBUTIONS_OF_SIGNAL.fetch(signal_id=signal.pk):
            contributions[contribution.consultation_id].append(contribution)
        for link in _ACTIVE_MEMBERS_OF_SIGNAL.fetch(signal_id=signal.pk):
            members[link.consultation_id].append(link.user)
    for consultation in consultations:
        _remember(consultation, "contributions", _of(consultation, "consultation", contributions[consultation.pk]))
        _remember(consultation, "active_members", members[consultation.pk])
    return consultations


def consultation_get(*, user: User, uuid: UUID) -> Consultation:
    consultation = Consultation.objects.select_related("signal__school", "signal__pupil").filter(uuid=uuid).first()
    if consultation is None or not signal_access(user, consultation.signal).consult:
        _refused(user, "signal.consultation", "signal", uuid, None, PURPOSE_SIGNAL, "geen lid van het kernteam")
        raise Http404
    return consultation


def core_team_users(*, school: School) -> list[User]:
    """Who is in the school's core team (for question 4 of the consultation)."""
    team = school_team(school.pk)
    if team is None:
        return []
    return list(people_around(team=team).filter(pk__in=core_team_of(team).values("pk")))


_NEXT_CORE_MEETING = PreparedQuery(lambda team_id, now: Meeting.objects.filter(
    team=team_id, layer=Team.Layer.CORE, status=Meeting.Status.PLANNED, ends_at__gte=now).order_by("starts_at")[:1],
    team_id=int, now=datetime)


def next_core_meeting(*, school: School) -> Meeting | None:
    """The school's next planned core-team meeting (one query, compiled once)."""
    team = school_team(school.pk)
    if team is None:
        return None
    found = _NEXT_CORE_MEETING.fetch(team_id=team.pk, now=timezone.now())
    return found[0] if found else None


# ---------------------------------------------------------------------------------------------------------
# Cases


def _case_candidate_ids(user: User) -> set[int]:
    """The ids of `_case_candidates`, read once per request (the search asks for the signals and the cases)."""
    return request_cache.memoise(("cases.case_candidates", user.pk), lambda: _read_case_candidate_ids(user))


def _read_case_candidate_ids(user: User) -> set[int]:
    """One query: the union of the three lookups (`_candidate_case_ids`)."""
    return {pk for (pk,) in _CANDIDATES.fetch(user_id=user.pk, now=timezone.now(), core=sorted(core_school_ids(user)))}


def _case_candidates(user: User) -> QuerySet[Case]:
    """Cases the user might see, before the access layer decides: the three ways in, each an indexed lookup —
    member, core team of the school, emergency access to one of its pupils."""
    return Case.objects.filter(pk__in=_case_candidate_ids(user)).prefetch_related("pupils")


# What the case list reads of a case, its school, its regiehouder and its pupils: what the list shows and what the
# access layer decides on (the other fields are deferred).
_LISTED_FIELDS = ("uuid", "created", "school", "coordinator", "category", "status", "escalation",
                  "school__uuid", "school__code", "school__name",
                  "coordinator__username", "coordinator__first_name", "coordinator__last_name")
_LISTED_PUPIL_FIELDS = ["id", "uuid", "given_name", "family_name"]


def _listed_cases(user_id: int, now: datetime, core: list[int], status: str | None = None) -> QuerySet[Case]:
    cases = Case.objects.filter(pk__in=_candidate_case_ids(user_id, now, core))
    cases = cases if status is None else cases.filter(status=status)
    return cases.select_related("school", "coordinator").only(*_LISTED_FIELDS).order_by("-created", "-pk")


def _listed_pupils(user_id: int, now: datetime, core: list[int], status: str | None = None) -> QuerySet:
    """(case id, *`_LISTED_PUPIL_FIELDS` of the pupil) per pupil of the listed cases, in the order they were added."""
    rows = Case.pupils.through.objects.filter(case__in=_candidate_case_ids(user_id, now, core))
    rows = rows if status is None else rows.filter(case__status=status)
    return rows.order_by("pk").values_list("case_id", *(f"pupil__{name}" for name in _LISTED_PUPIL_FIELDS))


# The case list's queries (`_case_candidates`, with or without a status, and their pupils), compiled once.
_CANDIDATES = PreparedQuery(_candidate_case_ids, user_id=int, now=datetime, core=list)
_LISTED_CASES = PreparedQuery(_listed_cases, user_id=int, now=datetime, core=list)
_LISTED_CASES_OF_STATUS = PreparedQuery(_listed_cases, user_id=int, now=datetime, core=list, status=str)
_LISTED_PUPILS = PreparedQuery(_listed_pupils, user_id=int, now=datetime, core=list)
_LISTED_PUPILS_OF_STATUS = PreparedQuery(_listed_pupils, user_id=int, now=datetime, core=list, status=str)


def _listed(user: User, status: str) -> list[Case]:
    """The rows of `_case_candidates` (of the status), newest first, with school, regiehouder and pupils (the fields
    the list shows: `_LISTED_FIELDS`, `_LISTED_PUPIL_FIELDS`)."""
    values: dict[str, Any] = {"user_id": user.pk, "now": timezone.now(), "core": sorted(core_school_ids(user))}
    if status:
        values["status"] = status
    rows = (_LISTED_CASES_OF_STATUS if status else _LISTED_CASES).fetch(**values)
    pupils: dict[int, list[Pupil]] = {}
    alias = router.db_for_read(Pupil)
    for case_id, *pupil in (_LISTED_PUPILS_OF_STATUS if status else _LISTED_PUPILS).fetch(**values):
        pupils.setdefault(case_id, []).append(Pupil.from_db(alias, _LISTED_PUPIL_FIELDS, pupil))
    for case in rows:
        keep_pupils(case, pupils.get(case.pk, []))
    return rows


def cases_visible_to(*, user: User, status: str = "") -> list[tuple[Case, CaseAccess]]:
    """Cases the user may see, with how (not logged; the callers log what they show)."""
    if not user.is_authenticated or not places_of(user):
        return []
    cases = _listed(user, status)
    access_of = case_access_many(user, cases)
    return [(case, access_of[case.pk]) for case in cases if access_of[case.pk].can_view]


def _log_cases(user: User, rows: list[tuple[Case, CaseAccess]], event_type: str, purpose: str = PURPOSE_CASE
               ) -> None:
    """One entry per case and pupil, as `_log_case` writes them, each with the basis of its case; one insert."""
    access_log_write_each(user=user, event_type=event_type, action=LogAction.READ, object_type="case",
                          purpose=purpose, objects=_logged_cases(rows))


def _logged_cases(rows: list[tuple[Case, CaseAccess]], event_type: str = "", purpose: str = "") -> list[LoggedObject]:
    """What `_log_cases` logs, one object per case and pupil; with an event type and purpose of their own (and
    object type "case") to be logged in the insert of another access."""
    object_type = "case" if event_type else ""
    return [
        LoggedObject(str(case.uuid), pupil_uuid, access.authorisation, access.consent_text, access.is_emergency,
                     event_type, purpose, object_type)
        for case, access in rows
        for pupil_uuid in ([p.uuid for p in pupils_of(case)] or [None])
    ]


def case_list(*, user: User, status: str = "") -> list[tuple[Case, CaseAccess]]:
    """`cases_visible_to`, logged: one entry per case and pupil."""
    rows = cases_visible_to(user=user, status=status)
    _log_cases(user, rows, "case.list")
    return rows


@dataclass(frozen=True)
class CaseView:
    case: Case
    access: CaseAccess


# The case page's fixed queries, compiled once (core.prepared): the case, its pupils, and what the page lists.
_CASE_BY_UUID = PreparedQuery(
    lambda uuid: Case.objects.select_related("school__team", "coordinator", "signal", "family", "plan").filter(
        uuid=uuid), uuid=UUID)
_PUPILS_OF_CASE = PreparedQuery(lambda case_id: Pupil.objects.filter(cases=case_id), case_id=int)
_MEMBERS = PreparedQuery(lambda case_id: CaseMember.objects.filter(case=case_id, left_at__isnull=True)
                         .select_related("user").order_by("created"), case_id=int)
_STEPS = PreparedQuery(lambda plan_id: CarePlanStep.objects.filter(plan=plan_id).select_related("updated_by"),
                       plan_id=int)
_VERSIONS = PreparedQuery(lambda plan_id: CarePlanVersion.objects.filter(plan=plan_id).select_related("created_by"),
                          plan_id=int)


def _steps_with_latest_version(plan_id: int) -> QuerySet[CarePlanStep]:
    """`_STEPS` with the number and date of the plan's latest version on every step (the case page shows those)."""
    latest = CarePlanVersion.objects.filter(plan=OuterRef("plan")).order_by("-number")[:1]
    return CarePlanStep.objects.filter(plan=plan_id).select_related("updated_by").annotate(
        latest_version_number=Subquery(latest.values("number")),
        latest_version_created=Subquery(latest.values("created")))


_STEPS_WITH_LATEST_VERSION = PreparedQuery(_steps_with_latest_version, plan_id=int)
_ACTIONS = PreparedQuery(lambda case_id: Action.objects.filter(case=case_id).select_related("owner")
                         .order_by("status", "due_date", "pk"), case_id=int)
_EVALUATIONS = PreparedQuery(lambda case_id: Evaluation.objects.filter(case=case_id).order_by("planned_on"),
                             case_id=int)
_EVENTS = PreparedQuery(lambda case_id: CaseEvent.objects.filter(case=case_id).select_related("actor")[:50],
                        case_id=int)
_HANDOVERS = PreparedQuery(lambda case_id: Handover.objects.filter(case=case_id)
                           .select_related("to_school", "to_user", "sender"), case_id=int)


def _remember(instance: Any, name: str, rows: list) -> None:
    """Keep `rows` as the prefetched `instance.<name>.all()`, as `prefetch_related` would."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache, queryset._prefetch_done = rows, True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _of(parent: Any, field: str, rows: list) -> list:
    """`rows` with their foreign key `field` pointing to `parent`, as a related manager's rows do."""
    for row in rows:
        setattr(row, field, parent)
    return rows


def case_get(*, user: User, uuid: UUID, event_type: str = "case.view", purpose: str = PURPOSE_CASE) -> CaseView:
    """One case the user may see; the access is logged with its basis, the consent it rests on and — for
    emergency access — the emergency flag. Refused and missing both raise Http404 (logged)."""
    found = _CASE_BY_UUID.fetch(uuid=uuid)
    case = found[0] if found else None
    if case is not None:
        remember_school_team(case.school)
        _remember(case, "pupils", _PUPILS_OF_CASE.fetch(case_id=case.pk))
    access = case_access(user, case) if case else CaseAccess()
    if case is None or not access.can_view:
        pupil = case.pupils.first() if case else None
        _refused(user, event_type, "case", uuid, pupil.uuid if pupil else None, purpose,
                 "geen betrokkene, geen kernteam met toestemming, geen noodtoegang")
        raise Http404
    _log_case(user, case, access, event_type, purpose)
    return CaseView(case=case, access=access)


@dataclass
class StepView:
    spec: content.PlanStep
    step: CarePlanStep
    answers: list[tuple[content.Question, str]]

    @property
    def filled(self) -> bool:
        return any(answer for _, answer in self.answers)


@dataclass
class PupilConsent:
    pupil: Pupil
    purpose: str
    statuses: list[ConsentStatus]


@dataclass
class CaseDetail:
    case: Case
    access: CaseAccess
    pupils: list[Pupil]
    members: list[CaseMember]
    steps: list[StepView] | None
    latest_version: tuple[int, datetime] | None  # number and date; None: no version yet, or the plan is withheld
    actions: list[Action]
    evaluations: list[Evaluation] | None
    events: list[CaseEvent]
    handovers: list[Handover]
    consents: list[PupilConsent]
    withheld_labels: list[str]
    transitions: dict[str, Any]
    escalate_to: list[tuple[str, str]]
    today: date

    @property
    def shows_story(self) -> bool:
        return Section.FAMILY_STORY not in self.access.withheld

    @property
    def shows_signals(self) -> bool:
        return Section.SIGNALS not in self.access.withheld

    @property
    def overdue_actions(self) -> list[Action]:
        return [a for a in self.actions if a.status == Action.Status.OPEN and a.due_date < self.today]


def plan_steps(case: Case) -> list[StepView]:
    return _step_views(case, _STEPS.fetch(plan_id=case.plan.pk))


def _step_views(case: Case, rows: list[CarePlanStep]) -> list[StepView]:
    steps = {step.number: step for step in _of(case.plan, "plan", rows)}
    return [
        StepView(spec=spec, step=steps[spec.number],
                 answers=[(q, steps[spec.number].answers.get(q.key, "")) for q in spec.questions])
        for spec in content.PLAN_STEPS
    ]


def case_detail(*, user: User, uuid: UUID) -> CaseDetail:
    """The case page: everything the user may see of the case (withheld parts left out), logged."""
    view = case_get(user=user, uuid=uuid)
    case, access = view.case, view.access
    withheld = access.withheld
    pupils = sorted(case.pupils.all(), key=lambda pupil: pupil.birth_date)  # prefetched by the access layer
    consents = []
    valid = valid_consents(user, [p.pk for p in pupils], [Purpose.CASE, Purpose.CORE_TEAM], timezone.localdate())
    for pupil in pupils:
        for purpose in (Purpose.CASE, Purpose.CORE_TEAM):
            found = valid.of(pupil.pk, purpose)
            for consent in found:
                consent.pupil = pupil
            consents.append(PupilConsent(pupil=pupil, purpose=Purpose(purpose).label,
                                         statuses=[consent_status(c) for c in found]))
    escalate_to = sorted(workflow.ESCALATION_UP.get(case.escalation, frozenset())
                         | workflow.ESCALATION_DOWN.get(case.escalation, frozenset()))
    steps, latest_version = None, None
    if Section.PLAN not in withheld:
        rows = _STEPS_WITH_LATEST_VERSION.fetch(plan_id=case.plan.pk)
        steps = _step_views(case, rows)
        if rows and rows[0].latest_version_number is not None:
            latest_version = (rows[0].latest_version_number, rows[0].latest_version_created)
    return CaseDetail(
        case=case, access=access, pupils=pupils,
        members=_of(case, "case", _MEMBERS.fetch(case_id=case.pk)),
        steps=steps, latest_version=latest_version,
        actions=_of(case, "case", _ACTIONS.fetch(case_id=case.pk)),
        evaluations=None if Section.EVALUATIONS in withheld else _of(case, "case", _EVALUATIONS.fetch(case_id=case.pk)),
        events=_of(case, "case", _EVENTS.fetch(case_id=case.pk)),
        handovers=_visible_handovers(user, _of(case, "case", _HANDOVERS.fetch(case_id=case.pk))),
        consents=consents,
        withheld_labels=[str(Section(s).label) for s in sorted(withheld)],
        transitions=workflow.CASE_TRANSITIONS.get(case.status, {}) if access.can_manage else {},
        escalate_to=[(level, workflow.level_label(level)) for level in escalate_to] if access.can_manage else [],
        today=timezone.localdate(),
    )


@dataclass
class PlanDetail:
    """The plan page: the steps and versions of the plan, and how many actions and evaluations the case has."""
    case: Case
    access: CaseAccess
    steps: list[StepView]
    versions: list[CarePlanVersion]
    action_count: int
    evaluation_count: int | None  # None: the evaluations are withheld


_COUNTS_OF_CASE = PreparedQuery(lambda case_id: Case.objects.filter(pk=case_id).annotate(
    action_count=Count("actions", distinct=True), evaluation_count=Count("evaluations", distinct=True))
    .values_list("action_count", "evaluation_count"), case_id=int)


def plan_detail(*, user: User, uuid: UUID) -> PlanDetail:
    """The plan page: read and logged as the case page is; 404 when the plan is withheld from the user."""
    view = case_get(user=user, uuid=uuid)
    case, access = view.case, view.access
    if Section.PLAN in access.withheld:
        raise Http404
    [(actions, evaluations)] = _COUNTS_OF_CASE.fetch(case_id=case.pk)
    return PlanDetail(
        case=case, access=access, steps=plan_steps(case),
        versions=_of(case.plan, "plan", _VERSIONS.fetch(plan_id=case.plan.pk)), action_count=actions,
        evaluation_count=None if Section.EVALUATIONS in access.withheld else evaluations,
    )


def _visible_handovers(user: User, handovers: list[Handover]) -> list[Handover]:
    access_of = handover_access_many(user, handovers)
    return [h for h in handovers if access_of[h.pk].can_view]


def case_for_edit(*, user: User, uuid: UUID, event_type: str = "case.edit", manage: bool = False) -> CaseView:
    """A case the user may work on (members and regiehouder; with `manage`: the regiehouder, or a member who runs
    the school's IPT). Read-only access answers 404 for writes, and the refused write is logged."""
    view = case_get(user=user, uuid=uuid, event_type=event_type)
    if not (view.access.can_manage if manage else view.access.can_edit):
        pupil = view.case.pupils.first()
        _refused(user, event_type, "case", uuid, pupil.uuid if pupil else None, PURPOSE_CASE,
                 "alleen inzage" if not view.access.can_edit else "niet de regiehouder")
        raise Http404
    return view


def plan_step_get(*, user: User, uuid: UUID, number: int) -> tuple[CaseView, StepView]:
    """One step of the plan, for a member who writes it."""
    if number not in content.STEP_NUMBERS:
        raise Http404
    view = case_for_edit(user=user, uuid=uuid, event_type="case.plan")
    if Section.PLAN in view.access.withheld:
        raise Http404
    return view, plan_steps(view.case)[number]


@dataclass
class PrintablePlan:
    case: Case
    pupils: list[Pupil]
    coordinator: User
    steps: list[dict[str, Any]]
    version: CarePlanVersion | None
    printed_by: User
    printed_at: datetime


def plan_print(*, user: User, uuid: UUID) -> PrintablePlan:
    """The parents' copy: the latest fixed version (or the plan as it stands), in plain Dutch, printable."""
    from .services import plan_snapshot

    view = case_get(user=user, uuid=uuid, event_type="case.plan_print", purpose="kopie van het plan voor ouders")
    if Section.PLAN in view.access.withheld:
        raise Http404
    case = view.case
    version = case.plan.versions.order_by("-number").first()
    return PrintablePlan(case=case, pupils=list(case.pupils.order_by("birth_date")), coordinator=case.coordinator,
                         steps=version.steps if version else plan_snapshot(case.plan), version=version,
                         printed_by=user, printed_at=timezone.now())


def case_action_get(*, case: Case, uuid: UUID) -> Action:
    action = case.actions.filter(uuid=uuid).first()
    if action is None:
        raise Http404
    return action


def evaluation_get(*, case: Case, uuid: UUID) -> Evaluation:
    evaluation = case.evaluations.filter(uuid=uuid).first()
    if evaluation is None:
        raise Http404
    return evaluation


def member_candidates(*, case: Case) -> QuerySet[User]:
    """People around the school who are not a member yet (the service checks consent for each)."""
    team = school_team(case.school_id)
    active = case.members.filter(left_at__isnull=True, read_only_until__isnull=True).values("user")
    people = people_around(team=team) if team else User.objects.none()
    return people.exclude(pk__in=active)


def _people_around_case(case_id: int, school_id: int, team_id: int, today: date) -> QuerySet[User]:
    """`member_candidates` in one fixed-shape query: `people_around` with the organisations around the school as
    subqueries, for the member form."""
    from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Membership
    from werkplaats.teams.models import Stakeholder

    partners = School.partners.through.objects.filter(school=school_id).values("organisation")
    involved = Stakeholder.objects.filter(team=team_id, organisation__isnull=False).values("organisation")
    working_there = Membership.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(school=school_id) | Q(organisation__in=partners) | Q(organisation__in=involved),
    )
    active = CaseMember.objects.filter(case=case_id, left_at__isnull=True, read_only_until__isnull=True)
    return (
        User.objects.filter(is_active=True, pk__in=working_there.values("user"))
        .exclude(pk__in=Membership.objects.filter(role__in=AGGREGATE_ONLY_ROLES).values("user"))
        .exclude(pk__in=active.values("user"))
        .order_by("last_name", "first_name", "username").only("uuid", "first_name", "last_name", "username")
    )


_MEMBER_CANDIDATES = PreparedQuery(_people_around_case, case_id=int, school_id=int, team_id=int, today=date)


def member_choices(*, case: Case) -> list[User]:
    """`member_candidates` for the member form (uuid and name only), in one query compiled once."""
    team = school_team(case.school_id)
    if team is None:
        return []
    return _MEMBER_CANDIDATES.fetch(case_id=case.pk, school_id=case.school_id, team_id=team.pk,
                                    today=timezone.localdate())


def coordinator_candidates(*, school: School) -> QuerySet[User]:
    team = school_team(school.pk)
    return people_around(team=team) if team else User.objects.none()


def siblings_for_case(*, user: User, pupil: Pupil) -> list[Pupil]:
    """For the gezinsaanpak: the pupil's siblings the user may see."""
    if pupil.family_id is None:
        return []
    return list(pupils_visible_to(user=user).filter(family_id=pupil.family_id).exclude(pk=pupil.pk)
                .order_by("birth_date"))


# ---------------------------------------------------------------------------------------------------------
# The regiehouder's dashboard


@dataclass
class CaseRow:
    case: Case
    access: CaseAccess
    overdue: int
    next_evaluation: Evaluation | None
    evaluation_due: bool


DASHBOARD_ROWS = 10  # the rows of each list the dashboard shows; the rest is a count and a link
MY_CASES_PAGE_SIZE = 25
COORDINATOR, INVOLVED = "regie", "betrokken"  # the roles of the page "my cases" (`rol`)


@dataclass
class Dashboard:
    coordinated: list[CaseRow]
    involved: list[CaseRow]
    coordinated_count: int  # the open cases the user coordinates (the rows show the first of them)
    involved_count: int
    my_overdue_actions: list[Action]
    evaluations_due: list[Evaluation]
    attention_more: int  # the points of attention after the ones shown
    attention_role: str  # the role on "my cases" whose cases hold them
    signals_waiting: int  # open signals of my core team's schools or raised to me (counted; the list shows them)
    my_open_signals: int  # open signals I raised
    incoming_handovers: list[Handover]
    proposals: list[CollectiveProposal]
    emergency_reviews: int
    today: date


def _open_member_cases(user_id: int) -> QuerySet[Case]:
    """The open cases the user is a current full member of (regiehouder included)."""
    member = CaseMember.objects.filter(user=user_id, left_at__isnull=True, read_only_until__isnull=True)
    return Case.objects.filter(pk__in=member.values("case"), status=Case.Status.OPEN)


# The dashboard's and "my cases"' fixed queries, compiled once: ids of the open cases worked on (with their
# regiehouder), the overdue actions and evaluations to hold of some of them (as tuples); the cases shown, with their
# pupils.
_WORKED_ON = PreparedQuery(
    lambda user_id: _open_member_cases(user_id).order_by("-created", "-pk").values_list("pk", "coordinator_id"),
    user_id=int)
# The overdue actions and the evaluations to hold of some cases in one query: ("a", id, case id, owner id, due
# date) and ("e", id, case id, None, planned on), unordered (`_late_actions_and_evaluations` orders them).
_LATE_ACTIONS_AND_EVALUATIONS = PreparedQuery(
    lambda case_ids, today: Action.objects.filter(case__in=case_ids, status=Action.Status.OPEN, due_date__lt=today)
    .order_by().values_list(Value("a"), "pk", "case_id", "owner_id", "due_date").union(
        Evaluation.objects.filter(case__in=case_ids, held_on__isnull=True).order_by().values_list(
            Value("e"), "pk", "case_id", Cast(Value(None), BigIntegerField()), "planned_on"), all=True),
    case_ids=list, today=date)


def _late_actions_and_evaluations(case_ids: list[int], today: date) -> tuple[list[tuple], list[tuple]]:
    """The overdue open actions of the cases as (id, case id, owner id, due date) by due date, and their evaluations
    not held yet as (id, case id, planned on) by date: one round trip instead of two."""
    if not case_ids:
        return [], []
    actions, evaluations = [], []
    for kind, pk, case_id, owner_id, day in _LATE_ACTIONS_AND_EVALUATIONS.fetch(case_ids=case_ids, today=today):
        if kind == "a":
            actions.append((pk, case_id, owner_id, day))
        else:
            evaluations.append((pk, case_id, day))
    actions.sort(key=lambda row: (row[3], row[0]))
    evaluations.sort(key=lambda row: (row[2], row[0]))
    return actions, evaluations


_CASES_BY_IDS = PreparedQuery(lambda case_ids: Case.objects.filter(pk__in=case_ids).select_related("school"),
                              case_ids=list)
_PUPILS_OF_CASES = PreparedQuery(
    lambda case_ids: Case.pupils.through.objects.filter(case__in=case_ids).select_related("pupil").order_by("pk"),
    case_ids=list)
# "my cases" reads the cases of a whole role: only what deciding, the rows and the log use (half the CPU).
_LISTED_CASES_BY_IDS = PreparedQuery(
    lambda case_ids: Case.objects.filter(pk__in=case_ids).select_related("school").only(
        "uuid", "school", "coordinator", "status", "escalation", "school__name"), case_ids=list)
_LISTED_PUPILS_OF_CASES = PreparedQuery(
    lambda case_ids: Case.pupils.through.objects.filter(case__in=case_ids).select_related("pupil").only(
        "case", "pupil__uuid", "pupil__given_name", "pupil__family_name").order_by("pk"), case_ids=list)


# The open signals the dashboard counts (it shows no signals: the signal list does): of the core team's schools,
# raised to me or by me.
_OPEN_SIGNALS_COUNTED = PreparedQuery(lambda user_id, core: Signal.objects.filter(
    Q(school__in=core) | Q(addressed_to=user_id) | Q(raised_by=user_id), status__in=workflow.SIGNAL_OPEN)
    .values_list("school_id", "addressed_to_id", "raised_by_id"), user_id=int, core=list)


def _open_signal_counts(user: User, core: set[int]) -> tuple[int, int]:
    """How many open signals wait for the user's core team (or for the user), and how many the user raised."""
    if not user.is_authenticated:
        return 0, 0
    waiting = mine = 0
    for school_id, addressed_to_id, raised_by_id in _OPEN_SIGNALS_COUNTED.fetch(user_id=user.pk, core=sorted(core)):
        waiting += school_id in core or addressed_to_id == user.pk
        mine += raised_by_id == user.pk
    return waiting, mine

Decided = dict[int, tuple[Case, CaseAccess] | None]  # case id: the case and its access if the user may edit it


def _decide(user: User, decided: Decided, ids: list[int], listed: bool = False) -> None:
    """Read the cases of `ids` not decided yet, with school and pupils, and let the access layer decide them (in
    one batch): those the user may edit go into `decided`, the others as None. `listed`: read only the fields of a
    case row (`_LISTED_CASES_BY_IDS`)."""
    todo = sorted({pk for pk in ids if pk not in decided})
    if not todo:
        return
    cases = (_LISTED_CASES_BY_IDS if listed else _CASES_BY_IDS).fetch(case_ids=todo)
    pupils: dict[int, list[Pupil]] = {}
    for row in (_LISTED_PUPILS_OF_CASES if listed else _PUPILS_OF_CASES).fetch(case_ids=todo):
        pupils.setdefault(row.case_id, []).append(row.pupil)
    for case in cases:
        keep_pupils(case, pupils.get(case.pk, []))
    access_of = case_access_many(user, cases)
    decided.update(dict.fromkeys(todo))
    decided.update({case.pk: (case, access_of[case.pk]) for case in cases if access_of[case.pk].can_edit})


def _first_editable(user: User, decided: Decided, items: list[Any], case_of: Callable[[Any], int],
                    limit: int) -> tuple[list[Any], int]:
    """The first `limit` items (in order) whose case the user may edit, and how many items after them were left
    undecided: cases are read and decided only as far as needed."""
    shown: list[Any] = []
    position = 0
    while len(shown) < limit and position < len(items):
        chunk = items[position:position + limit - len(shown)]
        _decide(user, decided, [case_of(item) for item in chunk], listed=True)
        shown += [item for item in chunk if decided[case_of(item)] is not None]
        position += len(chunk)
    return shown, len(items) - position


def _worked_on(user: User) -> list[tuple[int, int]]:
    """(case id, regiehouder id) of the open cases the user is a current full member of, newest first: the only
    cases the access layer can let the user edit (core-team, emergency and retained access never allow it)."""
    if not user.is_authenticated or not places_of(user):
        return []
    return _WORKED_ON.fetch(user_id=user.pk)


def _case_rows(decided: Decided, ids: list[int], actions: list[tuple], evaluations: list[tuple],
               today: date) -> list[CaseRow]:
    """The rows of the cases `ids` (decided, editable): their overdue actions and next evaluation."""
    window = int(getattr(settings, "CASE_EVALUATION_AGENDA_DAYS", 14))
    wanted = set(ids)
    overdue: dict[int, int] = {}
    for _pk, case_id, _owner, _due in actions:
        if case_id in wanted:
            overdue[case_id] = overdue.get(case_id, 0) + 1
    first: dict[int, tuple] = {}
    for row in evaluations:
        if row[1] in wanted:
            first.setdefault(row[1], row)
    rows = []
    for pk in ids:
        case, access = decided[pk]
        evaluation = _evaluation(first[pk], case) if pk in first else None
        rows.append(CaseRow(case=case, access=access, overdue=overdue.get(pk, 0), next_evaluation=evaluation,
                            evaluation_due=evaluation is not None
                            and evaluation.planned_on <= today + timedelta(days=window)))
    return rows


def _evaluation(row: tuple, case: Case) -> Evaluation:
    """An evaluation from its (id, case id, planned on), as `.only()` would read it (the rest is deferred)."""
    evaluation = Evaluation.from_db(None, ["id", "case_id", "planned_on"], row)
    evaluation.case = case
    return evaluation


def _action(row: tuple, case: Case) -> Action:
    """An action from its (id, case id, owner id, due date), as `.only()` would read it."""
    action = Action.from_db(None, ["id", "case_id", "owner_id", "due_date"], row)
    action.case = case
    return action


_PROPOSALS_OF_SCHOOLS = PreparedQuery(lambda school_ids: CollectiveProposal.objects.filter(
    school__in=school_ids, status=CollectiveProposal.Status.PROPOSED).select_related("school"), school_ids=list)


def dashboard(*, user: User) -> Dashboard:
    """The case dashboard: of the cases I coordinate and the cases I am in, the points of attention (evaluations
    due, my overdue actions), the first DASHBOARD_ROWS and how many more; how many signals wait for the core team
    and how many I raised are still open (the signal list shows them); handovers to accept, proposals to decide.
    Cases are read, decided and logged only as far as they are shown."""
    today = timezone.localdate()
    window = int(getattr(settings, "CASE_EVALUATION_AGENDA_DAYS", 14))
    worked_on = _worked_on(user)
    ids = [pk for pk, _coordinator in worked_on]
    actions, evaluations = _late_actions_and_evaluations(ids, today)
    coordinated = [pk for pk, coordinator in worked_on if coordinator == user.pk]
    involved = [pk for pk, coordinator in worked_on if coordinator != user.pk]
    # Points of attention: the next evaluation of each case if it is due soon (in the order of the cases), then my
    # overdue actions; as ("evaluation" | "action", row).
    position = {pk: index for index, (pk, _coordinator) in enumerate(worked_on)}
    next_of: dict[int, tuple] = {}
    for row in evaluations:
        next_of.setdefault(row[1], row)
    attention = [("evaluation", row) for row in sorted(next_of.values(), key=lambda row: position[row[1]])
                 if row[2] <= today + timedelta(days=window)]
    attention += [("action", row) for row in actions if row[2] == user.pk]
    decided: Decided = {}
    # One batch for what the page is likely to show; _first_editable reads more only where a case is refused.
    _decide(user, decided, coordinated[:DASHBOARD_ROWS] + involved[:DASHBOARD_ROWS]
            + [row[1] for _kind, row in attention[:DASHBOARD_ROWS]], listed=True)
    shown_coordinated, coordinated_rest = _first_editable(user, decided, coordinated, int, DASHBOARD_ROWS)
    shown_involved, involved_rest = _first_editable(user, decided, involved, int, DASHBOARD_ROWS)
    shown_attention, attention_rest = _first_editable(user, decided, attention, lambda item: item[1][1],
                                                      DASHBOARD_ROWS)
    rows = _case_rows(decided, shown_coordinated + shown_involved, actions, evaluations, today)
    _log_cases(user, [decided[pk] for pk in dict.fromkeys(
        shown_coordinated + shown_involved + [row[1] for _kind, row in shown_attention])], "case.dashboard")
    rest = {row[1] for _kind, row in attention[len(attention) - attention_rest:]}
    core = core_school_ids(user)
    signals_waiting, my_open_signals = _open_signal_counts(user, core)
    handovers = handovers_incoming(user=user, statuses=frozenset({Handover.Status.SENT}), listed=True)
    _log_handovers(user, handovers, "handover.dashboard")
    return Dashboard(
        coordinated=rows[:len(shown_coordinated)], involved=rows[len(shown_coordinated):],
        coordinated_count=len(shown_coordinated) + coordinated_rest,
        involved_count=len(shown_involved) + involved_rest,
        evaluations_due=[_evaluation(row, decided[row[1]][0]) for kind, row in shown_attention if kind == "evaluation"],
        my_overdue_actions=[_action(row, decided[row[1]][0]) for kind, row in shown_attention if kind == "action"],
        attention_more=attention_rest,
        attention_role=COORDINATOR if not rest or rest & set(coordinated) else INVOLVED,
        signals_waiting=signals_waiting, my_open_signals=my_open_signals, incoming_handovers=handovers,
        proposals=_PROPOSALS_OF_SCHOOLS.fetch(school_ids=sorted(core)),
        emergency_reviews=len([e for e in emergency_accesses_for_review(user=user, log=False) if not e.reviewed_at]),
        today=today,
    )


def my_cases(*, user: User, role: str, page: int | str = 1) -> Page:
    """A page of the open cases the user coordinates (`role` COORDINATOR) or is otherwise a member of
    (INVOLVED) and may edit, in the dashboard's order, as CaseRows; logged for the rows shown."""
    coordinator = role == COORDINATOR
    ids = [pk for pk, regiehouder in _worked_on(user) if (regiehouder == user.pk) == coordinator]
    decided: Decided = {}
    _decide(user, decided, ids, listed=True)
    found = Paginator([pk for pk in ids if decided[pk] is not None], MY_CASES_PAGE_SIZE).get_page(page)
    shown = list(found.object_list)
    today = timezone.localdate()
    actions, evaluations = _late_actions_and_evaluations(shown, today)
    found.object_list = _case_rows(decided, shown, actions, evaluations, today)
    _log_cases(user, [decided[pk] for pk in shown], "case.my_cases")
    return found


# ---------------------------------------------------------------------------------------------------------
# Chronology of a pupil


@dataclass(frozen=True)
class ChronologyItem:
    when: datetime
    kind: str
    title: str
    detail: str = ""
    link: str = ""


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


# The chronology's reads of the pupil, compiled once (core.prepared): the pupil, its signals, the cases of the pupil
# or opened from its signals and their pupils, and its handovers.
_PUPIL_BY_UUID = PreparedQuery(lambda uuid: Pupil.objects.filter(uuid=uuid)[:1], uuid=UUID)
_SIGNALS_OF_PUPIL = PreparedQuery(lambda pupil_id: Signal.objects.filter(pupil=pupil_id).only(
    "uuid", "created", "school", "level", "addressed_to", "raised_by", "category", "status"), pupil_id=int)


def _cases_of_pupil(pupil_id: int) -> QuerySet[Case]:
    """The cases of the pupil or opened from one of its signals."""
    return Case.objects.filter(Q(pk__in=Case.pupils.through.objects.filter(pupil=pupil_id).values("case_id"))
                               | Q(signal__in=Signal.objects.filter(pupil=pupil_id).values("pk")))


_CASES_OF_PUPIL = PreparedQuery(_cases_of_pupil, pupil_id=int)
_PUPILS_OF_CASES_OF_PUPIL = PreparedQuery(lambda pupil_id: Case.pupils.through.objects.filter(
    case__in=_cases_of_pupil(pupil_id).values("pk")).select_related("pupil").order_by("pk"), pupil_id=int)
_HANDOVERS_OF_PUPIL = PreparedQuery(lambda pupil_id: Handover.objects.filter(pupil=pupil_id).exclude(
    status=Handover.Status.DRAFT).only("uuid", "created", "sent_at", "kind", "status", "sender", "to_user", "to_school",
                                       "consent"), pupil_id=int)


def _shown_of_signals_and_cases(signal_ids: list[int], case_ids: list[int]) -> QuerySet:
    """In one query, as rows (kind, signal or case id, id, created, moment, due date, label, text): the concluded
    consultations of the signals (moment: concluded at; label: outcome), the events of the cases (label: kind)
    and their actions (moment: done at; label: description). Unordered: see `_by_parent`."""
    no_moment, no_day, no_text = Cast(Value(None), DateTimeField()), Cast(Value(None), DateField()), Value("")
    return Consultation.objects.filter(signal__in=signal_ids, concluded_at__isnull=False).order_by().values_list(
        Value("consultation"), F("signal_id"), F("pk"), F("created"), F("concluded_at"), no_day, F("outcome"),
        no_text,
    ).union(
        CaseEvent.objects.filter(case__in=case_ids).order_by().values_list(
            Value("event"), F("case_id"), F("pk"), F("created"), no_moment, no_day, F("kind"), F("text")),
        Action.objects.filter(case__in=case_ids).order_by().values_list(
            Value("action"), F("case_id"), F("pk"), F("created"), F("done_at"), F("due_date"), F("description"),
            no_text),
        all=True,
    )


_SHOWN_OF_SIGNALS_AND_CASES = PreparedQuery(_shown_of_signals_and_cases, signal_ids=list, case_ids=list)


def _by_parent(rows: list[tuple]) -> dict[str, dict[int, list[tuple]]]:
    """The rows of `_shown_of_signals_and_cases` by kind and by signal or case, each in the order of its model:
    consultations and events newest first (created, id), actions by due date (and id)."""
    found: dict[str, dict[int, list[tuple]]] = {"consultation": {}, "event": {}, "action": {}}
    for row in rows:
        found[row[0]].setdefault(row[1], []).append(row)
    for kind, groups in found.items():
        for group in groups.values():
            if kind == "action":
                group.sort(key=lambda row: (row[5], row[2]))
            else:
                group.sort(key=lambda row: (row[3], row[2]), reverse=True)
    return found


def _choice_label(choices: type[TextChoices], value: str) -> str:
    """What `get_FOO_display()` shows for `value` of a field with these choices."""
    return str(dict(choices.choices).get(value, value))


def chronology(*, user: User, pupil_uuid: UUID) -> tuple[Pupil, list[ChronologyItem]]:
    """Signals, consultations, case events, plan versions, actions, handovers and statutory attendance reports of
    one pupil, newest first, as far as the viewer may see each of them. Logged."""
    from django.utils.translation import gettext as _

    from werkplaats.core.templatetags.werkplaats import uuid_url

    found = _PUPIL_BY_UUID.fetch(uuid=pupil_uuid)
    pupil = found[0] if found else None
    signals: list[Signal] = []
    of_pupil: list[Case] = []
    if pupil is not None:
        # The pupil's signals, and the cases of the pupil or opened from its signals with their pupils, each read
        # once: the access to the chronology, to the signals and to the cases is decided on them.
        signals = _SIGNALS_OF_PUPIL.fetch(pupil_id=pupil.pk)
        cases = _CASES_OF_PUPIL.fetch(pupil_id=pupil.pk)
        pupils_of: dict[int, list[Pupil]] = {}
        for row in _PUPILS_OF_CASES_OF_PUPIL.fetch(pupil_id=pupil.pk):
            pupils_of.setdefault(row.case_id, []).append(row.pupil)
        for case in cases:
            _remember(case, "pupils", pupils_of.get(case.pk, []))
        of_pupil = [case for case in cases if any(p.pk == pupil.pk for p in pupils_of.get(case.pk, []))]
    if pupil is None or not sees_chronology(user, pupil, of_pupil):
        _refused(user, "pupil.chronology", "pupil", pupil_uuid, pupil.uuid if pupil else None,
                 "chronologie van een leerling", "geen relatie met de leerling en geen casus")
        raise Http404
    from_signal: dict[int, list[Case]] = {}
    for case in cases:
        if case.signal_id is not None:
            from_signal.setdefault(case.signal_id, []).append(case)
    signal_access_of = signal_access_many(user, signals, from_signal)
    access_of = case_access_many(user, of_pupil)
    shown = [(case, access_of[case.pk]) for case in of_pupil if access_of[case.pk].can_view]
    full = [signal.pk for signal in signals if signal_access_of[signal.pk].full]
    ids = [case.pk for case, _access in shown]
    rows = _by_parent(_SHOWN_OF_SIGNALS_AND_CASES.fetch(signal_ids=full, case_ids=ids) if full or ids else [])
    items: list[ChronologyItem] = []
    for signal in signals:
        if not signal_access_of[signal.pk].can_view:
            continue
        link = uuid_url(signal.uuid, "cases:signal")
        items.append(ChronologyItem(signal.created, "signal", _("Signaal: %(category)s") % {
            "category": signal.get_category_display()}, signal.get_status_display(), link))
        for _kind, _id, _pk, _created, concluded_at, _due, outcome, _text in rows["consultation"].get(signal.pk, []):
            items.append(ChronologyItem(concluded_at, "consultation", _("Consultatie afgerond"),
                                        _choice_label(Consultation.Outcome, outcome), link))
    for case, _access in shown:
        link = uuid_url(case.uuid, "cases:case")
        for _kind, _case, _pk, created, _moment, _due, kind, text in rows["event"].get(case.pk, []):
            items.append(ChronologyItem(created, "case", _("Casus %(ref)s: %(event)s") % {
                "ref": case.reference, "event": _choice_label(CaseEvent.Kind, kind)}, text, link))
        for _kind, _case, _pk, created, done_at, _due, description, _text in rows["action"].get(case.pk, []):
            items.append(ChronologyItem(created, "action", _("Actie afgesproken"), description, link))
            if done_at:
                items.append(ChronologyItem(done_at, "action", _("Actie afgerond"), description, link))
    handovers = _HANDOVERS_OF_PUPIL.fetch(pupil_id=pupil.pk)
    handover_access_of = handover_access_many(user, handovers)
    for handover in handovers:
        if handover_access_of[handover.pk].can_view:
            items.append(ChronologyItem(handover.sent_at or handover.created, "handover",
                                        _("Warme overdracht: %(kind)s") % {"kind": handover.get_kind_display()},
                                        handover.get_status_display(), uuid_url(handover.uuid, "cases:handover")))
    attendance, logged = _attendance_items(user, pupil)
    # The cases shown, the pupil's chronology and its attendance reports: one insert.
    access_log_write_each(user=user, event_type="pupil.chronology", action=LogAction.READ, object_type="pupil",
                          purpose="chronologie van een leerling", objects=[
                              *_logged_cases(shown, "case.chronology", "chronologie van een leerling"),
                              LoggedObject(str(pupil.uuid), pupil.uuid, "relatie met de leerling (school of casus)"),
                              *logged])
    return pupil, sorted(items + attendance, key=lambda item: item.when, reverse=True)


def _pending_and_reports(enrolment_ids: list[int], start: date, end: date) -> QuerySet:
    """In one query, as rows (kind, enrolment id, threshold date, start date, reason, status): the enrolments of
    the list waiting in the derivation queue (kind "pending", the rest empty) and their attendance reports with a
    threshold date from `start` to `end` (kind "report"). Unordered."""
    from werkplaats.attendance.models import AbsenceReport, PendingDerivation

    no_day = Cast(Value(None), DateField())
    return PendingDerivation.objects.filter(enrolment_id__in=enrolment_ids).order_by().values_list(
        Value("pending"), F("enrolment_id"), no_day, no_day, Value(""), Value(""),
    ).union(
        AbsenceReport.objects.filter(
            enrolment_id__in=enrolment_ids, threshold_date__gte=start, threshold_date__lte=end,
        ).order_by().values_list(Value("report"), F("enrolment_id"), F("threshold_date"), F("start_date"),
                                 F("reason"), F("status")),
        all=True,
    )


def _pending_and_reports_query() -> PreparedQuery:
    """`_pending_and_reports`, compiled once (a shape: the attendance models are imported when first used)."""
    return prepared_shape(("cases.pending_and_reports",), _pending_and_reports, enrolment_ids=list, start=date,
                          end=date)


def _attendance_items(user: User, pupil: Pupil) -> tuple[list[ChronologyItem], list[LoggedObject]]:
    """The statutory attendance reports of the pupil's enrolments the user may see today, in this school year up
    to today — what `attendance.selectors.pupil_attendance_status` would show of them, derived the same way,
    without computing the pupil's tier (the chronology shows only the reports) — and the entries that log them as
    it does (the caller writes them with its own)."""
    from django.utils.translation import gettext as _

    from werkplaats.attendance.calendars import school_year_end, school_year_start
    from werkplaats.attendance.models import AbsenceReport
    from werkplaats.attendance.selectors import AUTHORISATION
    from werkplaats.attendance.services import reports_derive

    if not sees_pupil(user, pupil):
        return [], []
    today = timezone.localdate()
    purpose = "chronologie van een leerling"
    # Visible enrolments are current or later ones: those of today are the ones already started.
    enrolments = sorted((number, pk) for start, number, pk in visible_enrolments(user, pupil) if start <= today)
    if not enrolments:
        _refused(user, "attendance.pupil", "pupil", pupil.uuid, pupil.uuid, purpose, "geen relatie met de leerling")
        return [], []
    ids = [pk for _number, pk in enrolments]
    # The reports as `reports_derive` leaves them: read with the queue, and again once it has derived the queued.
    period = {"enrolment_ids": ids, "start": school_year_start(today), "end": min(today, school_year_end(today))}
    rows = _pending_and_reports_query().fetch(**period)
    pending = [row[1] for row in rows if row[0] == "pending"]
    if pending:
        reports_derive(enrolment_ids=pending)
        rows = _pending_and_reports_query().fetch(**period)
    order = {pk: index for index, pk in enumerate(ids)}
    reports = sorted((row[1:] for row in rows if row[0] == "report"),
                     key=lambda row: (order[row[0]], row[1], row[2], row[3]))
    logged = [LoggedObject(str(pupil.uuid), pupil.uuid, AUTHORISATION, event_type="attendance.pupil",
                           purpose=purpose)] * len(ids)
    return [
        ChronologyItem(_aware(threshold), "attendance", _("Verzuimmelding: %(reason)s") % {
            "reason": AbsenceReport.Kind(reason).label}, AbsenceReport.Status(status).label)
        for _enrolment, threshold, _start, reason, status in reports
    ], logged


# ---------------------------------------------------------------------------------------------------------
# Search


@dataclass
class SearchResult:
    signals: list[Signal]
    cases: list[tuple[Case, CaseAccess]]


def _text_filter(fields: list[str], query: str) -> Q:
    """The filter for the non-PostgreSQL fallback: every word in one of the fields (icontains)."""
    combined = Q()
    for word in query.split():
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": word})
        combined &= any_field
    return combined


def _texts(model: type[Model], fields: list[str], query: str) -> QuerySet:
    """The ids of the rows of `model` whose `fields` match `query`, as a subquery: full-text search with
    PostgreSQL's Dutch configuration, answered by the GIN index on the same vector (migration
    0002_search_indexes); elsewhere icontains on each word. DISTINCT keeps PostgreSQL from folding the subquery
    into the outer query, where it would compute the vector of each candidate row instead of asking the index."""
    if connection.vendor == "postgresql":
        matches = SearchQuery(query, config="dutch", search_type="websearch")
        return (model.objects.alias(search=SearchVector(*fields, config="dutch")).filter(search=matches)
                .order_by().values("pk").distinct())
    return model.objects.filter(_text_filter(fields, query)).order_by().values("pk")


def _names(pupil: str, words: list[str]) -> Q:
    """Every word in the given or the family name of the pupil at `pupil` (icontains). The words stay values (the
    pattern is made in SQL), so the query compiles once per number of words."""
    combined = Q()
    for word in words:
        combined &= (Q(IContains(F(f"{pupil}__given_name"), Value(word)))
                     | Q(IContains(F(f"{pupil}__family_name"), Value(word))))
    return combined


# The marker of a case found by a pupil's name or its closing note: it matches whatever the user may see of it.
_BY_NAME_OR_NOTE = ""
# Queries of up to so many words are compiled once per number of words; longer ones each time.
_PREPARED_WORDS = 8


def _words(values: dict[str, str], count: int) -> list[str]:
    return [values[f"word{n}"] for n in range(count)]


def _signal_search_query(count: int, limit: int) -> Callable[..., QuerySet[Signal]]:
    """The visible signals (`_visible_signals`) whose texts match the query or whose pupil's name holds its
    `count` words, latest first."""
    def build(user_id: int, core: list[int], ipt: list[int], case: list[int], query: str,
              **words: str) -> QuerySet[Signal]:
        texts = _texts(Signal, ["seen_in_school", "seen_outside_school", "advice"], query)
        return (Signal.objects.filter(_visible_signals(user_id, core, ipt, case))
                .filter(Q(pk__in=texts) | _names("pupil", _words(words, count)))
                .select_related("school", "pupil").order_by("-created")[:limit])
    return build


def _case_hits_query(count: int) -> Callable[..., QuerySet]:
    """Of the candidate cases, those whose text matches the query, as (case id, section) rows: one UNION ALL of
    the sections and of the pupils' names (`count` words) and closing note (`_BY_NAME_OR_NOTE`)."""
    def build(case_ids: list[int], query: str, **words: str) -> QuerySet:
        cases = Case.objects.filter(pk__in=case_ids).order_by()
        return cases.filter(pk__in=_texts(Case, ["parents_story", "pupil_voice"], query)).values_list(
            "pk", Value(Section.FAMILY_STORY)).union(
            CarePlanStep.objects.filter(plan__case__in=case_ids, pk__in=_texts(CarePlanStep, ["answers"], query))
            .order_by().values_list("plan__case", Value(Section.PLAN)),
            Evaluation.objects.filter(case__in=case_ids, pk__in=_texts(
                Evaluation, ["right_agreements", "progress_note", "add_or_remove", "dissenting_opinions"], query))
            .order_by().values_list("case", Value(Section.EVALUATIONS)),
            cases.filter(signal__in=_texts(Signal, ["seen_in_school", "seen_outside_school"], query))
            .values_list("pk", Value(Section.SIGNALS)),
            cases.filter(Q(pk__in=_texts(Case, ["closing_note"], query)) | _names("pupils", _words(words, count)))
            .values_list("pk", Value(_BY_NAME_OR_NOTE)),
            all=True)
    return build


def _run_search_query(key: tuple[Any, ...], build: Callable[..., QuerySet], parameters: dict[str, type],
                      values: dict[str, Any], query: str) -> list:
    """`build`'s rows for `query`: on PostgreSQL compiled once per shape (`key` and the number of words); the
    fallback's `icontains` on each word changes the SQL with the words."""
    words = query.split()
    values = {**values, "query": query, **{f"word{n}": word for n, word in enumerate(words)}}
    if connection.vendor == "postgresql" and len(words) <= _PREPARED_WORDS:
        parameters = {**parameters, "query": str, **dict.fromkeys((f"word{n}" for n in range(len(words))), str)}
        return prepared_shape((*key, len(words)), build, **parameters).fetch(**values)
    return list(build(**values))


_CASES_FOUND = PreparedQuery(lambda case_ids: Case.objects.filter(pk__in=case_ids).select_related(
    "school", "coordinator").order_by("-created", "-pk"), case_ids=list)
_PUPILS_FOUND = PreparedQuery(lambda case_ids: Case.pupils.through.objects.filter(case__in=case_ids)
                              .select_related("pupil").order_by("pk"), case_ids=list)


def _search_signals(user: User, query: str, limit: int) -> list[Signal]:
    """The signals the user may see (`signals_visible_to`) that match `query`."""
    if not user.is_authenticated or not places_of(user):
        return []
    core = core_school_ids(user)
    values = {"user_id": user.pk, "core": sorted(core), "ipt": sorted(ipt_school_ids(user) - core),
              "case": _signals_from_cases(user, core)}
    count = len(query.split())
    return _run_search_query(("cases.search_signals", limit), _signal_search_query(count, limit),
                             {"user_id": int, "core": list, "ipt": list, "case": list}, values, query)


def _search_cases(user: User, query: str, limit: int) -> list[tuple[Case, CaseAccess]]:
    """The cases the user may see that match `query` in a part the user may see, or by a pupil's name or the
    closing note: matched among the candidate cases, then only the matching ones read and decided on."""
    if not user.is_authenticated or not places_of(user):
        return []
    candidates = sorted(_case_candidate_ids(user))
    if not candidates:
        return []
    hits: dict[int, set[str]] = {}
    for pk, section in _run_search_query(("cases.search_cases",), _case_hits_query(len(query.split())),
                                         {"case_ids": list}, {"case_ids": candidates}, query):
        hits.setdefault(pk, set()).add(section)
    if not hits:
        return []
    found = sorted(hits)
    matched = _CASES_FOUND.fetch(case_ids=found)
    pupils: dict[int, list[Pupil]] = {}
    for row in _PUPILS_FOUND.fetch(case_ids=found):
        pupils.setdefault(row.case_id, []).append(row.pupil)
    for case in matched:
        keep_pupils(case, pupils.get(case.pk, []))
    access_of = case_access_many(user, matched)
    return [
        (case, access) for case in matched if (access := access_of[case.pk]).can_view and (
            _BY_NAME_OR_NOTE in hits[case.pk] or bool(hits[case.pk] - set(access.withheld)))
    ][:limit]


def search(*, user: User, query: str, limit: int = 50) -> SearchResult:
    """The user's own signals and cases that match `query` (words of the texts, or a pupil's name), through the
    access layer: a case matches only on the parts the user may see. Logged as a search."""
    query = query.strip()
    if not query:
        return SearchResult([], [])
    signals = _search_signals(user, query, limit)
    cases = _search_cases(user, query, limit)
    _log_signals(user, signals, "signal.search")
    _log_cases(user, cases, "case.search")
    return SearchResult(signals=signals, cases=cases)


# ---------------------------------------------------------------------------------------------------------
# Handovers


# What a listed handover needs: the link, the kind and the pupil's name, and what its access is decided on.
HANDOVER_LISTED = ("uuid", "kind", "status", "to_user", "to_school", "sender", "consent", "pupil__uuid",
                   "pupil__given_name", "pupil__family_name")


def _incoming(statuses: tuple[str, ...], listed: bool) -> PreparedQuery:
    """Handovers in these statuses to a user or to one of some schools (not to a user), latest sent first; `listed`:
    only the fields of HANDOVER_LISTED."""
    def build(user_id: int, school_ids: list[int]) -> QuerySet[Handover]:
        handovers = Handover.objects.filter(
            Q(to_user=user_id) | Q(to_user__isnull=True, to_school__in=school_ids), status__in=statuses,
        ).order_by("-sent_at")
        if listed:
            return handovers.select_related("pupil").only(*HANDOVER_LISTED)
        return handovers.select_related("pupil", "to_school", "sender", "consent", "from_school", "from_organisation")

    return prepared_shape(("cases.handovers_incoming", statuses, listed), build, user_id=int, school_ids=list)


def _log_handovers(user: User, handovers: list[Handover], event_type: str) -> None:
    if handovers:
        access_log_write(user=user, event_type=event_type, action=LogAction.READ, object_type="handover",
                         object_ids=[(str(h.uuid), h.pupil.uuid) for h in handovers], purpose=PURPOSE_HANDOVER,
                         authorisation="afzender of ontvanger van de overdracht")


def handovers_incoming(*, user: User, statuses: frozenset[str] = RECEIVER_SEES, listed: bool = False
                       ) -> list[Handover]:
    """Handovers to the user (or to a school they manage) that they may receive, in these of the statuses a receiver
    sees (by default all of them); `listed`: only the fields of HANDOVER_LISTED."""
    if not user.is_authenticated or not places_of(user):
        return []
    handovers = _incoming(tuple(sorted(RECEIVER_SEES & statuses)), listed).fetch(
        user_id=user.pk, school_ids=sorted(managed_school_ids(user)))
    access_of = handover_access_many(user, handovers)
    return [h for h in handovers if access_of[h.pk].receiver]


def handover_lists(*, user: User) -> tuple[list[Handover], list[Handover]]:
    """Incoming and outgoing handovers of the user; logged."""
    incoming = handovers_incoming(user=user)
    outgoing = list(Handover.objects.filter(sender=user).select_related("pupil", "to_school", "to_user")
                    .order_by("-created")) if user.is_authenticated else []
    _log_handovers(user, incoming + [h for h in outgoing if h not in incoming], "handover.list")
    return incoming, outgoing


def handover_get(*, user: User, uuid: UUID) -> tuple[Handover, HandoverAccess]:
    handover = (Handover.objects.select_related("pupil", "case", "to_school", "to_user", "to_organisation", "sender",
                                                "from_school", "from_organisation", "consent", "decided_by")
                .filter(uuid=uuid).first())
    access = handover_access(user, handover) if handover else HandoverAccess()
    if handover is None or not access.can_view:
        _refused(user, "handover.view", "handover", uuid, handover.pupil.uuid if handover else None,
                 PURPOSE_HANDOVER, "geen afzender of ontvanger (of geen geldige toestemming)")
        raise Http404
    access_log_write(user=user, event_type="handover.view", action=LogAction.READ, object_type="handover",
                     object_ids=[(str(handover.uuid), handover.pupil.uuid)], purpose=PURPOSE_HANDOVER,
                     authorisation="afzender" if access.sender else "ontvanger van de overdracht",
                     consent=f"toestemming {handover.consent.uuid}" if handover.consent else "")
    return handover, access


def handover_pupil_get(*, user: User, uuid: UUID) -> Pupil:
    """The pupil of a new handover: one the user sees through the school."""
    pupil = pupils_visible_to(user=user).filter(uuid=uuid).first()
    if pupil is None or not places_of(user):
        _refused(user, "handover.new", "pupil", uuid, None, PURPOSE_HANDOVER, "geen relatie met de leerling")
        raise Http404
    return pupil


def receiving_users() -> QuerySet[User]:
    """Professionals who can receive a handover (anyone working with pupils; consent decides the rest)."""
    from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES

    today = timezone.localdate()
    return (User.objects.filter(is_active=True).filter(
        Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today))
        .exclude(memberships__role__in=AGGREGATE_ONLY_ROLES).distinct().order_by("last_name", "first_name"))


# ---------------------------------------------------------------------------------------------------------
# Proposals and emergency access


def proposals_for(*, user: User) -> list[CollectiveProposal]:
    """Proposals of the schools whose core team the user is in (counts only, no names: not logged)."""
    return list(CollectiveProposal.objects.filter(school__in=core_school_ids(user)).select_related(
        "school", "signal", "decided_by").order_by("status", "-created"))


def proposal_get(*, user: User, uuid: UUID) -> CollectiveProposal:
    proposal = CollectiveProposal.objects.select_related("school", "signal").filter(uuid=uuid).first()
    if proposal is None or not can_handle_proposals(user, proposal.school):
        raise Http404
    return proposal


def emergency_pupil_get(*, user: User, uuid: UUID) -> Pupil:
    pupil = Pupil.objects.filter(uuid=uuid).first()
    if pupil is None or not can_request_emergency_access(user, pupil):
        _refused(user, "case.emergency_access", "pupil", uuid, pupil.uuid if pupil else None,
                 "noodtoegang", "geen relatie met de leerling in een rol die noodtoegang mag vragen")
        raise Http404
    return pupil


def emergency_accesses_for_review(*, user: User, log: bool = True) -> list[EmergencyAccess]:
    """For the privacy officer: emergency accesses to pupils of the schools the officer works for, those not
    yet reviewed first."""
    if not (user.is_authenticated and is_privacy_officer(user)):
        return []
    rows = [
        access for access in EmergencyAccess.objects.filter(pupil__in=pupils_visible_to(user=user))
        .select_related("user", "pupil", "reviewed_by").order_by("reviewed_at", "-created")[:200]
        if can_review_emergency_access(user, access.pupil)
    ]
    if rows and log:
        access_log_write(user=user, event_type="case.emergency_review_list", action=LogAction.READ,
                         object_type="emergency_access", object_ids=[(str(a.uuid), a.pupil.uuid) for a in rows],
                         purpose="beoordeling noodtoegang", authorisation="functionaris gegevensbescherming")
    return rows


def emergency_access_get(*, user: User, uuid: UUID) -> EmergencyAccess:
    access = EmergencyAccess.objects.select_related("pupil", "user").filter(uuid=uuid).first()
    if access is None or not can_review_emergency_access(user, access.pupil):
        raise Http404
    return access
