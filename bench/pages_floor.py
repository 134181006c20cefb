"""Floor views of bench/pages_bench.py: the same rows as the pages of Team & overleg and Signalen & casussen
(the same queries for the same team, meeting, signal, case or user), served by bare Django — no access layer,
no access log, no templates, no forms, no serializers: a minimal HTML table or a JsonResponse. The signed-in
user (_user(request)) only selects the rows, as the pages do for "my" lists. Mounted only by bench/urls.py."""

from datetime import timedelta
from typing import Any
from uuid import UUID

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone

from bench.floor import page, signed_in
from werkplaats.attendance.models import AbsenceReport
from werkplaats.cases.models import CarePlanStep, Case, CaseMember, Evaluation, Handover, Signal
from werkplaats.consent.models import Consent
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.teams.models import Action, AssessmentScore, Decision, Meeting, Team, TeamAssessment

OPEN_SIGNALS = ("new", "on_agenda")


def _user(request: HttpRequest) -> Any:
    """The signed-in caller (session or API token; see bench.floor.signed_in)."""
    return request.caller  # type: ignore[attr-defined]


def _team(uuid: UUID) -> Team:
    return get_object_or_404(Team.objects.select_related("school"), uuid=uuid)


def _actions(request: HttpRequest, team: Team, limit: int | None = None) -> list[Action]:
    """The open actions, as the actions page shows by default and the team page its first eight."""
    actions = team.actions.select_related("owner", "meeting").filter(Q(case__isnull=True) | Q(owner=_user(request)))
    if "teacher" in request.GET:
        actions = actions.filter(owner=_user(request))
    return list(actions.filter(status="open").order_by("status", "due_date", "pk")[:limit])


# --- Team & overleg ------------------------------------------------------------------------------------------


