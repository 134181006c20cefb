"""Page benchmark of Team & overleg (issue 3) and Signalen & casussen (issue 4) at region scale: prints its
figures and writes bench/out/pages.json; asserts nothing.

    .venv/bin/python bench/pages_bench.py [--reuse] [--seconds 15] [--rounds 3] [--warmup 3]
        [--only teams|cases|PAGE,...]

Unless --reuse, it recreates its own database (default postgres://postgres@127.0.0.1:5432/wp_bench_pages),
migrates, seeds a 95,000-pupil region with `werkplaats demo seed`, and adds the IPT and case work of a school
year with the apps' own models (see `seed_work`). Then it makes verified sessions (and API tokens) for the roles
that use these pages at the largest school, serves the app with gunicorn (`bench.settings`) and loads every
page next to its bare floor view (bench/pages_floor.py) at 4 concurrent connections, in rounds that alternate
the two (as bench/run.py does). See bench/pages_README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wp_bench_pages")

from bench import run  # noqa: E402  (sets DJANGO_SETTINGS_MODULE=bench.settings and PYTHONPATH)
from bench.loadgen import DEFAULT_WORKERS, available_tool  # noqa: E402
from bench.sessions import token_headers, verified_session_key  # noqa: E402

OUT = run.OUT
TARGET_RATIO = run.TARGET_RATIO
TARGET_P95_MS = run.TARGET_P95_MS
BATCH = 2_000

# name, group, role, application path, floor path, authentication ("session" or "token"), POST body
PAGES: tuple[tuple[str, str, str, str, str, str, str], ...] = (
    ("team home", "teams", "ib", "/team/{team}/", "/bench/floor/team/{team}/", "session", ""),
    ("team meetings", "teams", "ib", "/team/{team}/overleggen/", "/bench/floor/team/{team}/overleggen/", "session", ""),
    ("team meeting", "teams", "ib", "/team/overleg/{meeting}/", "/bench/floor/team/overleg/{meeting}/", "session", ""),
    (
        "team agreements",
        "teams",
        "ib",
        "/team/{team}/werkafspraken/",
        "/bench/floor/team/{team}/werkafspraken/",
        "session",
        "",
    ),
    ("team actions", "teams", "ib", "/team/{team}/acties/", "/bench/floor/team/{team}/acties/", "session", ""),
    ("team measurements", "teams", "ib", "/team/{team}/metingen/", "/bench/floor/team/{team}/metingen/", "session", ""),
    (
        "nulmeting result",
        "teams",
        "ib",
        "/team/meting/{assessment}/",
        "/bench/floor/team/meting/{assessment}/",
        "session",
        "",
    ),
    ("team home (teacher)", "teams", "teacher", "/team/{team}/", "/bench/floor/team/{team}/?teacher=1", "session", ""),
    (
        "team actions (teacher)",
        "teams",
        "teacher",
        "/team/{team}/acties/",
        "/bench/floor/team/{team}/acties/?teacher=1",
        "session",
        "",
    ),
    ("case dashboard", "cases", "ib", "/casussen/", "/bench/floor/casussen/", "session", ""),
    ("signal list", "cases", "ib", "/casussen/signalen/", "/bench/floor/casussen/signalen/", "session", ""),
    (
        "signal",
        "cases",
        "ib",
        "/casussen/signalen/{signal}/",
        "/bench/floor/casussen/signalen/{signal}/",
        "session",
        "",
    ),
    (
        "signal list (teacher)",
        "cases",
        "teacher",
        "/casussen/signalen/",
        "/bench/floor/casussen/signalen/?teacher=1",
        "session",
        "",
    ),
    ("case", "cases", "nurse", "/casussen/casus/{case}/", "/bench/floor/casussen/casus/{case}/", "session", ""),
    (
        "case (core team)",
        "cases",
        "ib",
        "/casussen/casus/{case}/",
        "/bench/floor/casussen/casus/{case}/",
        "session",
        "",
    ),
    (
        "case plan",
        "cases",
        "nurse",
        "/casussen/casus/{case}/plan/",
        "/bench/floor/casussen/casus/{case}/plan/",
        "session",
        "",
    ),
    ("case dashboard (nurse)", "cases", "nurse", "/casussen/", "/bench/floor/casussen/?nurse=1", "session", ""),
    (
        "my cases",
        "cases",
        "ib",
        "/casussen/mijn/?rol=betrokken",
        "/bench/floor/casussen/mijn/?rol=betrokken",
        "session",
        "",
    ),
    ("my cases (nurse)", "cases", "nurse", "/casussen/mijn/", "/bench/floor/casussen/mijn/", "session", ""),
    (
        "chronology",
        "cases",
        "nurse",
        "/casussen/leerling/{pupil}/chronologie/",
        "/bench/floor/casussen/leerling/{pupil}/chronologie/",
        "session",
        "",
    ),
    ("handovers", "cases", "ib", "/casussen/overdrachten/", "/bench/floor/casussen/overdrachten/", "session", ""),
    ("search", "cases", "ib", "/casussen/zoeken/", "/bench/floor/casussen/zoeken/", "session", "q={query}"),
    (
        "signal list API",
        "cases",
        "ib",
        "/api/v1/signals/?school={school}",
        "/bench/floor/api/signals/?school={school}",
        "token",
        "",
    ),
    ("signal API", "cases", "ib", "/api/v1/signals/{signal}/", "/bench/floor/api/signals/{signal}/", "token", ""),
    ("case list API", "cases", "ib", "/api/v1/cases/?status=open", "/bench/floor/api/cases/?status=open", "token", ""),
    ("case API", "cases", "nurse", "/api/v1/cases/{case}/", "/bench/floor/api/cases/{case}/", "token", ""),
)

CSRF_SECRET = "b3nchCsrfS3cretB3nchCsrfS3cret00"  # 32 characters: the form of Django's CSRF cookie


def _say(text: str = "") -> None:
    print(text, flush=True)


# --- the work of a school year ------------------------------------------------------------------------------

LOREM = (
    "Leerling oogt vaak moe en is stil in de klas; ouders geven aan dat het thuis onrustig is.",
    "Er zijn zorgen over het verzuim op maandag en vrijdag; de mentor heeft contact gehad met moeder.",
    "Conflicten op het plein, slaat van zich af als hij boos wordt; leerkracht zoekt handvatten.",
    "Leerprestaties gaan achteruit sinds de verhuizing; het kind vertelt weinig over thuis.",
    "Moeder vertelt over schulden en spanningen; de leerling zorgt veel voor jongere broers en zussen.",
    "Somber en teruggetrokken, eet weinig in de pauze; jeugdverpleegkundige is al eens langs geweest.",
    "Veel ziekmeldingen door buikpijn; de huisarts vindt geen lichamelijke oorzaak.",
    "Druk en impulsief, moeite met overgangen; ouders staan open voor een gesprek met het kernteam.",
)
ADVICE = (
    "Structuur bieden met een dagplanning en een vast aanspreekpunt.",
    "Een gesprek met ouders over de thuissituatie, met de schoolmaatschappelijk werker erbij.",
    "Afspraken maken over de pauzes en een rustige plek bij het werken.",
)
ANSWERS = (
    "Ouders, mentor, intern begeleider en jeugdverpleegkundige zijn betrokken en hebben een kopie.",
    "We willen dat de leerling weer met plezier naar school gaat en thuis meer rust ervaart.",
    "Wekelijks gesprek met de mentor; moeder gaat naar het opvoedspreekuur; evaluatie over zes weken.",
    "De regiehouder houdt het overzicht; ouders beslissen over hulp thuis.",
    "Het verslag van de huisarts ontbreekt nog; moeder vraagt het op.",
)
PARENTS = "Wij willen dat onze zoon weer lekker in zijn vel zit. Thuis gaat het de laatste tijd niet makkelijk."
VOICE = "Ik vind het fijn als ik even naar buiten mag als het te druk wordt."


def _at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour, minute=minute))


def _plain_timestamps() -> Callable[[], None]:
    """Let bulk_create keep the `created`/`updated` we give (a school year back in time), not the moment of the
    insert: the pages sort and filter on them. Returns the function that puts the fields back."""
    from django.apps import apps

    changed = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                changed.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False

    def restore() -> None:
        for field, auto_now, auto_now_add in changed:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add

    return restore


def _bulk(model: Any, rows: list[Any]) -> list[Any]:
    from django.utils import timezone

    now = timezone.now()
    for row in rows:
        for name in ("created", "updated"):
            if hasattr(row, name) and getattr(row, name) is None:
                setattr(row, name, now)
    model.objects.bulk_create(rows, batch_size=BATCH)
    return rows


def seed_work(seed: int) -> dict[str, int]:
    """A school year of IPT and case work on top of the demo region, written with the apps' models as their
    services would write it: per school location accounts (IB'er, two teachers, and partners' youth nurse,
    social worker, youth director, attendance officer), an IPT with members, involved people and contact persons,
    a year of meetings with agendas, minutes, attendance, decisions and actions, versioned agreements, two
    closed measurements; signals for ~10 % of the pupils with consultations; open cases for ~3 % (regiehouder,
    members, plan with versions, actions, evaluations, escalations, events) and closed ones for ~1 %, with the
    consents the access rules need (and re-asked consents at 12 and 16); handovers between schools."""
    from django.db import transaction
    from django.utils import timezone

    from werkplaats.accounts.models import Membership, Role, User
    from werkplaats.cases import content as case_content
    from werkplaats.cases.models import (
        CarePlan,
        CarePlanStep,
        CarePlanVersion,
        Case,
        CaseEvent,
        CaseMember,
        Category,
        Consultation,
        Contribution,
        Escalation,
        EscalationTarget,
        Evaluation,
        Handover,
        Signal,
    )
    from werkplaats.consent import policy
    from werkplaats.consent.models import Consent, GivenBy, Purpose, Section
    from werkplaats.organisations.models import Organisation, School
    from werkplaats.pupils.models import Enrolment, Guardian, Pupil
    from werkplaats.teams import content as team_content
    from werkplaats.teams.models import (
        FORM_LAYERS,
        Action,
        AgendaItem,
        AssessmentParticipation,
        AssessmentScore,
        Attendance,
        Decision,
        Meeting,
        Stakeholder,
        Team,
        TeamAgreement,
        TeamAssessment,
    )
    from werkplaats.teams.permissions import MEETING_LAYERS_OF
    from werkplaats.teams.services import CORE_DEFAULT_KINDS, OTHER_DEFAULT_KINDS, URGENT_DEFAULT_KINDS

    rng = random.Random(seed)
    today = timezone.localdate()
    start = today - timedelta(days=330)
    restore_timestamps = _plain_timestamps()
    counts: dict[str, int] = {}

    # School locations whose IPT the demo seed already wrote (the Twente story at De Akker) keep just that.
    schools = list(School.objects.filter(team__isnull=True).order_by("pk"))
    partners: dict[int, dict[str, int]] = {}
    for school_id, org_id, kind in School.partners.through.objects.values_list(
        "school_id", "organisation_id", "organisation__kind"
    ).order_by("school_id", "organisation_id"):
        partners.setdefault(school_id, {}).setdefault(kind, org_id)
    current: dict[int, list[tuple[int, str]]] = {}
    for pupil_id, school_id, group in (
        Enrolment.objects.filter(enrolled_until__isnull=True)
        .values_list("pupil_id", "school_id", "group")
        .order_by("pk")
    ):
        current.setdefault(school_id, []).append((pupil_id, group))
    pupils = {p.pk: p for p in Pupil.objects.only("pk", "birth_date", "family_id")}
    families: dict[tuple[int, int], list[int]] = {}
    for school_id, enrolled in current.items():
        for pupil_id, _group in enrolled:
            families.setdefault((school_id, pupils[pupil_id].family_id), []).append(pupil_id)
    guardians: dict[int, list[int]] = {}
    for pupil_id, guardian_id in Guardian.pupils.through.objects.filter(guardian__has_authority=True).values_list(
        "pupil_id", "guardian_id"
    ):
        guardians.setdefault(pupil_id, []).append(guardian_id)

    with transaction.atomic():
        # Accounts: per school location its IB'er and two teachers; per location a youth nurse, a social worker,
        # a youth director and an attendance officer of the organisations that work there.
        staff_roles = (
            ("ib", Role.CARE_COORDINATOR, None),
            ("lk1", Role.TEACHER, None),
            ("lk2", Role.TEACHER, None),
            ("jgz", Role.YOUTH_HEALTH, Organisation.Kind.YOUTH_HEALTH),
            ("smw", Role.SCHOOL_SOCIAL_WORKER, Organisation.Kind.WELFARE),
            ("jr", Role.YOUTH_DIRECTOR, Organisation.Kind.MUNICIPALITY),
            ("lp", Role.ATTENDANCE_OFFICER, Organisation.Kind.COMPULSORY_EDUCATION),
        )
        first_names = ("Anne", "Bram", "Carla", "Dirk", "Eva", "Frank", "Greet", "Hans", "Ilse", "Joost")
        users, memberships, people, teacher_groups = [], [], {}, {}
        for school in schools:
            groups = sorted({g for _p, g in current.get(school.pk, [])})
            for key, role, kind in staff_roles:
                organisation = partners.get(school.pk, {}).get(kind) if kind else None
                if kind and organisation is None:
                    continue
                user = User(
                    username=f"{key}-{school.code}",
                    first_name=rng.choice(first_names),
                    last_name=f"{key.upper()} {school.code}",
                    email=f"{key}-{school.code}@example.org",
                    password="!",
                    is_active=True,
                )
                users.append(user)
                people[(school.pk, key)] = user
                taught = (
                    groups[: len(groups) // 3 or 1]
                    if key == "lk1"
                    else groups[len(groups) // 3 : 2 * len(groups) // 3 or 1]
                    if key == "lk2"
                    else []
                )
                teacher_groups[(school.pk, key)] = set(taught)
                memberships.append((user, role, None if kind else school.pk, organisation, taught))
        _bulk(User, users)
        _bulk(
            Membership,
            [Membership(user=u, role=r, school_id=s, organisation_id=o, groups=g) for u, r, s, o, g in memberships],
        )
        counts["accounts"] = len(users)

        def person(school_id: int, key: str) -> User | None:
            return people.get((school_id, key))

        # The IPT of every school location.
        forms = (Team.Form.CORE_WIDER, Team.Form.CORE_WIDER, Team.Form.CORE_WIDER_STEERING, Team.Form.CORE)
        created = _at(start - timedelta(days=30))
        teams = _bulk(
            Team,
            [
                Team(
                    school=s,
                    form=rng.choice(forms),
                    cadence_core=6,
                    cadence_wider=3,
                    cadence_steering=2,
                    created_by=person(s.pk, "ib"),
                    created=created,
                    updated=created,
                )
                for s in schools
            ],
        )
        team_of = {t.school_id: t for t in teams}
        stakeholders = []
        for team in teams:
            layers = FORM_LAYERS[team.form]
            wider = Team.Layer.WIDER if Team.Layer.WIDER in layers else ""
            steering = Team.Layer.STEERING if Team.Layer.STEERING in layers else ""
            org = partners.get(team.school_id, {})
            for key, function, kind, layer, contact in (
                ("ib", "intern begeleider", None, Team.Layer.CORE, True),
                ("jgz", "jeugdverpleegkundige", Organisation.Kind.YOUTH_HEALTH, Team.Layer.CORE, True),
                ("smw", "schoolmaatschappelijk werker", Organisation.Kind.WELFARE, Team.Layer.CORE, True),
                ("jr", "jeugdregisseur", Organisation.Kind.MUNICIPALITY, wider, True),
                ("lp", "leerplichtambtenaar", Organisation.Kind.COMPULSORY_EDUCATION, wider, True),
                ("lk2", "leerkracht", None, wider, False),
            ):
                user = person(team.school_id, key)
                if user is None:
                    continue
                stakeholders.append(
                    Stakeholder(
                        team=team,
                        name=str(user),
                        function=function,
                        organisation_id=org.get(kind) if kind else None,
                        user=user,
                        email=user.email,
                        is_contact_person=contact,
                        layer=layer,
                        created=created,
                        updated=created,
                    )
                )
            stakeholders.append(
                Stakeholder(
                    team=team,
                    name="Directeur",
                    function="directeur",
                    is_manager=True,
                    layer=steering,
                    created=created,
                    updated=created,
                )
            )
            for kind, function in (
                (Organisation.Kind.POLICE, "wijkagent"),
                (Organisation.Kind.DISTRICT_TEAM, "medewerker wijkteam"),
                (Organisation.Kind.YOUTH_WORK, "jongerenwerker"),
            ):
                if kind in org:
                    stakeholders.append(
                        Stakeholder(
                            team=team,
                            name=f"{function.title()} {team.school.code}",
                            function=function,
                            organisation_id=org[kind],
                            is_contact_person=True,
                            layer=wider if kind == Organisation.Kind.POLICE else "",
                            created=created,
                            updated=created,
                        )
                    )
            if Organisation.Kind.YOUTH_HEALTH in org:
                stakeholders.append(
                    Stakeholder(
                        team=team,
                        name="Teamleider JGZ",
                        function="teamleider",
                        organisation_id=org[Organisation.Kind.YOUTH_HEALTH],
                        is_manager=True,
                        layer=steering,
                        created=created,
                        updated=created,
                    )
                )
        _bulk(Stakeholder, stakeholders)
        members_of: dict[int, list[Stakeholder]] = {}
        for s in stakeholders:
            members_of.setdefault(s.team_id, []).append(s)
        counts["teams"], counts["stakeholders"] = len(teams), len(stakeholders)

        # A year of meetings per team: core every ~8 weeks, wider and steering twice, one urgent meeting.
        meetings: list[Meeting] = []
        for team in teams:
            layers = FORM_LAYERS[team.form]
            plan = [(Team.Layer.CORE, Meeting.Kind.REGULAR, start + timedelta(days=7 + 56 * i)) for i in range(7)]
            if Team.Layer.WIDER in layers:
                plan += [
                    (Team.Layer.WIDER, Meeting.Kind.REGULAR, start + timedelta(days=60 + 150 * i)) for i in range(3)
                ]
            if Team.Layer.STEERING in layers:
                plan += [
                    (Team.Layer.STEERING, Meeting.Kind.REGULAR, start + timedelta(days=90 + 180 * i)) for i in range(2)
                ]
            plan.append((Team.Layer.CORE, Meeting.Kind.URGENT, start + timedelta(days=rng.randrange(20, 300))))
            for layer, kind, day in plan:
                while day.weekday() >= 5:
                    day += timedelta(days=1)
                begins = _at(day, 14 if kind == Meeting.Kind.REGULAR else 16)
                past = day < today
                meetings.append(
                    Meeting(
                        team=team,
                        layer=layer,
                        kind=kind,
                        starts_at=begins,
                        ends_at=begins + timedelta(minutes=90),
                        status=Meeting.Status.CLOSED if past else Meeting.Status.PLANNED,
                        location="" if kind == Meeting.Kind.URGENT else "Teamkamer",
                        online_url="https://meet.example.org/ipt" if kind == Meeting.Kind.URGENT else "",
                        reason="Acute zorg rond een leerling." if kind == Meeting.Kind.URGENT else "",
                        raised_by=person(team.school_id, "ib") if kind == Meeting.Kind.URGENT else None,
                        closed_at=begins + timedelta(hours=2) if past else None,
                        created=min(begins - timedelta(days=21), timezone.now()),
                        updated=begins if past else min(begins - timedelta(days=21), timezone.now()),
                    )
                )
        _bulk(Meeting, meetings)
        core_meetings: dict[int, list[Meeting]] = {}
        for meeting in meetings:
            if meeting.layer == Team.Layer.CORE and meeting.kind == Meeting.Kind.REGULAR:
                core_meetings.setdefault(meeting.team_id, []).append(meeting)
        items: list[AgendaItem] = []
        for meeting in meetings:
            kinds = (
                OTHER_DEFAULT_KINDS
                if meeting.layer != Team.Layer.CORE
                else URGENT_DEFAULT_KINDS
                if meeting.kind == Meeting.Kind.URGENT
                else CORE_DEFAULT_KINDS
            )
            past = meeting.status == Meeting.Status.CLOSED
            ib = person(meeting.team.school_id, "ib")
            for index, kind in enumerate(kinds):
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        kind=kind,
                        position=(index + 1) * 10,
                        preparation=meeting.reason if kind == AgendaItem.Kind.CONCERNS else "",
                        minutes="Besproken; zie de besluiten en acties." if past else "",
                        minutes_by=ib if past else None,
                        version=2 if past else 1,
                        created=meeting.created,
                        updated=meeting.updated,
                    )
                )
            if meeting.layer != Team.Layer.CORE:
                items.append(
                    AgendaItem(
                        meeting=meeting,
                        kind=AgendaItem.Kind.THEMES,
                        title="Thema: schoolverzuim",
                        position=len(kinds) * 10 + 10,
                        created=meeting.created,
                        updated=meeting.updated,
                    )
                )
        _bulk(AgendaItem, items)
        counts["meetings"] = len(meetings)

        invitees: dict[int, list[Stakeholder]] = {}
        attendances, decisions, team_actions = [], [], []
        for meeting in meetings:
            if meeting.status != Meeting.Status.CLOSED:
                continue
            seen_by = [layer for layer, seen in MEETING_LAYERS_OF.items() if meeting.layer in seen]
            invited = invitees.setdefault(meeting.pk, [s for s in members_of[meeting.team_id] if s.layer in seen_by])
            for stakeholder in invited:
                status = rng.choices(list(Attendance.Status), weights=(8, 1, 1))[0]
                attendances.append(
                    Attendance(
                        meeting=meeting,
                        stakeholder=stakeholder,
                        status=status,
                        substitute="Collega van dezelfde organisatie"
                        if status == Attendance.Status.SUBSTITUTED
                        else "",
                        created=meeting.closed_at,
                        updated=meeting.closed_at,
                    )
                )
            ib = person(meeting.team.school_id, "ib")
            owners = [s.user for s in invited if s.user_id] or [ib]
            for number in range(2):
                decisions.append(
                    Decision(
                        meeting=meeting,
                        text=f"Besluit {number + 1}: {rng.choice(ADVICE)}",
                        recorded_by=ib,
                        created=meeting.closed_at,
                        updated=meeting.closed_at,
                    )
                )
            for number in range(3):
                due = meeting.starts_at.date() + timedelta(days=rng.randrange(14, 60))
                done = due < today - timedelta(days=10) and rng.random() < 0.85
                team_actions.append(
                    Action(
                        team=meeting.team,
                        meeting=meeting,
                        description=f"Actie {number + 1}: {rng.choice(ADVICE)}",
                        owner=rng.choice(owners),
                        due_date=due,
                        status=Action.Status.DONE if done else Action.Status.OPEN,
                        done_at=_at(due) if done else None,
                        created_by=ib,
                        created=meeting.closed_at,
                        updated=_at(due) if done else meeting.closed_at,
                    )
                )
        _bulk(Attendance, attendances)
        _bulk(Decision, decisions)
        _bulk(Action, team_actions)
        counts["decisions"], counts["team actions"] = len(decisions), len(team_actions)

        agreements, assessments = [], []
        for team in teams:
            ib = person(team.school_id, "ib")
            for topic in TeamAgreement.Topic:
                for version in range(1, rng.choice((1, 1, 2, 3)) + 1):
                    when = _at(start + timedelta(days=40 * version + rng.randrange(20)))
                    agreements.append(
                        TeamAgreement(
                            team=team,
                            topic=topic,
                            version=version,
                            recorded_by=ib,
                            created=when,
                            updated=when,
                            text=f"Versie {version}: {topic.label} — afgesproken in het kernteam, "
                            f"{'aangevuld na de evaluatie' if version > 1 else 'eerste afspraak'}.",
                        )
                    )
            for number, day in ((1, start + timedelta(days=20)), (2, today - timedelta(days=60))):
                assessments.append(
                    TeamAssessment(
                        team=team,
                        title="Nulmeting" if number == 1 else "Tweede meting",
                        status=TeamAssessment.Status.CLOSED,
                        opened_by=ib,
                        closed_at=_at(day + timedelta(days=14)),
                        created=_at(day),
                        updated=_at(day + timedelta(days=14)),
                    )
                )
        _bulk(TeamAgreement, agreements)
        _bulk(TeamAssessment, assessments)
        participations, scores = [], []
        for assessment in assessments:
            for stakeholder in members_of[assessment.team_id]:
                if stakeholder.user_id and stakeholder.layer:
                    participations.append(AssessmentParticipation(assessment=assessment, user=stakeholder.user))
                    scores += [
                        AssessmentScore(
                            assessment=assessment,
                            item=key,
                            score=rng.randint(
                                team_content.SCORE_MIN + (assessment.title != "Nulmeting"), team_content.SCORE_MAX
                            ),
                        )
                        for key in team_content.ITEM_KEYS
                    ]
        _bulk(AssessmentParticipation, participations)
        _bulk(AssessmentScore, scores)
        counts["agreements"], counts["assessment scores"] = len(agreements), len(scores)

        # Signals for ~10 % of the pupils; ~3 % get an open case, ~1 % a closed one.
        categories = [c.value for c in Category]
        signals: list[Signal] = []
        fates: list[str] = []
        for school in schools:
            enrolled = current.get(school.pk, [])
            core = [person(school.pk, k) for k in ("ib", "jgz", "smw") if person(school.pk, k)]
            born = [(p, g) for p, g in enrolled if pupils[p].birth_date < start - timedelta(days=60)]
            for pupil_id, group in rng.sample(born, k=round(len(enrolled) * 0.10)):
                roll = rng.random()
                fate = (
                    "open_case"
                    if roll < 0.30
                    else "closed_case"
                    if roll < 0.40
                    else "concluded"
                    if roll < 0.80
                    else "escalated"
                    if roll < 0.83
                    else "withdrawn"
                    if roll < 0.85
                    else "waiting"
                )
                day = (
                    today - timedelta(days=rng.randrange(1, 40))
                    if fate == "waiting"
                    else start + timedelta(days=rng.randrange(0, 300))
                )
                by_teacher = group in teacher_groups.get((school.pk, "lk1"), ()) and rng.random() < 0.5
                raiser = person(school.pk, "lk1") if by_teacher else rng.choice(core)
                signals.append(
                    Signal(
                        school=school,
                        level=Signal.Level.CHILD,
                        pupil_id=pupil_id,
                        group=group,
                        category=rng.choice(categories),
                        seen_in_school=rng.choice(LOREM),
                        seen_outside_school=rng.choice(("", rng.choice(LOREM))),
                        raised_by=raiser,
                        addressed_to=person(school.pk, "ib") if by_teacher else None,
                        created=_at(day, 9),
                        updated=_at(day, 9),
                        status_changed_at=_at(day, 9),
                    )
                )
                fates.append(fate)
            for group in sorted({g for _p, g in enrolled})[:2]:
                day = start + timedelta(days=rng.randrange(0, 300))
                signals.append(
                    Signal(
                        school=school,
                        level=Signal.Level.CLASS,
                        group=group,
                        category=Category.SOCIAL_EMOTIONAL,
                        seen_in_school="Onrust in de groep na de zomervakantie; pesten op de groepsapp.",
                        raised_by=core[0],
                        created=_at(day, 9),
                        updated=_at(day, 9),
                        status_changed_at=_at(day, 9),
                    )
                )
                fates.append("concluded")
            day = start + timedelta(days=rng.randrange(0, 300))
            signals.append(
                Signal(
                    school=school,
                    level=Signal.Level.SCHOOL,
                    category=Category.ATTENDANCE,
                    seen_in_school="Veel ongeoorloofd verzuim rond de vakanties.",
                    raised_by=core[0],
                    created=_at(day, 9),
                    updated=_at(day, 9),
                    status_changed_at=_at(day, 9),
                )
            )
            fates.append("concluded")
        # Where each signal went: the core meeting after it was raised (or the next one, when waiting).
        for signal, fate in zip(signals, fates, strict=True):
            after = [m for m in core_meetings[team_of[signal.school_id].pk] if m.starts_at > signal.created]
            meeting = after[0] if after else None
            signal.meeting_uuid = meeting.uuid if meeting else None
            signal._meeting = meeting
            if fate == "waiting":
                signal.status = Signal.Status.ON_AGENDA if meeting and not signal.addressed_to_id else Signal.Status.NEW
                if signal.status == Signal.Status.NEW:
                    signal.meeting_uuid = None
            elif fate == "withdrawn":
                signal.status, signal.meeting_uuid = Signal.Status.WITHDRAWN, None
            elif meeting is None or meeting.status != Meeting.Status.CLOSED:
                fate = "waiting"
                signal.status = Signal.Status.ON_AGENDA if meeting else Signal.Status.NEW
            elif fate in ("open_case", "closed_case"):
                signal.status = Signal.Status.CASE_OPENED
            elif fate == "escalated":
                signal.status, signal.escalation = Signal.Status.ESCALATED, EscalationTarget.SUPPORT_TEAM
            else:
                signal.status = rng.choice((Signal.Status.NO_ACTION, Signal.Status.ADVISED))
                signal.advice = rng.choice(ADVICE) if signal.status == Signal.Status.ADVISED else ""
            signal._fate = fate
            if signal.status not in (Signal.Status.NEW,) and meeting is not None:
                signal.status_changed_at = meeting.closed_at or signal.created
        _bulk(Signal, signals)
        counts["signals"] = len(signals)
        counts["child signals"] = sum(1 for s in signals if s.level == Signal.Level.CHILD)

        signal_items, consultations, escalations = [], [], []
        for signal in signals:
            meeting = signal._meeting
            if signal.meeting_uuid and meeting is not None:
                signal_items.append(
                    AgendaItem(
                        meeting=meeting,
                        kind=AgendaItem.Kind.CHILD
                        if signal.pupil_id
                        else AgendaItem.Kind.CLASS
                        if signal.group
                        else AgendaItem.Kind.SCHOOL,
                        title=f"Signaal {signal.reference}",
                        signal=signal,
                        position=25,
                        prepared_by=signal.raised_by,
                        created=signal.created,
                        updated=signal.created,
                    )
                )
            if signal.status in (Signal.Status.NEW, Signal.Status.ON_AGENDA, Signal.Status.WITHDRAWN):
                continue
            outcome = {
                Signal.Status.CASE_OPENED: Consultation.Outcome.CASE,
                Signal.Status.ESCALATED: Consultation.Outcome.ESCALATION,
                Signal.Status.ADVISED: Consultation.Outcome.ADVICE,
            }.get(signal.status, Consultation.Outcome.NO_ACTION)
            ib = person(signal.school_id, "ib")
            consultations.append(
                Consultation(
                    signal=signal,
                    meeting_uuid=meeting.uuid,
                    signals=signal.seen_in_school,
                    already_started="Gesprek met ouders gevoerd; de mentor houdt het dagelijks bij.",
                    outcome=outcome,
                    concluded_at=meeting.closed_at,
                    concluded_by=ib,
                    started_by=ib,
                    version=3,
                    created=meeting.starts_at,
                    updated=meeting.closed_at,
                )
            )
            if signal.status == Signal.Status.ESCALATED:
                escalations.append(
                    Escalation(
                        signal=signal,
                        direction=Escalation.Direction.UP,
                        to_level=EscalationTarget.SUPPORT_TEAM,
                        actor=ib,
                        reason="Meer expertise nodig dan het kernteam heeft.",
                        created=meeting.closed_at,
                        updated=meeting.closed_at,
                    )
                )
        _bulk(AgendaItem, signal_items)
        _bulk(Consultation, consultations)
        contributions, active = [], []
        for consultation in consultations:
            school_id = consultation.signal.school_id
            for key in ("jgz", "smw"):
                author = person(school_id, key)
                if author is not None:
                    contributions.append(
                        Contribution(
                            consultation=consultation,
                            author=author,
                            text=rng.choice(ADVICE),
                            created=consultation.created,
                            updated=consultation.created,
                        )
                    )
            if person(school_id, "jgz"):
                active.append(
                    Consultation.active_members.through(
                        consultation_id=consultation.pk, user_id=person(school_id, "jgz").pk
                    )
                )
        _bulk(Contribution, contributions)
        _bulk(Consultation.active_members.through, active)
        counts["consultations"] = len(consultations)

        # Cases from the signals that led to one, with consents where the access rules need them.
        cases: list[Case] = []
        for signal in signals:
            if signal.status != Signal.Status.CASE_OPENED:
                continue
            school_id = signal.school_id
            options = [k for k in ("jgz", "jgz", "smw", "ib") if person(school_id, k)]
            coordinator = person(school_id, rng.choice(options))
            opened = signal._meeting.closed_at + timedelta(hours=1)
            closed = signal._fate == "closed_case"
            closed_at = opened + timedelta(days=rng.randrange(60, 200)) if closed else None
            if closed_at and closed_at.date() >= today:
                closed, closed_at = False, None
            case = Case(
                school_id=school_id,
                signal=signal,
                category=signal.category,
                coordinator=coordinator,
                opened_by=person(school_id, "ib"),
                status=Case.Status.CLOSED if closed else Case.Status.OPEN,
                escalation=EscalationTarget.SUPPORT_TEAM if rng.random() < 0.05 and not closed else "",
                parents_story=PARENTS,
                pupil_voice=VOICE if rng.random() < 0.6 else "",
                story_version=2,
                closed_at=closed_at,
                closing_note="Het gaat goed; de ondersteuning is afgerond." if closed else "",
                created=opened,
                updated=closed_at or opened,
            )
            case._pupils = [signal.pupil_id]
            family = pupils[signal.pupil_id].family_id
            sibling = next(
                (
                    p
                    for p in families.get((school_id, family), [])
                    if p != signal.pupil_id and pupils[p].birth_date < start - timedelta(days=60)
                ),
                None,
            )
            if sibling is not None and rng.random() < 0.3:
                case.family_id = pupils[signal.pupil_id].family_id
                case._pupils.append(sibling)
            cases.append(case)
        _bulk(Case, cases)
        counts["open cases"] = sum(1 for c in cases if c.status == Case.Status.OPEN)
        counts["closed cases"] = len(cases) - counts["open cases"]
        _bulk(Case.pupils.through, [Case.pupils.through(case_id=c.pk, pupil_id=p) for c in cases for p in c._pupils])

        members, events, consents, consent_links = [], [], [], []
        plans = _bulk(CarePlan, [CarePlan(case=c, created=c.created, updated=c.created) for c in cases])

        def consent_for(
            pupil_id: int,
            purpose: str,
            given: date,
            *,
            recorder: User,
            school_ids: tuple = (),
            organisation_ids: tuple = (),
            withheld: tuple = (),
            withheld_from: tuple = (),
        ) -> None:
            """A consent as consent_record makes it (deciders by age); re-asked on the 12th or 16th birthday
            when that has passed."""
            pupil = pupils[pupil_id]
            while True:
                age = policy.age_on(pupil.birth_date, given)
                given_by = policy.deciders_for(age)
                consent = Consent(
                    pupil_id=pupil_id,
                    purpose=purpose,
                    given_by=given_by,
                    pupil_agreed=given_by != GivenBy.GUARDIANS,
                    given_on=given,
                    pupil_age=age,
                    valid_from=given,
                    valid_until=given + timedelta(days=365),
                    reask_on=policy.reask_date(pupil.birth_date, given),
                    withheld_sections=list(withheld),
                    recorded_by=recorder,
                    created=_at(given),
                    updated=_at(given),
                )
                consents.append(consent)
                consent_links.append(
                    (
                        consent,
                        school_ids,
                        organisation_ids,
                        guardians.get(pupil_id, []) if given_by != GivenBy.PUPIL else [],
                        withheld_from,
                    )
                )
                if consent.reask_on is None or consent.reask_on > today:
                    return
                given = consent.reask_on  # asked again on the birthday: now (also) the pupil decides

        for case in cases:
            school_id, ib = case.school_id, person(case.school_id, "ib")
            involved = [ib] + ([case.coordinator] if case.coordinator.pk != ib.pk else [])
            extra = person(school_id, "smw")
            if extra is not None and extra not in involved and rng.random() < 0.4:
                involved.append(extra)
            case._involved = involved
            for user in involved:
                members.append(
                    CaseMember(
                        case=case,
                        user=user,
                        added_by=ib,
                        created=case.created,
                        updated=case.created,
                        role_in_case="" if user is ib else "betrokkene",
                    )
                )
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.OPENED,
                    actor=ib,
                    text=f"Regiehouder: {case.coordinator}",
                    created=case.created,
                    updated=case.created,
                )
            )
            for user in involved[2:]:
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.MEMBER_ADDED,
                        actor=ib,
                        text=str(user),
                        created=case.created + timedelta(days=3),
                        updated=case.created + timedelta(days=3),
                    )
                )
            org = partners.get(school_id, {})
            external = tuple(
                org[kind]
                for key, kind in (("jgz", Organisation.Kind.YOUTH_HEALTH), ("smw", Organisation.Kind.WELFARE))
                if person(school_id, key) in involved
            )
            given = case.created.date() - timedelta(days=1)
            withheld = (Section.FAMILY_STORY,) if rng.random() < 0.1 and Organisation.Kind.WELFARE in org else ()
            for pupil_id in case._pupils:
                if external:
                    consent_for(
                        pupil_id,
                        Purpose.CASE,
                        given,
                        recorder=ib,
                        organisation_ids=external,
                        withheld=withheld,
                        withheld_from=(org.get(Organisation.Kind.WELFARE),) if withheld else (),
                    )
                if rng.random() < 0.9:
                    consent_for(pupil_id, Purpose.CORE_TEAM, given, recorder=ib, school_ids=(school_id,))
        _bulk(CaseMember, members)
        _bulk(Consent, consents)
        for model, index, column in (
            (Consent.schools.through, 1, "school_id"),
            (Consent.organisations.through, 2, "organisation_id"),
            (Consent.guardians.through, 3, "guardian_id"),
            (Consent.withheld_from.through, 4, "organisation_id"),
        ):
            _bulk(
                model,
                [
                    model(consent_id=link[0].pk, **{column: value})
                    for link in consent_links
                    for value in (link[index] or [])
                    if value
                ],
            )
        counts["consents"] = len(consents)

        steps, versions, evaluations, case_actions, case_escalations = [], [], [], [], []
        for case, plan in zip(cases, plans, strict=True):
            filled = rng.randrange(2, 8)
            edited = case.created + timedelta(days=7)
            for spec in case_content.PLAN_STEPS:
                answers = (
                    {q.key: rng.choice(ANSWERS) for q in spec.questions}
                    if spec.number <= filled
                    else {"q1": case.signal.seen_in_school}
                    if spec.number == 1
                    else {}
                )
                steps.append(
                    CarePlanStep(
                        plan=plan,
                        number=spec.number,
                        answers=answers,
                        provisional=spec.number > filled - 2,
                        version=2 if answers else 1,
                        updated_by=case.coordinator if answers else None,
                        created=case.created,
                        updated=edited if answers else case.created,
                    )
                )
            snapshot = [
                {
                    "number": spec.number,
                    "title": str(spec.title),
                    "plain_title": str(spec.plain_title),
                    "provisional": spec.number > filled - 2,
                    "filled": spec.number <= filled,
                    "answers": [
                        {"question": str(q.text), "answer": ANSWERS[0] if spec.number <= filled else ""}
                        for q in spec.questions
                    ],
                }
                for spec in case_content.PLAN_STEPS
            ]
            for number in range(1, rng.choice((1, 2, 2, 3)) + 1):
                when = case.created + timedelta(days=14 * number)
                versions.append(
                    CarePlanVersion(
                        plan=plan,
                        number=number,
                        steps=snapshot,
                        note="Vastgesteld met ouders",
                        created_by=case.coordinator,
                        created=when,
                        updated=when,
                    )
                )
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.PLAN_VERSION,
                        actor=case.coordinator,
                        text=f"Versie {number}",
                        created=when,
                        updated=when,
                    )
                )
            owners = case._involved
            for number in range(rng.randrange(2, 5)):
                due = case.created.date() + timedelta(days=rng.randrange(10, 120))
                done = due < today and rng.random() < 0.7
                case_actions.append(
                    Action(
                        team=team_of[case.school_id],
                        case=case,
                        description=f"Casusactie {number + 1}: {rng.choice(ADVICE)}",
                        owner=rng.choice(owners),
                        due_date=due,
                        status=Action.Status.DONE if done else Action.Status.OPEN,
                        done_at=_at(due) if done else None,
                        created_by=case.coordinator,
                        created=case.created,
                        updated=_at(due) if done else case.created,
                    )
                )
            planned = case.created.date() + timedelta(days=42)
            held = planned < today
            evaluations.append(
                Evaluation(
                    case=case,
                    planned_on=planned,
                    held_on=planned if held else None,
                    planned_by=case.coordinator,
                    recorded_by=case.coordinator if held else None,
                    right_agreements="Ja, de afspraken passen." if held else "",
                    progress=Evaluation.Progress.PARTLY if held else "",
                    progress_note="Thuis meer rust." if held else "",
                    created=case.created,
                    updated=_at(planned) if held else case.created,
                )
            )
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.EVALUATION_PLANNED,
                    actor=case.coordinator,
                    text=str(planned),
                    created=case.created,
                    updated=case.created,
                )
            )
            if held:
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.EVALUATION_HELD,
                        actor=case.coordinator,
                        text=str(planned),
                        created=_at(planned),
                        updated=_at(planned),
                    )
                )
                if case.status == Case.Status.OPEN:
                    evaluations.append(
                        Evaluation(
                            case=case,
                            planned_on=max(planned + timedelta(days=56), today),
                            planned_by=case.coordinator,
                            created=_at(planned),
                            updated=_at(planned),
                        )
                    )
            if case.escalation:
                when = case.created + timedelta(days=30)
                case_escalations.append(
                    Escalation(
                        case=case,
                        direction=Escalation.Direction.UP,
                        to_level=case.escalation,
                        actor=case.coordinator,
                        reason="Specialistische kennis nodig.",
                        created=when,
                        updated=when,
                    )
                )
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.ESCALATED,
                        actor=case.coordinator,
                        text=str(EscalationTarget(case.escalation).label),
                        created=when,
                        updated=when,
                    )
                )
            if case.status == Case.Status.CLOSED:
                events.append(
                    CaseEvent(
                        case=case,
                        kind=CaseEvent.Kind.CLOSED,
                        actor=case.coordinator,
                        text=case.closing_note,
                        created=case.closed_at,
                        updated=case.closed_at,
                    )
                )
        _bulk(CarePlanStep, steps)
        _bulk(CarePlanVersion, versions)
        _bulk(Evaluation, evaluations)
        _bulk(Action, case_actions)
        _bulk(Escalation, escalations + case_escalations)
        _bulk(CaseEvent, events)
        counts["case actions"], counts["case events"] = len(case_actions), len(events)

        # Handovers: pupils with a signal leaving for another school location (with the handover consent) and
        # scaled up to a professional; all statuses of the workflow.
        handovers, handover_consents = [], []
        by_type: dict[str, list[School]] = {}
        for school in schools:
            by_type.setdefault(school.type, []).append(school)
        for school in schools:
            ib = person(school.pk, "ib")
            mine = [s for s in signals if s.school_id == school.pk and s.pupil_id][:6]
            for index, signal in enumerate(mine):
                status = (
                    Handover.Status.SENT,
                    Handover.Status.ACCEPTED,
                    Handover.Status.COMPLETED,
                    Handover.Status.RETURNED,
                    Handover.Status.DRAFT,
                    Handover.Status.SENT,
                )[index]
                target = rng.choice([s for s in by_type[school.type] if s.pk != school.pk] or schools)
                professional = index == 5 and person(school.pk, "jr") is not None
                sent = signal.created + timedelta(days=10)
                handover = Handover(
                    pupil_id=signal.pupil_id,
                    from_school=school,
                    kind=Handover.Kind.PROFESSIONAL if professional else Handover.Kind.SCHOOL_SCHOOL,
                    status=status,
                    to_school=None if professional else target,
                    to_user=person(school.pk, "jr") if professional else None,
                    to_organisation_id=partners[school.pk].get(Organisation.Kind.MUNICIPALITY)
                    if professional
                    else None,
                    sender=ib,
                    summary="Wat de ontvanger moet weten: " + signal.seen_in_school,
                    check_in_weeks=6,
                    sent_at=None if status == Handover.Status.DRAFT else sent,
                    decided_at=sent + timedelta(days=3)
                    if status in (Handover.Status.ACCEPTED, Handover.Status.COMPLETED, Handover.Status.RETURNED)
                    else None,
                    check_in_on=(sent + timedelta(days=45)).date()
                    if status in (Handover.Status.ACCEPTED, Handover.Status.COMPLETED)
                    else None,
                    return_reason="Leerling is niet bij ons ingeschreven."
                    if status == Handover.Status.RETURNED
                    else "",
                    check_in_note="Gaat goed." if status == Handover.Status.COMPLETED else "",
                    created=signal.created + timedelta(days=9),
                    updated=sent,
                )
                if status != Handover.Status.DRAFT and not professional:
                    given = signal.created.date() + timedelta(days=8)
                    before = len(consents)
                    consent_for(signal.pupil_id, Purpose.HANDOVER, given, recorder=ib, school_ids=(target.pk,))
                    handover._consents = consents[before:]
                    handover_consents += consents[before:]
                handovers.append(handover)
        new_links = consent_links[-len(handover_consents) :] if handover_consents else []
        _bulk(Consent, handover_consents)
        for model, index, column in (
            (Consent.schools.through, 1, "school_id"),
            (Consent.guardians.through, 3, "guardian_id"),
        ):
            _bulk(
                model,
                [
                    model(consent_id=link[0].pk, **{column: value})
                    for link in new_links
                    for value in (link[index] or [])
                    if value
                ],
            )
        for handover in handovers:
            chosen = getattr(handover, "_consents", [])
            handover.consent = next((c for c in chosen if policy.is_valid_on(c, today)), chosen[-1] if chosen else None)
        _bulk(Handover, handovers)
        counts["handovers"] = len(handovers)
    restore_timestamps()
    return counts


# --- sessions ----------------------------------------------------------------------------------------------


def _session(user: Any) -> dict[str, str]:
    """A verified session, with the CSRF cookie that the search POST sends back in its header."""
    from django.conf import settings

    return {
        "Cookie": f"{settings.SESSION_COOKIE_NAME}={verified_session_key(user)}; "
        f"{settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    }


def prepare_targets() -> dict[str, Any]:
    """The largest school, its IB'er (in the IPT), a teacher (not in it) and a youth nurse who is regiehouder
    of an open case; the objects the pages open."""
    from django.db.models import Count, Q

    from werkplaats.accounts.models import User
    from werkplaats.cases.models import Case, Signal
    from werkplaats.organisations.models import School
    from werkplaats.teams.models import Meeting, Team

    current = Q(enrolments__enrolled_until__isnull=True)
    school = (
        School.objects.filter(team__created_by__username__startswith="ib-")
        .annotate(pupils=Count("enrolments", filter=current))
        .order_by("-pupils", "code")
        .first()
    )
    team = Team.objects.filter(school=school).first()
    if school is None or team is None:
        raise SystemExit("no teams in the database: seed first (drop --reuse)")
    ib, teacher, nurse = (User.objects.get(username=f"{key}-{school.code}") for key in ("ib", "lk1", "jgz"))
    meeting = (
        Meeting.objects.filter(team=team, layer="core", kind="regular", status="closed").order_by("-starts_at").first()
    )
    assessment = team.assessments.order_by("created").first()
    case = (
        Case.objects.filter(school=school, status="open", coordinator=nurse, pupils__isnull=False)
        .annotate(n=Count("pupils"))
        .filter(n=1)
        .order_by("-created")
        .first()
    )
    signal = (
        Signal.objects.filter(school=school, pupil__isnull=False, status="case_opened").order_by("-created").first()
    )
    query = case.pupils.first().family_name
    return {
        "school": str(school.uuid),
        "school_name": school.name,
        "school_pupils": school.pupils,
        "team": str(team.uuid),
        "meeting": str(meeting.uuid),
        "assessment": str(assessment.uuid),
        "case": str(case.uuid),
        "pupil": str(case.pupils.first().uuid),
        "signal": str(signal.uuid),
        "query": query,
        "headers": {
            "ib": {"session": _session(ib), "token": token_headers(ib)},
            "teacher": {"session": _session(teacher), "token": token_headers(teacher)},
            "nurse": {"session": _session(nurse), "token": token_headers(nurse)},
        },
    }


# --- load ----------------------------------------------------------------------------------------------------


def _selected(only: str | None) -> list[tuple[str, str, str, str, str, str, str]]:
    if not only:
        return list(PAGES)
    wanted = {part.strip() for part in only.split(",")}
    return [page for page in PAGES if page[0] in wanted or page[1] in wanted]


def serve_phase(args: argparse.Namespace, tool: str) -> dict[str, Any]:
    target = prepare_targets()
    _say(
        f"== Load: {args.connections} connections, {args.seconds:g} s per page in {args.rounds} rounds alternating "
        f"with its floor, after {args.warmup:g} s warm-up, {tool}, "
        f"gunicorn {args.workers} {args.worker_class} workers =="
    )
    _say(f"school: {target['school_name']} ({target['school_pupils']:,} pupils)")
    pages = []
    with run.gunicorn(args.workers, args.worker_class) as base:
        for name, group, role, app_path, floor_path, auth, body in _selected(args.only):
            headers = dict(target["headers"][role][auth])
            if body:
                headers["X-CSRFToken"] = CSRF_SECRET
            values = {k: v for k, v in target.items() if isinstance(v, str)}
            paths = [p.format(**values) for p in (app_path, floor_path)]
            payload = body.format(**values)
            app, floor = run.measure_pair(base, paths, headers, args, tool, payload)
            ratio = round(app["rps"] / floor["rps"], 3) if "rps" in app and floor.get("rps") else None
            verdict = None
            if ratio is not None:
                verdict = "ok" if ratio >= TARGET_RATIO and app["p95_ms"] < TARGET_P95_MS else "miss"
            pages.append(
                {
                    "name": name,
                    "group": group,
                    "role": role,
                    "app": app,
                    "floor": floor,
                    "ratio": ratio,
                    "verdict": verdict,
                }
            )
            _say(_row(name, role, app, floor, ratio, verdict))
    return {
        "started": run._now(),
        "tool": tool,
        "connections": args.connections,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "warmup": args.warmup,
        "workers": args.workers,
        "worker_class": args.worker_class,
        "school": target["school_name"],
        "school_pupils": target["school_pupils"],
        "pages": pages,
    }


def _figures(result: dict[str, Any]) -> str:
    if result["status"] != "measured":
        return f"{result['status'].upper()}: {result['detail']}"[:40].ljust(40)
    errors = f" ({result['errors']} err)" if result["errors"] else ""
    return f"{result['rps']:7.1f} req/s p50 {result['p50_ms']:6.1f} p95 {result['p95_ms']:6.1f}{errors}"


def _row(
    name: str, role: str, app: dict[str, Any], floor: dict[str, Any], ratio: float | None, verdict: str | None
) -> str:
    tail = f" | ratio {ratio:4.0%} | {verdict.upper()}" if ratio is not None else ""
    return f"{name:<24} {role:<7} | app {_figures(app)} | floor {_figures(floor)}{tail}"


# --- main ----------------------------------------------------------------------------------------------------


def seed_phase(args: argparse.Namespace) -> dict[str, Any]:
    import django

    report = run.seed_region(args)
    django.setup()
    started = time.perf_counter()
    counts = seed_work(args.seed)
    seconds = time.perf_counter() - started
    _say(f"IPT and case work added in {seconds:.1f} s: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    _say(f"VACUUM ANALYZE in {run.vacuum_analyze():.1f} s")
    return {**report, "work_seconds": round(seconds, 1), "work": counts}


def main() -> None:
    import django

    parser = argparse.ArgumentParser(description="Werkplaats page benchmark of teams and cases (asserts nothing)")
    parser.add_argument("--reuse", action="store_true", help="load the region already in the database")
    parser.add_argument("--only", help="comma-separated page names or groups (teams, cases)")
    parser.add_argument("--pupils", type=int, default=95_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=15.0, help="load per page")
    parser.add_argument("--rounds", type=int, default=3, help="alternate application and floor in this many rounds")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="default: one per core")
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()
    tool = available_tool(args.loadgen)
    report: dict[str, Any] = {
        "started": run._now(),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "database": os.environ["DATABASE_URL"].rsplit("@", 1)[-1],
        "targets": {"page_to_floor_ratio": TARGET_RATIO, "p95_ms": TARGET_P95_MS},
    }
    _say(f"Werkplaats page benchmark (teams, cases) — {report['started']}, database {report['database']}")
    if not args.reuse:
        report["seed"] = seed_phase(args)
    django.setup()
    report["load"] = serve_phase(args, tool)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "pages.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    _say(f"Figures written to {path.relative_to(run.ROOT)}")


if __name__ == "__main__":
    main()
