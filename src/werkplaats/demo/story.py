"""The demo's story at De Akker (Hengelo), the pilot school where the demo's IB'er, teacher and orthopedagoog
work: its IPT, a school year of meetings, signals and cases — Bas's case and Sara's warm handover of seed 003 —
consents, a collective proposal and attendance registrations.

Everything is done by the application's own services, as the people of the story (the demo accounts and two
people without a login), on a demo clock: each step runs at its moment in the weeks before `today`, so dates,
statuses, reminders and the access log are exactly what those services make when people use Werkplaats over
those weeks. Who the story is about is drawn from the region with the seed (`story_cast`), so the same seed
gives the same story."""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from freezegun import freeze_time

from werkplaats.accounts.models import Membership, User
from werkplaats.attendance.calendars import CalendarCache, SchoolDays
from werkplaats.attendance.models import AbsenceRegistration
from werkplaats.attendance.services import registrations_import
from werkplaats.cases import services as case_services
from werkplaats.cases.models import Case, Category, CollectiveProposal, Consultation, Handover, Signal
from werkplaats.consent import services as consent_services
from werkplaats.consent.models import Consent, Method, Purpose
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.teams import content as team_content
from werkplaats.teams import services as team_services
from werkplaats.teams.models import Action, AgendaItem, Attendance, Meeting, Team

from . import constants as c
from . import texts as t

Step = Callable[["Story"], None]
HISTORY_DAYS = 140  # school days of the calendar the story may use before today
STORY_DAYS = 62  # the story starts this many school days before today (see _timeline)
ATTENDANCE_DAYS = 40  # eight school weeks of registrations
MINIMUM_CAST = 10  # pupils of De Akker besides Bas and Sara


@dataclass(frozen=True)
class PupilRow:
    pk: int
    number: str
    group: str
    home: str
    given_name: str


@dataclass(frozen=True)
class Cast:
    """Who the story is about at De Akker (pupil ids), drawn with the seed."""

    bas: int
    sara: int
    case_pupil: int  # a short case with the school social worker as regiehouder, closed
    learning_pupil: int  # a learning signal that needed no further action
    home_pupil: int  # a home-situation signal that ended in advice to the teacher
    class_group: str  # the group of the collective proposal (groep 4 when it has enough pupils)
    class_pupils: tuple[int, ...]  # behaviour signals next to Bas's case, in that group
    unauthorised: str  # pupil numbers for attendance: a 16-hour report,
    rising: str  # an early warning,
    late: str  # tier 2 by lateness
    sporadic: tuple[str, ...]  # and a few ill days here and there