def team_home(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team = _team(uuid)
    members = list(team.stakeholders.exclude(layer="").select_related("organisation"))
    involved = team.stakeholders.filter(layer="").count()
    meetings = (
        []
        if "teacher" in request.GET
        else list(team.meetings.filter(ends_at__gte=timezone.now()).exclude(status="closed").order_by("starts_at")[:4])
    )
    open_actions = _actions(request, team, limit=8)
    return page(
        [(team.school.name, team.form, involved)],
        [(s.name, s.function, s.layer, s.organisation.name if s.organisation else "") for s in members],
        [(m.starts_at, m.layer, m.status, m.uuid) for m in meetings],
        [(a.description, a.owner, a.due_date, a.status) for a in open_actions],
    )


def team_meetings(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team = _team(uuid)
    now = timezone.now()
    upcoming = list(team.meetings.filter(ends_at__gte=now).exclude(status="closed").order_by("starts_at"))
    past = list(team.meetings.filter(Q(ends_at__lt=now) | Q(status="closed")).order_by("-starts_at")[:20])
    return page([(m.starts_at, m.layer, m.kind, m.status, m.uuid) for m in upcoming + past])


def team_meeting(request: HttpRequest, uuid: UUID) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("team__school", "raised_by"), uuid=uuid)
    items = list(
        meeting.agenda_items.select_related("prepared_by", "minutes_by", "signal")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.order_by("created", "pk")),
            Prefetch("actions", queryset=Action.objects.select_related("owner").order_by("due_date", "pk")),
        )
        .order_by("position", "pk")
    )
    decisions = list(meeting.decisions.filter(agenda_item__isnull=True).order_by("created", "pk"))
    open_actions = list(
        meeting.team.actions.filter(status="open", case__isnull=True)
        .filter(Q(meeting__starts_at__lt=meeting.starts_at) | Q(meeting__isnull=True, created__lt=meeting.ends_at))
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )
    meeting_actions = list(meeting.actions.filter(agenda_item__isnull=True).select_related("owner"))
    guests = list(meeting.guests.select_related("user"))
    previous = (
        meeting.team.meetings.filter(layer=meeting.layer, starts_at__lt=meeting.starts_at)
        .exclude(status="cancelled")
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    until = timezone.localtime(meeting.starts_at).date()
    since = timezone.localtime(previous).date() if previous else until
    new_pupils = list(
        Enrolment.objects.filter(school=meeting.team.school_id, enrolled_from__gt=since, enrolled_from__lte=until)
        .select_related("pupil")
        .order_by("group", "pupil__family_name", "pk")[:100]
    )
    rows = [
        (
            i.position,
            i.kind,
            i.title,
            i.preparation,
            i.minutes,
            i.minutes_by,
            i.signal_id,
            "; ".join(d.text for d in i.decisions.all()),
            "; ".join(str(a.owner) for a in i.actions.all()),
        )
        for i in items
    ]
    return page(
        [(meeting.team.school.name, meeting.layer, meeting.starts_at, meeting.status)],
        rows,
        [(d.text,) for d in decisions],
        [(a.description, a.owner, a.due_date) for a in open_actions],
        [(a.description, a.owner) for a in meeting_actions],
        [(g.user,) for g in guests],
        [(e.pupil.given_name, e.pupil.family_name, e.group) for e in new_pupils],
    )


def team_agreements(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team = _team(uuid)
    latest: dict[str, Any] = {}
    for agreement in team.agreements.select_related("recorded_by").order_by("topic", "-version"):
        latest.setdefault(agreement.topic, agreement)
    return page([(a.topic, a.version, a.text, a.recorded_by, a.created) for a in latest.values()])


def team_actions(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team = _team(uuid)
    return page(
        [
            (a.description, a.owner, a.due_date, a.status, a.meeting.starts_at if a.meeting else "")
            for a in _actions(request, team)
        ]
    )


def _scores(assessments: list[TeamAssessment]) -> list[tuple[Any, ...]]:
    scores: dict[tuple[int, str], list[int]] = {}
    for assessment_id, item, score in AssessmentScore.objects.filter(assessment__in=assessments).values_list(
        "assessment", "item", "score"
    ):
        scores.setdefault((assessment_id, item), []).append(score)
    return [(key[0], key[1], round(sum(v) / len(v), 1), len(v)) for key, v in sorted(scores.items())]


def team_measurements(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team = _team(uuid)
    assessments = list(team.assessments.annotate(respondents=Count("participations")).order_by("created", "pk"))
    return page([(a.title, a.status, a.respondents) for a in assessments], _scores(assessments))


def assessment(request: HttpRequest, uuid: UUID) -> HttpResponse:
    measured = get_object_or_404(TeamAssessment.objects.select_related("team__school"), uuid=uuid)
    respondents = measured.participations.count()
    return page([(measured.title, measured.status, respondents)], _scores([measured]))


# --- Signalen & casussen --------------------------------------------------------------------------------------


def _my_cases(request: HttpRequest, status: str = "open") -> list[Case]:
    member = CaseMember.objects.filter(user=_user(request), left_at__isnull=True).values("case")
    return list(
        Case.objects.filter(pk__in=member, status=status)
        .select_related("school", "coordinator")
        .prefetch_related("pupils")
        .order_by("-created", "-pk")
    )


DASHBOARD_ROWS = 10
MY_CASES_PAGE_SIZE = 25


def _worked_on(request: HttpRequest) -> list[tuple[int, int]]:
    """(case id, regiehouder id) of the open cases the user is a current full member of, newest first."""
    member = CaseMember.objects.filter(user=_user(request), left_at__isnull=True, read_only_until__isnull=True)
    return list(
        Case.objects.filter(pk__in=member.values("case"), status="open")
        .order_by("-created", "-pk")
        .values_list("pk", "coordinator_id")
    )


def _case_table(ids: list[int], shown: list[int], today: Any) -> tuple[dict[int, Case], list[tuple[Any, ...]]]:
    """The cases `shown` (with pupils), and the rows of `ids` among them: overdue actions, next evaluation."""
    cases = {c.pk: c for c in Case.objects.filter(pk__in=shown).select_related("school").prefetch_related("pupils")}
    overdue = list(
        Action.objects.filter(case__in=ids, status="open", due_date__lt=today).values_list("case", flat=True)
    )
    evaluations: dict[int, Any] = {}
    for case_id, planned_on in (
        Evaluation.objects.filter(case__in=ids, held_on__isnull=True).order_by("planned_on").values_list(
            "case", "planned_on")
    ):
        evaluations.setdefault(case_id, planned_on)
    rows = [
        (
            cases[pk].uuid,
            cases[pk].reference,
            ", ".join(str(p) for p in cases[pk].pupils.all()),
            cases[pk].school.name,
            overdue.count(pk),
            evaluations.get(pk),
        )
        for pk in ids
    ]
    return cases, rows


def dashboard(request: HttpRequest) -> HttpResponse:
    """The case dashboard's rows: the first ten cases of each role, the first ten points of attention (evaluations
    due soon, my overdue actions), how many open signals wait for the core team and how many I raised, and the
    handovers to accept."""
    user = _user(request)
    today = timezone.localdate()
    worked_on = _worked_on(request)
    ids = [pk for pk, _ in worked_on]
    coordinated = [pk for pk, coordinator in worked_on if coordinator == user.pk]
    involved = [pk for pk, coordinator in worked_on if coordinator != user.pk]
    late = list(
        Action.objects.filter(case__in=ids, status="open", due_date__lt=today, owner=user)
        .order_by("due_date", "pk")
        .values_list("case", "due_date")
    )
    soon: dict[int, Any] = {}
    for case_id, planned_on in (
        Evaluation.objects.filter(case__in=ids, held_on__isnull=True, planned_on__lte=today + timedelta(days=14))
        .order_by("planned_on")
        .values_list("case", "planned_on")
    ):
        soon.setdefault(case_id, planned_on)
    attention = ([(pk, soon[pk]) for pk in ids if pk in soon] + late)[:DASHBOARD_ROWS]
    shown = coordinated[:DASHBOARD_ROWS] + involved[:DASHBOARD_ROWS]
    cases, rows = _case_table(shown, shown + [pk for pk, _ in attention], today)
    schools = user.memberships.filter(school__isnull=False).values("school")
    signals = Signal.objects.filter(status__in=OPEN_SIGNALS).aggregate(
        waiting=Count("pk", filter=Q(school__in=schools) | Q(addressed_to=user)), mine=Count("pk", filter=Q(
            raised_by=user)))
    incoming = list(
        Handover.objects.filter(Q(to_user=user) | Q(to_school__in=schools), status="sent").select_related("pupil")
        .only("uuid", "kind", "pupil__given_name", "pupil__family_name")
    )
    return page(
        rows,
        [(len(coordinated), len(involved))],
        [(cases[pk].uuid, cases[pk].reference, day) for pk, day in attention],
        [(signals["waiting"], signals["mine"])],
        [(h.uuid, h.kind, h.pupil.given_name, h.pupil.family_name) for h in incoming],
    )


def my_cases(request: HttpRequest) -> HttpResponse:
    """A page of 25 open cases of one role (`rol`), in the dashboard's order."""
    user = _user(request)
    coordinator = request.GET.get("rol") != "betrokken"
    ids = [pk for pk, regiehouder in _worked_on(request) if (regiehouder == user.pk) == coordinator]
    number = int(request.GET.get("pagina", 1))
    shown = ids[(number - 1) * MY_CASES_PAGE_SIZE:number * MY_CASES_PAGE_SIZE]
    _cases, rows = _case_table(shown, shown, timezone.localdate())
    return page(rows, [(len(ids), number)])


def _signals(request: HttpRequest) -> list[Signal]:
    if "teacher" in request.GET:
        signals = Signal.objects.filter(Q(raised_by=_user(request)) | Q(addressed_to=_user(request)))
    else:
        schools = _user(request).memberships.filter(school__isnull=False).values("school")
        signals = Signal.objects.filter(school__in=schools)
    if "school" in request.GET:
        signals = signals.filter(school__uuid=request.GET["school"])
    else:
        signals = signals.filter(status__in=OPEN_SIGNALS)
    return list(signals.select_related("school", "pupil", "raised_by").order_by("-created", "-pk")[:100])


def signal_list(request: HttpRequest) -> HttpResponse:
    return page(
        [
            (
                s.uuid,
                s.school.name,
                s.pupil.given_name if s.pupil else s.group,
                s.category,
                s.status,
                s.raised_by,
                s.created,
            )
            for s in _signals(request)
        ]
    )


def signal_list_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        [
            {
                "uuid": s.uuid,
                "school": {"uuid": s.school.uuid, "name": s.school.name},
                "pupil": {"uuid": s.pupil.uuid, "given_name": s.pupil.given_name, "family_name": s.pupil.family_name}
                if s.pupil
                else None,
                "level": s.level,
                "group": s.group,
                "category": s.category,
                "urgency": s.urgency,
                "status": s.status,
                "raised_by": s.raised_by.get_full_name(),
                "created": s.created,
                "seen_in_school": s.seen_in_school,
            }
            for s in _signals(request)
        ],
        safe=False,
    )


def _signal(uuid: UUID) -> Signal:
    return get_object_or_404(Signal.objects.select_related("school", "pupil", "raised_by", "addressed_to"), uuid=uuid)


def signal_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    signal = _signal(uuid)
    consultations = list(
        signal.consultations.select_related("started_by", "concluded_by")
        .prefetch_related("contributions__author", "active_members")
        .order_by("created")
    )
    cases = list(signal.cases.all())
    escalations = list(signal.escalations.select_related("actor").order_by("-created"))
    core = list(
        Team.objects.get(school=signal.school_id)
        .stakeholders.filter(layer="core", user__isnull=False)
        .select_related("user")
    )
    next_meeting = (
        Meeting.objects.filter(
            team__school=signal.school_id, layer="core", status="planned", ends_at__gte=timezone.now()
        )
        .order_by("starts_at")
        .first()
    )
    return page(
        [
            (
                signal.pupil.given_name if signal.pupil else "",
                signal.category,
                signal.status,
                signal.seen_in_school,
                signal.seen_outside_school,
                signal.raised_by,
                next_meeting.starts_at if next_meeting else "",
            )
        ],
        [
            (
                c.signals,
                c.already_started,
                c.outcome,
                "; ".join(x.text for x in c.contributions.all()),
                ", ".join(str(u) for u in c.active_members.all()),
            )
            for c in consultations
        ],
        [(c.uuid,) for c in cases],
        [(e.to_level, e.reason) for e in escalations],
        [(s.user,) for s in core],
    )


def signal_json(request: HttpRequest, uuid: UUID) -> JsonResponse:
    s = _signal(uuid)
    return JsonResponse(
        {
            "uuid": s.uuid,
            "school": {"uuid": s.school.uuid, "name": s.school.name},
            "pupil": {"uuid": s.pupil.uuid, "given_name": s.pupil.given_name} if s.pupil else None,
            "level": s.level,
            "category": s.category,
            "status": s.status,
            "raised_by": s.raised_by.get_full_name(),
            "seen_in_school": s.seen_in_school,
        }
    )


def _case(uuid: UUID) -> dict[str, Any]:
    case = get_object_or_404(Case.objects.select_related("school", "coordinator", "signal", "family"), uuid=uuid)
    pupils = list(case.pupils.order_by("birth_date"))
    consents = list(
        Consent.objects.filter(pupil__in=pupils, withdrawn_at__isnull=True).prefetch_related(
            "organisations", "schools", "withheld_from", "guardians"
        )
    )
    return {
        "case": case,
        "pupils": pupils,
        "consents": consents,
        "members": list(case.members.filter(left_at__isnull=True).select_related("user").order_by("created")),
        "steps": list(CarePlanStep.objects.filter(plan__case=case).select_related("updated_by")),
        "versions": list(case.plan.versions.select_related("created_by")),
        "actions": list(case.actions.select_related("owner").order_by("status", "due_date", "pk")),
        "evaluations": list(case.evaluations.order_by("planned_on")),
        "escalations": list(case.escalations.select_related("actor", "youth_director")),
        "events": list(case.events.select_related("actor")[:50]),
        "handovers": list(case.handovers.select_related("to_school", "to_user", "sender")),
    }


def case_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    data = _case(uuid)
    case = data["case"]
    return page(
        [(case.school.name, case.coordinator, case.status, case.parents_story, case.pupil_voice)],
        [(p.given_name, p.family_name, p.birth_date) for p in data["pupils"]],
        [
            (c.purpose, c.valid_from, c.valid_until, ", ".join(o.name for o in c.organisations.all()))
            for c in data["consents"]
        ],
        [(m.user, m.role_in_case) for m in data["members"]],
        [(s.number, s.provisional, "; ".join(s.answers.values())) for s in data["steps"]],
        [(v.number, v.note, v.created_by) for v in data["versions"]],
        [(a.description, a.owner, a.due_date, a.status) for a in data["actions"]],
        [(e.planned_on, e.held_on, e.progress) for e in data["evaluations"]],
        [(e.to_level, e.reason, e.actor) for e in data["escalations"]],
        [(e.kind, e.text, e.actor, e.created) for e in data["events"]],
        [(h.kind, h.status, h.sender) for h in data["handovers"]],
    )


def case_plan(request: HttpRequest, uuid: UUID) -> HttpResponse:
    data = _case(uuid)
    return page(
        [(s.number, s.provisional, s.updated_by, "; ".join(s.answers.values())) for s in data["steps"]],
        [(v.number, v.note, v.created_by) for v in data["versions"]],
        [(p.given_name, p.family_name) for p in data["pupils"]],
    )


def case_list_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(
        [
            {
                "uuid": c.uuid,
                "school": {"uuid": c.school.uuid, "name": c.school.name},
                "pupils": [
                    {"uuid": p.uuid, "given_name": p.given_name, "family_name": p.family_name} for p in c.pupils.all()
                ],
                "category": c.category,
                "status": c.status,
                "coordinator": str(c.coordinator),
                "created": c.created,
            }
            for c in _my_cases(request, request.GET.get("status", "open"))
        ],
        safe=False,
    )


def case_json(request: HttpRequest, uuid: UUID) -> JsonResponse:
    data = _case(uuid)
    case = data["case"]
    return JsonResponse(
        {
            "uuid": case.uuid,
            "school": case.school.name,
            "category": case.category,
            "status": case.status,
            "pupils": [{"uuid": p.uuid, "given_name": p.given_name} for p in data["pupils"]],
            "coordinator": str(case.coordinator),
            "members": [str(m.user) for m in data["members"]],
            "parents_story": case.parents_story,
            "pupil_voice": case.pupil_voice,
            "plan": [{"number": s.number, "provisional": s.provisional, "answers": s.answers} for s in data["steps"]],
            "actions": [
                {
                    "description": a.description,
                    "owner": a.owner.get_full_name(),
                    "due_date": a.due_date,
                    "status": a.status,
                }
                for a in data["actions"]
            ],
            "evaluations": [{"planned_on": e.planned_on, "held_on": e.held_on} for e in data["evaluations"]],
        }
    )


def chronology(request: HttpRequest, uuid: UUID) -> HttpResponse:
    pupil = get_object_or_404(Pupil, uuid=uuid)
    rows: list[tuple[Any, ...]] = []
    for signal in Signal.objects.filter(pupil=pupil).select_related("school"):
        rows.append((signal.created, signal.category, signal.status))
        rows += [(c.concluded_at, c.outcome) for c in signal.consultations.filter(concluded_at__isnull=False)]
    for case in Case.objects.filter(pupils=pupil).prefetch_related("pupils"):
        rows += [(e.created, e.kind, e.text) for e in case.events.all()]
        rows += [(a.created, a.description, a.done_at) for a in case.actions.all()]
    rows += [(h.sent_at, h.kind, h.status) for h in Handover.objects.filter(pupil=pupil).exclude(status="draft")]
    rows += [(r.threshold_date, r.reason, r.status) for r in AbsenceReport.objects.filter(pupil=pupil)]
    return page([(pupil.given_name, pupil.family_name)], sorted(rows, key=lambda row: str(row[0]), reverse=True))


def handovers(request: HttpRequest) -> HttpResponse:
    schools = _user(request).memberships.filter(school__isnull=False).values("school")
    incoming = list(
        Handover.objects.filter(Q(to_user=_user(request)) | Q(to_user__isnull=True, to_school__in=schools))
        .filter(status__in=["sent", "accepted", "completed"])
        .select_related("pupil", "to_school", "sender", "consent", "from_school", "from_organisation")
        .order_by("-sent_at")
    )
    outgoing = list(
        Handover.objects.filter(sender=_user(request))
        .select_related("pupil", "to_school", "to_user")
        .order_by("-created")
    )
    return page(
        [(h.pupil.given_name, h.pupil.family_name, h.kind, h.status, h.sender, h.sent_at) for h in incoming + outgoing]
    )


def search(request: HttpRequest) -> HttpResponse:
    query = request.POST.get("q", "")
    words = SearchQuery(query, config="dutch", search_type="websearch")
    schools = _user(request).memberships.filter(school__isnull=False).values("school")
    signals = Signal.objects.filter(school__in=schools)
    signal_ids = set(
        signals.annotate(search=SearchVector("seen_in_school", "seen_outside_school", "advice", config="dutch"))
        .filter(search=words)
        .values_list("pk", flat=True)
    )
    signal_ids |= set(
        signals.filter(Q(pupil__given_name__icontains=query) | Q(pupil__family_name__icontains=query)).values_list(
            "pk", flat=True
        )
    )
    found = list(Signal.objects.filter(pk__in=signal_ids).select_related("school", "pupil").order_by("-created")[:50])
    cases = Case.objects.filter(school__in=schools)
    case_ids = set(
        cases.annotate(search=SearchVector("parents_story", "pupil_voice", "closing_note", config="dutch"))
        .filter(search=words)
        .values_list("pk", flat=True)
    )
    case_ids |= set(
        CarePlanStep.objects.filter(plan__case__in=cases)
        .annotate(search=SearchVector("answers", config="dutch"))
        .filter(search=words)
        .values_list("plan__case", flat=True)
    )
    case_ids |= set(
        cases.filter(Q(pupils__given_name__icontains=query) | Q(pupils__family_name__icontains=query)).values_list(
            "pk", flat=True
        )
    )
    matched = list(
        Case.objects.filter(pk__in=case_ids).select_related("school", "coordinator").prefetch_related("pupils")[:50]
    )
    return page(
        [(s.uuid, s.pupil.given_name if s.pupil else "", s.category) for s in found],
        [(c.uuid, c.coordinator, ", ".join(p.given_name for p in c.pupils.all())) for c in matched],
    )


urlpatterns = [
    path("bench/floor/team/<uuid:uuid>/", signed_in(team_home)),
    path("bench/floor/team/<uuid:uuid>/overleggen/", signed_in(team_meetings)),
    path("bench/floor/team/<uuid:uuid>/werkafspraken/", signed_in(team_agreements)),
    path("bench/floor/team/<uuid:uuid>/acties/", signed_in(team_actions)),
    path("bench/floor/team/<uuid:uuid>/metingen/", signed_in(team_measurements)),
    path("bench/floor/team/overleg/<uuid:uuid>/", signed_in(team_meeting)),
    path("bench/floor/team/meting/<uuid:uuid>/", signed_in(assessment)),
    path("bench/floor/casussen/", signed_in(dashboard)),
    path("bench/floor/casussen/mijn/", signed_in(my_cases)),
    path("bench/floor/casussen/signalen/", signed_in(signal_list)),
    path("bench/floor/casussen/signalen/<uuid:uuid>/", signed_in(signal_detail)),
    path("bench/floor/casussen/casus/<uuid:uuid>/", signed_in(case_detail)),
    path("bench/floor/casussen/casus/<uuid:uuid>/plan/", signed_in(case_plan)),
    path("bench/floor/casussen/leerling/<uuid:uuid>/chronologie/", signed_in(chronology)),
    path("bench/floor/casussen/overdrachten/", signed_in(handovers)),
    path("bench/floor/casussen/zoeken/", signed_in(search)),
    path("bench/floor/api/signals/", signed_in(signal_list_json)),
    path("bench/floor/api/signals/<uuid:uuid>/", signed_in(signal_json)),
    path("bench/floor/api/cases/", signed_in(case_list_json)),
    path("bench/floor/api/cases/<uuid:uuid>/", signed_in(case_json)),
]