def story_cast(*, rows: list[PupilRow], bas: int, sara: int, seed: int) -> Cast | None:
    """Draw the cast from De Akker's current pupils (rows sorted by pupil number); pure and deterministic.
    None when the school is too small for the story (a region of a few hundred pupils)."""
    rng = random.Random(f"demo-story-{seed}")
    others = [r for r in rows if r.pk not in (bas, sara)]
    if len(others) < MINIMUM_CAST:
        return None
    bas_group = next(r.group for r in rows if r.pk == bas)
    groups: dict[str, list[PupilRow]] = {}
    for row in others:
        groups.setdefault(row.group, []).append(row)
    class_group = bas_group if len(groups.get(bas_group, [])) >= 2 else max(groups, key=lambda g: (len(groups[g]), g))
    class_pupils = tuple(r.pk for r in rng.sample(groups[class_group], min(2, len(groups[class_group]))))
    rest = [r for r in others if r.pk not in class_pupils and r.group != bas_group]
    rng.shuffle(rest)
    case_pupil, learning_pupil, home_pupil = (r.pk for r in rest[:3])
    in_hengelo = [r for r in rest[3:] if r.home == c.TWENTE_HOME] or rest[3:]
    unauthorised = in_hengelo[0].number
    numbers = [r.number for r in rest[3:] if r.number != unauthorised]
    rising, late = numbers[0], numbers[1]
    sporadic = tuple(sorted(rng.sample(numbers[2:], min(len(numbers) - 2, len(rows) // 5))))
    return Cast(
        bas=bas,
        sara=sara,
        case_pupil=case_pupil,
        learning_pupil=learning_pupil,
        home_pupil=home_pupil,
        class_group=class_group,
        class_pupils=class_pupils,
        unauthorised=unauthorised,
        rising=rising,
        late=late,
        sporadic=sporadic,
    )


def attendance_rows(
    *, cast: Cast, school_code: str, days: list[date], minutes: Callable[[date], int], seed: int
) -> list[dict[str, str]]:
    """The registrations of De Akker's last school days (`days`, oldest first), as rows of the import file."""
    rng = random.Random(f"demo-attendance-{seed}")
    rows: list[tuple[str, date, int, str]] = []
    recent = days[-15:]
    for day in recent[2::5]:  # a full day of unauthorised absence each of the last three weeks, and more
        rows.append((cast.unauthorised, day, minutes(day), "ongeoorloofd"))
    for day in recent[3::4]:
        rows.append((cast.unauthorised, day, minutes(day) // 2, "te_laat" if day.weekday() == 0 else "ongeoorloofd"))
    for day in days[-18:-15] + recent[-4:-2]:  # ill more and more often lately
        rows.append((cast.rising, day, minutes(day), "ziek"))
    for day in days[-20:]:
        if day.weekday() != 2 and rng.random() < 0.85:
            rows.append((cast.late, day, rng.choice((30, 35, 40, 45)), "te_laat"))
    for number in cast.sporadic:
        day = rng.choice(days)
        rows.append((number, day, minutes(day), rng.choice(("ziek", "ziek", "ziek", "geoorloofd"))))
    merged: dict[tuple[str, date, str], int] = {}
    for number, day, amount, reason in rows:
        key = (number, day, reason)
        merged[key] = min(merged.get(key, 0) + amount, minutes(day))
    return [
        {"school": school_code, "pupil": number, "date": day.isoformat(), "minutes": str(amount), "reason": reason}
        for (number, day, reason), amount in sorted(merged.items())
    ]


@dataclass(frozen=True)
class StorySummary:
    meetings: int
    signals: int
    cases: int
    consents: int
    handovers: int
    registrations: int
    proposals: int


@dataclass
class Story:
    """The state of the story while it runs: the people (reloaded per step, so no access cache outlives a
    change), the school, and what earlier steps made."""

    today: date
    seed: int
    school: School
    days: SchoolDays
    cast: Cast
    org: dict[str, Organisation]
    people: dict[str, User] = field(default_factory=dict)
    made: dict[str, Any] = field(default_factory=dict)

    def user(self, username: str) -> User:
        return self.people[username]

    def pupil(self, pk: int) -> Pupil:
        return Pupil.objects.get(pk=pk)

    def reload(self) -> None:
        usernames = [a.username for a in c.DEMO_ACCOUNTS] + [p.username for p in c.STORY_PEOPLE]
        self.people = {u.username: u for u in User.objects.filter(username__in=usernames)}
        self.school.refresh_from_db()


def demo_story(*, today: date, seed: int, present: datetime) -> StorySummary:
    """Play the story at De Akker up to `present` (a moment on `today`)."""
    school = School.objects.get(code=c.DE_AKKER)
    days = CalendarCache().for_school(school)
    past = _school_days_before(days, today, HISTORY_DAYS)
    cast = _cast(school, seed, today, since=past[STORY_DAYS - 1])
    if cast is None:
        return StorySummary(0, 0, 0, 0, 0, 0, 0)
    _story_people_create()
    story = Story(today=today, seed=seed, school=school, days=days, cast=cast, org=_organisations())
    ahead = _school_days_after(story.days, today, 40)
    steps = _timeline(story, past, ahead, present)
    freezer = freeze_time(steps[0][0], tick=False)
    clock = freezer.start()
    try:
        for moment, step in sorted(steps, key=lambda s: s[0]):
            clock.move_to(moment)
            story.reload()
            step(story)
    finally:
        freezer.stop()
    team = school.team
    return StorySummary(
        meetings=team.meetings.count(),
        signals=Signal.objects.filter(school=school).count(),
        cases=Case.objects.filter(school=school).count(),
        consents=Consent.objects.count(),
        handovers=Handover.objects.count(),
        registrations=AbsenceRegistration.objects.count(),
        proposals=CollectiveProposal.objects.count(),
    )


# --- Who and where --------------------------------------------------------------------------------------------


def _story_people_create() -> None:
    """The people of the story without a demo login (the day-care centre, the GP practice support)."""
    schools = dict(School.objects.values_list("code", "pk"))
    for spec in c.STORY_PEOPLE:
        user, _created = User.objects.update_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "is_active": True,
                "email": f"{spec.username}@example.org",
            },
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        Membership.objects.filter(user=user).delete()
        at_school = spec.where in schools
        Membership.objects.create(
            user=user,
            role=spec.role,
            school_id=schools[spec.where] if at_school else None,
            organisation=None if at_school else Organisation.objects.get(name=_organisation_name(spec.where)),
        )


def _organisation_name(key: str) -> str:
    prefix, code = key.split("-", 1)
    pattern = next(p for k, _kind, p in c.MUNICIPAL_ORGANISATIONS if k == prefix)
    return pattern.format(name=c.MUNICIPALITIES[code][0])


def _organisations() -> dict[str, Organisation]:
    names = {
        key: _organisation_name(key)
        for key in ("gemeente-GM0164", "welzijn-GM0164", "poh-GM0164", "wijkteam-GM0164", "leerplicht-GM0164")
    }
    names |= {
        "jgz": c.JGZ_NAME,
        "programma": c.PROGRAMME_NAME,
        "politie": "Politie basisteam Hengelo",
        "kinderopvang": "Kinderopvang Hengelo",
    }
    by_name = {o.name: o for o in Organisation.objects.filter(name__in=names.values())}
    return {key: by_name[name] for key, name in names.items()}


def demo_cast(*, school: School, seed: int, today: date) -> Cast | None:
    """Who the story that ends on `today` is about: the same pupils for the same seed and date."""
    since = _school_days_before(CalendarCache().for_school(school), today, STORY_DAYS)[-1]
    return _cast(school, seed, today, since=since)


def _cast(school: School, seed: int, today: date, *, since: date) -> Cast | None:
    """Bas and Sara, and pupils who were at the school on the story's first day (`since`): early in a school
    year the story reaches back into the previous one, before this year's new pupils came."""
    enrolments = (
        Enrolment.objects.filter(school=school, enrolled_until__isnull=True, enrolled_from__lte=today)
        .select_related("pupil__home_municipality", "pupil__family")
        .order_by("pupil_number")
    )
    rows, twente = [], {}
    for e in enrolments:
        if e.pupil.family and e.pupil.family.key == c.TWENTE_FAMILY_KEY:
            twente[e.pupil.given_name] = e.pupil_id
        elif e.enrolled_from > since:
            continue
        rows.append(PupilRow(e.pupil_id, e.pupil_number, e.group, e.pupil.home_municipality.code, e.pupil.given_name))
    rows.sort(key=lambda r: (len(r.number), r.number))
    return story_cast(rows=rows, bas=twente["Bas"], sara=twente["Sara"], seed=seed)


def _school_days_before(days: SchoolDays, today: date, count: int) -> list[date]:
    """The `count` school days before today, the most recent first."""
    found, day = [], today - timedelta(days=1)
    while len(found) < count:
        day = days.previous_school_day(day)
        found.append(day)
        day -= timedelta(days=1)
    return found


def _school_days_after(days: SchoolDays, today: date, count: int) -> list[date]:
    found, day = [], today
    while len(found) < count:
        day = days.next_school_day(day)
        found.append(day)
    return found


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


# --- The timeline -----------------------------------------------------------------------------------------------


def _timeline(story: Story, past: list[date], ahead: list[date], present: datetime) -> list[tuple[datetime, Step]]:
    """Each step at its moment; `p(n)` is the n-th school day before today, `a(n)` the n-th after."""

    def p(n: int) -> date:
        return past[n - 1]

    def a(n: int) -> date:
        return ahead[n - 1]

    core = (p(55), p(28), p(8))
    steps: list[tuple[datetime, Step]] = [
        (_at(p(STORY_DAYS), 10), _compose_team),
        (_at(p(STORY_DAYS), 11), _record_agreements(version=1)),
        (_at(p(STORY_DAYS), 12), _open_zero_measurement),
        (_at(p(61), 9), _plan_meetings(core=core, wider=(p(40), a(30)), upcoming=a(10))),
        (_at(p(60), 13), _respond_to_measurement("ib", "jgz", "jeugdregisseur")),
        (_at(p(59), 16), _respond_to_measurement("orthopedagoog", "smw", "procesbegeleider")),
        (_at(p(58), 8, 30), _raise_signal("ib", "case_pupil", Category.SOCIAL_EMOTIONAL, t.SIGNAL_CASE_PUPIL)),
        (_at(p(57), 12), _raise_signal("orthopedagoog", "learning_pupil", Category.LEARNING, t.SIGNAL_LEARNING)),
        (_at(core[0], 14, 30), _hold_meeting(0, t.MINUTES_FIRST)),
        (_at(p(54), 9), _close_zero_measurement),
        (_at(p(54), 10), _open_case_with_social_worker),
        (_at(p(50), 11), _record_agreements(version=2)),
        (_at(p(42), 15), _finish_action("teacher_action", "leerkracht")),
        (_at(p(40), 15), _hold_wider_meeting),
        (_at(p(36), 12, 15), _raise_bas_signal),
        (_at(p(35), 8, 15), _schedule_signal("bas_signal")),
        (_at(p(33), 10), _raise_signal("jeugdregisseur", "home_pupil", Category.HOME, t.SIGNAL_HOME)),
        (_at(core[1], 14, 30), _hold_meeting(1, t.MINUTES_SECOND)),
        (_at(p(27), 9), _open_bas_case),
        (_at(p(17), 15), _finish_action("bas_teacher_action", "leerkracht")),
        (_at(p(13), 11), _finish_action("bas_nurse_action", "jgz")),
        (_at(p(12), 12, 15), _raise_class_signal(0)),
        (_at(p(10), 16), _close_social_worker_case),
        (_at(core[2], 14, 30), _hold_meeting(2, t.MINUTES_THIRD)),
        (_at(p(7), 10), _after_bas_evaluation(next_evaluation=a(20))),
        (_at(p(5), 8, 15), _schedule_signal("class_signal_0")),
        (_sara_signal_moment(story, _at(p(4), 12), present), _raise_sara_signal),
        (_at(p(3), 12, 15), _raise_class_signal(1)),
        (_at(p(2), 9), _invite_attendance_officer),
        (_at(p(2), 10), _open_second_measurement),
        (present - timedelta(minutes=2), _import_attendance(past[ATTENDANCE_DAYS - 1 :: -1])),
        (present - timedelta(minutes=1), _detect_proposals),
    ]
    return steps + _sara_handover_steps(story, before=p(1))


# --- The team -----------------------------------------------------------------------------------------------------


def _compose_team(story: Story) -> None:
    ib = story.user("ib")
    team = team_services.team_create(
        actor=ib,
        school=story.school,
        form=Team.Form.CORE_WIDER_STEERING,
        cadence_core=6,
        cadence_wider=2,
        cadence_steering=2,
    )
    # First who is involved around the school (§3.1), then who sits in which layer.
    layers = {}
    for spec in t.STAKEHOLDERS:
        stakeholder = team_services.stakeholder_add(
            actor=ib,
            team=team,
            name=spec.name,
            function=spec.function,
            user=story.user(spec.username) if spec.username else None,
            organisation=story.org[spec.organisation] if spec.organisation else None,
            phone=spec.phone,
            email=spec.email,
            is_manager=spec.is_manager,
            is_contact_person=spec.is_contact_person,
        )
        if spec.layer:
            layers[stakeholder.uuid] = spec.layer
    team_services.stakeholders_assign_layers(actor=ib, team=team, layers=layers)


def _record_agreements(*, version: int) -> Step:
    def step(story: Story) -> None:
        team = story.school.team
        actor = story.user("ib" if version == 1 else "procesbegeleider")
        for topic, text in (t.AGREEMENTS if version == 1 else t.AGREEMENTS_REVISED).items():
            team_services.agreement_record(actor=actor, team=team, topic=topic, text=text, base_version=version - 1)

    return step


def _open_zero_measurement(story: Story) -> None:
    team_services.assessment_open(actor=story.user("procesbegeleider"), team=story.school.team, title=t.ZERO_TITLE)


def _respond_to_measurement(*usernames: str) -> Step:
    def step(story: Story) -> None:
        assessment = story.school.team.assessments.get(status="open")
        second = assessment.title != t.ZERO_TITLE
        for username in usernames:
            rng = random.Random(f"demo-measurement-{story.seed}-{assessment.title}-{username}")
            low, high = (3, 5) if second else (2, 4)
            scores = {key: rng.randint(low, high) for key in team_content.ITEM_KEYS}
            team_services.assessment_respond(actor=story.user(username), assessment=assessment, scores=scores)

    return step


def _close_zero_measurement(story: Story) -> None:
    assessment = story.school.team.assessments.get(status="open")
    team_services.assessment_close(actor=story.user("procesbegeleider"), assessment=assessment)


def _open_second_measurement(story: Story) -> None:
    team_services.assessment_open(actor=story.user("procesbegeleider"), team=story.school.team, title=t.SECOND_TITLE)
    _respond_to_measurement("ib", "jgz")(story)


def _plan_meetings(*, core: tuple[date, ...], wider: tuple[date, date], upcoming: date) -> Step:
    """The IB'er plans the school year: the core team's meetings, the wider team's, and the series of the
    coming core meetings to the end of the school year (as many as still fit, at most three)."""

    def step(story: Story) -> None:
        ib, team = story.user("ib"), story.school.team
        for day in core:
            team_services.meeting_plan(
                actor=ib,
                team=team,
                layer=Team.Layer.CORE,
                starts_at=_at(day, 14, 30),
                ends_at=_at(day, 16),
                location=t.CORE_ROOM,
            )
        for day in wider:
            team_services.meeting_plan(
                actor=ib,
                team=team,
                layer=Team.Layer.WIDER,
                starts_at=_at(day, 15),
                ends_at=_at(day, 16, 30),
                location=t.WIDER_ROOM,
            )
        for count in (3, 2, 1):
            try:
                team_services.meetings_plan_series(
                    actor=ib,
                    team=team,
                    layer=Team.Layer.CORE,
                    first_starts_at=_at(upcoming, 14, 30),
                    duration_minutes=90,
                    count=count,
                    location=t.CORE_ROOM,
                )
                break
            except ValidationError:
                continue

    return step


def _core_meetings(story: Story) -> list[Meeting]:
    return list(
        story.school.team.meetings.filter(layer=Team.Layer.CORE, kind=Meeting.Kind.REGULAR).order_by("starts_at")
    )


def _hold_meeting(index: int, minutes: dict[str, str]) -> Step:
    """A core meeting as it happened: attendance, the consultations of its signals, minutes per item,
    decisions and actions, then closed."""

    def step(story: Story) -> None:
        ib = story.user("ib")
        meeting = _core_meetings(story)[index]
        team = meeting.team
        team_services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
        entries = []
        for stakeholder in team.stakeholders.filter(layer=Team.Layer.CORE).order_by("name"):
            absent = index == 1 and stakeholder.user_id == story.user("smw").pk
            entries.append(
                team_services.AttendanceEntry(
                    stakeholder,
                    Attendance.Status.SUBSTITUTED if absent else Attendance.Status.PRESENT,
                    t.SUBSTITUTE if absent else "",
                )
            )
        team_services.attendance_record(actor=ib, meeting=meeting, entries=entries)
        CONSULTATIONS[index](story, meeting)
        for item in meeting.agenda_items.all():
            text = minutes.get(item.kind) if item.signal_id is None else story.made.pop(f"minutes-{item.signal_id}", "")
            if text:
                team_services.agenda_item_record_minutes(actor=ib, item=item, minutes=text, version=item.version)
        for text in t.DECISIONS[index]:
            team_services.decision_record(actor=ib, meeting=meeting, text=text)
        for owner, description, weeks, key in t.MEETING_ACTIONS[index]:
            item = meeting.agenda_items.filter(kind=AgendaItem.Kind.COLLABORATION).first()
            action = team_services.action_create(
                actor=ib,
                team=team,
                description=description,
                owner=story.user(owner),
                due_date=meeting.starts_at.date() + timedelta(weeks=weeks),
                meeting=meeting,
                agenda_item=item,
            )
            if key:
                story.made[key] = action.pk
        team_services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.CLOSED)

    return step


def _hold_wider_meeting(story: Story) -> None:
    ib = story.user("ib")
    meeting = story.school.team.meetings.filter(layer=Team.Layer.WIDER).order_by("starts_at").first()
    team_services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    item = meeting.agenda_items.get(kind=AgendaItem.Kind.OPEN_ACTIONS)
    team_services.agenda_item_record_minutes(actor=ib, item=item, minutes=t.MINUTES_WIDER_ACTIONS, version=item.version)
    for kind, title, text in t.WIDER_ITEMS:
        added = team_services.agenda_item_add(actor=ib, meeting=meeting, kind=kind, title=title)
        team_services.agenda_item_record_minutes(actor=ib, item=added, minutes=text, version=added.version)
    team_services.decision_record(actor=ib, meeting=meeting, text=t.DECISION_WIDER)
    team_services.meeting_transition(actor=ib, meeting=meeting, to=Meeting.Status.CLOSED)


def _finish_action(key: str, username: str) -> Step:
    def step(story: Story) -> None:
        action = Action.objects.get(pk=story.made[key])
        team_services.action_transition(
            actor=story.user(username), action=action, to=Action.Status.DONE, version=action.version
        )

    return step


def _invite_attendance_officer(story: Story) -> None:
    meeting = next(m for m in _core_meetings(story) if m.status == Meeting.Status.PLANNED)
    team_services.guest_invite(
        actor=story.user("ib"), meeting=meeting, user=story.user("leerplicht"), purpose=t.GUEST_PURPOSE
    )


# --- Signals and consultations ----------------------------------------------------------------------------------


def _raise_signal(username: str, who: str, category: str, text: tuple[str, str]) -> Step:
    def step(story: Story) -> None:
        signal = case_services.signal_raise(
            actor=story.user(username),
            school=story.school,
            level=Signal.Level.CHILD,
            category=category,
            pupil=story.pupil(getattr(story.cast, who)),
            seen_in_school=text[0],
            seen_outside_school=text[1],
        )
        story.made[f"{who}_signal"] = signal.pk

    return step


def _raise_bas_signal(story: Story) -> None:
    _raise_signal("leerkracht", "bas", Category.BEHAVIOUR, t.SIGNAL_BAS)(story)


def _raise_class_signal(index: int) -> Step:
    """Behaviour signals of other pupils in the class: with Bas's case they make a collective proposal."""

    def step(story: Story) -> None:
        if index >= len(story.cast.class_pupils):
            return
        raiser = "leerkracht" if story.cast.class_group == "groep 4" else "orthopedagoog"
        signal = case_services.signal_raise(
            actor=story.user(raiser),
            school=story.school,
            level=Signal.Level.CHILD,
            category=Category.BEHAVIOUR,
            pupil=story.pupil(story.cast.class_pupils[index]),
            seen_in_school=t.SIGNAL_CLASS[index][0],
            seen_outside_school=t.SIGNAL_CLASS[index][1],
        )
        story.made[f"class_signal_{index}"] = signal.pk

    return step


def _sara_signal_moment(story: Story, planned: datetime, present: datetime) -> datetime:
    """Four school days ago, or, when Sara started school after that, at noon of her first day (before the
    nightly import if that is today)."""
    start = Enrolment.objects.get(pupil_id=story.cast.sara, school=story.school).enrolled_from
    return min(max(planned, _at(start, 12)), present - timedelta(minutes=3))


def _raise_sara_signal(story: Story) -> None:
    _raise_signal("ib", "sara", Category.SOCIAL_EMOTIONAL, t.SIGNAL_SARA)(story)
    signal = Signal.objects.get(pk=story.made["sara_signal"])
    item = AgendaItem.objects.filter(signal=signal).first()
    if item is not None:
        team_services.agenda_item_prepare(
            actor=story.user("ib"), item=item, preparation=t.PREPARATION_SARA, version=item.version
        )


def _schedule_signal(key: str) -> Step:
    def step(story: Story) -> None:
        signal = Signal.objects.filter(pk=story.made.get(key), status=Signal.Status.NEW).first()
        if signal is not None:  # a core member's signal is on the agenda already
            case_services.signal_schedule(actor=story.user("ib"), signal=signal)

    return step


def _consult(story: Story, key: str, spec: t.ConsultationText) -> Consultation:
    signal = Signal.objects.get(pk=story.made[key])
    ib = story.user("ib")
    consultation = case_services.consultation_start(actor=ib, signal=signal)
    consultation = case_services.consultation_update(
        actor=ib,
        consultation=consultation,
        signals=consultation.signals,
        already_started=spec.already_started,
        active_members=[story.user(u) for u in spec.active],
        active_role_note=spec.roles,
        version=consultation.version,
    )
    for username, text in spec.wisdom:
        case_services.contribution_add(actor=story.user(username), consultation=consultation, text=text)
    story.made[f"minutes-{signal.pk}"] = spec.minutes
    return case_services.consultation_conclude(
        actor=ib, consultation=consultation, outcome=spec.outcome, advice=spec.advice
    )


def _consult_first(story: Story, meeting: Meeting) -> None:
    _consult(story, "case_pupil_signal", t.CONSULT_CASE_PUPIL)
    _consult(story, "learning_pupil_signal", t.CONSULT_LEARNING)


def _consult_second(story: Story, meeting: Meeting) -> None:
    _consult(story, "bas_signal", t.CONSULT_BAS)
    _consult(story, "home_pupil_signal", t.CONSULT_HOME)


def _evaluate_bas(story: Story, meeting: Meeting) -> None:
    case = Case.objects.get(pk=story.made["bas_case"])
    evaluation = case.evaluations.get(held_on__isnull=True)
    case_services.evaluation_record(
        actor=story.user("jgz"), evaluation=evaluation, held_on=timezone.localdate(), **t.EVALUATION_BAS
    )
    if case.signal_id:
        story.made[f"minutes-{case.signal_id}"] = t.MINUTES_BAS_EVALUATION


CONSULTATIONS: dict[int, Callable[[Story, Meeting], None]] = {0: _consult_first, 1: _consult_second, 2: _evaluate_bas}


# --- Cases -----------------------------------------------------------------------------------------------------


def _guardians(pupil: Pupil) -> list[Any]:
    return list(pupil.guardians.filter(has_authority=True).order_by("given_name"))


def _open_case_with_social_worker(story: Story) -> None:
    ib, smw = story.user("ib"), story.user("smw")
    pupil = story.pupil(story.cast.case_pupil)
    consent_services.consent_record(
        actor=ib,
        pupil=pupil,
        purpose=Purpose.CASE,
        given_on=timezone.localdate(),
        guardians=_guardians(pupil)[:1],
        pupil_agreed=_age(pupil) >= 12,
        organisations=[story.org["welzijn-GM0164"]],
        method=Method.VERBAL,
        note=t.CONSENT_NOTE_CASE_PUPIL,
    )
    case = case_services.case_open(
        actor=ib,
        school=story.school,
        pupils=[pupil],
        coordinator=smw,
        category=Category.SOCIAL_EMOTIONAL,
        signal=Signal.objects.get(pk=story.made["case_pupil_signal"]),
        coordinator_role=t.ROLE_SMW,
    )
    case_services.case_story_update(
        actor=smw,
        case=case,
        parents_story=t.STORY_CASE_PUPIL[0],
        pupil_voice=t.STORY_CASE_PUPIL[1],
        version=case.story_version,
    )
    _write_plan(story, case, smw, t.PLAN_CASE_PUPIL, note=t.PLAN_NOTE_FIRST)
    action = case_services.case_action_add(
        actor=smw,
        case=case,
        description=t.ACTION_CASE_PUPIL,
        owner=smw,
        due_date=timezone.localdate() + timedelta(weeks=5),
    )
    story.made["case_pupil_case"], story.made["case_pupil_action"] = case.pk, action.pk


def _close_social_worker_case(story: Story) -> None:
    smw = story.user("smw")
    case = Case.objects.get(pk=story.made["case_pupil_case"])
    action = Action.objects.get(pk=story.made["case_pupil_action"])
    case_services.case_action_transition(
        actor=smw, case=case, action=action, to=Action.Status.DONE, version=action.version
    )
    case_services.case_transition(actor=smw, case=case, to=Case.Status.CLOSED, note=t.CLOSING_CASE_PUPIL)


def _open_bas_case(story: Story) -> None:
    """The day after the consultation: the IB'er and the youth nurse talk with the parents, who consent; the
    case opens with the youth nurse as regiehouder, the teacher joins, and the plan is written."""
    ib, nurse, teacher = story.user("ib"), story.user("jgz"), story.user("leerkracht")
    bas = story.pupil(story.cast.bas)
    today = timezone.localdate()
    consent_services.consent_record(
        actor=ib,
        pupil=bas,
        purpose=Purpose.CASE,
        given_on=today,
        guardians=_guardians(bas),
        method=Method.WRITTEN,
        organisations=[story.org["jgz"], story.org["poh-GM0164"]],
        note=t.CONSENT_NOTE_BAS,
    )
    consent_services.consent_record(
        actor=ib,
        pupil=bas,
        purpose=Purpose.CORE_TEAM,
        given_on=today,
        guardians=_guardians(bas),
        method=Method.WRITTEN,
        schools=[story.school],
        organisations=[story.org["jgz"], story.org["gemeente-GM0164"], story.org["welzijn-GM0164"]],
        note=t.CONSENT_NOTE_BAS_CORE,
    )
    case = case_services.case_open(
        actor=ib,
        school=story.school,
        pupils=[bas],
        coordinator=nurse,
        category=Category.BEHAVIOUR,
        signal=Signal.objects.get(pk=story.made["bas_signal"]),
        coordinator_role=t.ROLE_NURSE,
    )
    case_services.case_member_add(actor=nurse, case=case, user=teacher, role_in_case=t.ROLE_TEACHER)
    case_services.case_story_update(
        actor=nurse, case=case, parents_story=t.STORY_BAS[0], pupil_voice=t.STORY_BAS[1], version=case.story_version
    )
    _write_plan(story, case, nurse, t.PLAN_BAS, note=t.PLAN_NOTE_FIRST)
    teacher_action = case_services.case_action_add(
        actor=nurse, case=case, description=t.ACTION_BAS_TEACHER, owner=teacher, due_date=today + timedelta(weeks=2)
    )
    nurse_action = case_services.case_action_add(
        actor=nurse, case=case, description=t.ACTION_BAS_NURSE, owner=nurse, due_date=today + timedelta(weeks=3)
    )
    evaluation_day = _core_meetings(story)[2].starts_at.date()
    case_services.evaluation_plan(actor=nurse, case=case, planned_on=evaluation_day)
    story.made.update(bas_case=case.pk, bas_teacher_action=teacher_action.pk, bas_nurse_action=nurse_action.pk)


def _after_bas_evaluation(*, next_evaluation: date) -> Step:
    """After the evaluation: the GP practice support joins to help Bas playfully, the plan gets its second
    version, and the next evaluation is planned."""

    def step(story: Story) -> None:
        nurse, support = story.user("jgz"), story.user(c.STORY_GP_SUPPORT)
        case = Case.objects.get(pk=story.made["bas_case"])
        case_services.case_member_add(actor=nurse, case=case, user=support, role_in_case=t.ROLE_GP_SUPPORT)
        _write_plan(story, case, nurse, t.PLAN_BAS_AFTER_EVALUATION, note=t.PLAN_NOTE_SECOND)
        case_services.case_action_add(
            actor=nurse, case=case, description=t.ACTION_BAS_SUPPORT, owner=support, due_date=next_evaluation
        )
        case_services.case_action_add(
            actor=nurse,
            case=case,
            description=t.ACTION_BAS_TEACHER_OPEN,
            owner=story.user("leerkracht"),
            due_date=timezone.localdate() + timedelta(weeks=3),
        )
        case_services.evaluation_plan(actor=nurse, case=case, planned_on=next_evaluation)

    return step


def _write_plan(
    story: Story, case: Case, actor: User, steps: dict[int, tuple[dict[str, str], bool]], note: str
) -> None:
    for number, (answers, provisional) in sorted(steps.items()):
        step = case.plan.steps.get(number=number)
        case_services.plan_step_save(
            actor=actor, case=case, number=number, answers=answers, provisional=provisional, version=step.version
        )
    case_services.plan_version_create(actor=actor, case=case, note=note)


def _age(pupil: Pupil) -> int:
    from werkplaats.consent.policy import age_on

    return age_on(pupil.birth_date, timezone.localdate())


# --- Sara's warm handover -------------------------------------------------------------------------------------


def _sara_handover_steps(story: Story, *, before: date) -> list[tuple[datetime, Step]]:
    """Childcare → primary around Sara's fourth birthday: the day-care centre sends it with the parents'
    consent, the IB'er accepts it, and the check-in after six weeks closes it when that day has passed."""
    start = Enrolment.objects.get(pupil_id=story.cast.sara, school=story.school).enrolled_from
    sent = start - timedelta(days=30)
    sent -= timedelta(days=max(0, sent.weekday() - 4))  # a working day of the day-care centre
    accepted = sent + timedelta(days=3 if sent.weekday() < 2 else 5)
    check_in = accepted + timedelta(weeks=t.HANDOVER_WEEKS)
    steps: list[tuple[datetime, Step]] = [(_at(sent, 10), _send_sara_handover), (_at(accepted, 9), _accept_handover)]
    if check_in <= before:
        steps.append((_at(check_in, 15), _check_in_handover))
    return steps


def _send_sara_handover(story: Story) -> None:
    worker = story.user(c.STORY_CHILDCARE_WORKER)
    sara = story.pupil(story.cast.sara)
    consent_services.consent_record(
        actor=worker,
        pupil=sara,
        purpose=Purpose.HANDOVER,
        given_on=timezone.localdate(),
        guardians=_guardians(sara),
        schools=[story.school],
        method=Method.WRITTEN,
        note=t.CONSENT_NOTE_SARA,
    )
    handover = case_services.handover_create(
        actor=worker,
        pupil=sara,
        kind=Handover.Kind.CHILDCARE_PRIMARY,
        summary=t.HANDOVER_SARA,
        to_school=story.school,
        check_in_weeks=t.HANDOVER_WEEKS,
    )
    case_services.handover_send(actor=worker, handover=handover)
    story.made["sara_handover"] = handover.pk


def _accept_handover(story: Story) -> None:
    case_services.handover_accept(actor=story.user("ib"), handover=Handover.objects.get(pk=story.made["sara_handover"]))


def _check_in_handover(story: Story) -> None:
    case_services.handover_check_in(
        actor=story.user("ib"), handover=Handover.objects.get(pk=story.made["sara_handover"]), note=t.CHECK_IN_SARA
    )


# --- Attendance and the collective proposal --------------------------------------------------------------------


def _import_attendance(days: list[date]) -> Step:
    """The school administration's nightly export, through the attendance import (system): De Akker's last
    eight school weeks, and Tina's late arrivals at her secondary school."""

    def step(story: Story) -> None:
        rows = attendance_rows(
            cast=story.cast, school_code=story.school.code, days=days, minutes=story.days.minutes_on, seed=story.seed
        )
        rows += _tina_rows(story, days)
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=["school", "pupil", "date", "minutes", "reason"])
        writer.writeheader()
        writer.writerows(rows)
        result = registrations_import(io.BytesIO(buffer.getvalue().encode("utf-8")))
        if result.rejected:
            raise ValidationError(f"demo attendance rejected: {result.errors[:3]}")

    return step


def _tina_rows(story: Story, days: list[date]) -> list[dict[str, str]]:
    enrolment = Enrolment.objects.select_related("school").get(
        pupil__family__key=c.TWENTE_FAMILY_KEY, pupil__given_name="Tina", enrolled_until__isnull=True
    )
    school_days = CalendarCache().for_school(enrolment.school)
    rows = []
    for index, day in enumerate(days[-20:]):
        if index % 3 != 1 and school_days.is_school_day(day) and day >= enrolment.enrolled_from:
            rows.append(
                {
                    "school": enrolment.school.code,
                    "pupil": enrolment.pupil_number,
                    "date": day.isoformat(),
                    "minutes": str(40 + 5 * (index % 3)),
                    "reason": "te_laat",
                }
            )
    return rows


def _detect_proposals(story: Story) -> None:
    case_services.proposals_detect(school=story.school, today=timezone.localdate())
