"""Reads of attendance (contract §3 and §4). The system-level functions (`school_status`,
`school_tier_counts`, `region_tiers`) take no user: callers that serve people go through
`school_status_for_user` / `pupil_attendance_status`, which check the relationship with the school and
write the access log. Every figure comes from the week aggregates (AttendanceWeek), never from raw rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import holidays
from django.conf import settings
from django.db.models import Case, DateField, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Greatest
from django.http import Http404

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import pupil_memberships, schools_for_user
from werkplaats.audit.services import Action, Outcome, access_log_write
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment
from werkplaats.pupils.selectors import enrolments_visible_to

from .calendars import CalendarCache, SchoolDays, monday, school_year_end, school_year_start
from .derivations import THUISZITTER_DAYS, Thresholds, WeekData, absence_rate, is_thuiszitter, tier
from .models import AbsenceReport, AttendanceWeek

THUISZITTER_LOOKBACK = timedelta(days=150)  # 20 school days always lie within this (summer holiday included)
REPORT_DEADLINE_WORKING_DAYS = 5
AUTHORISATION = "relatie met de school (lidmaatschap met rol)"


@dataclass
class ReportLine:
    uuid: UUID
    reason: str
    start_date: date
    threshold_date: date
    status: str
    deadline: date

    def as_dict(self) -> dict[str, Any]:
        return {
            "reason": self.reason,
            "start_date": self.start_date.isoformat(),
            "threshold_date": self.threshold_date.isoformat(),
            "status": self.status,
        }


@dataclass
class PupilStatus:
    enrolment_id: int
    pupil_id: int
    pupil_uuid: UUID
    pupil_number: str
    tier: int
    absence_rate: Decimal
    unauthorised_minutes_4w: int
    thuiszitter: bool
    absent_minutes: int = 0
    scheduled_minutes: int = 0
    reports: list[ReportLine] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pupil": self.pupil_number,
            "tier": self.tier,
            "absence_rate": float(self.absence_rate),
            "unauthorised_minutes_4w": self.unauthorised_minutes_4w,
            "thuiszitter": self.thuiszitter,
            "reports": [report.as_dict() for report in self.reports],
        }


@dataclass
class SchoolStatus:
    school: School
    on: date
    pupils: list[PupilStatus]

    @property
    def tiers(self) -> dict[str, int]:
        return tier_counts(self.pupils)

    def as_dict(self) -> dict[str, Any]:
        return {
            "school": self.school.code,
            "on": self.on.isoformat(),
            "pupils": [pupil.as_dict() for pupil in self.pupils],
            "tiers": self.tiers,
        }


def tier_counts(pupils: list[PupilStatus]) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3": 0}
    for pupil in pupils:
        counts[str(pupil.tier)] += 1
    return counts


def enrolled_on(on: date) -> Q:
    return Q(enrolled_from__lte=on) & (Q(enrolled_until__isnull=True) | Q(enrolled_until__gte=on))


def report_deadline(threshold_date: date) -> date:
    """The statutory deadline: 5 working days (Monday–Friday, not a national public holiday) after the
    threshold date."""
    public = holidays.country_holidays("NL", years=range(threshold_date.year, threshold_date.year + 2))
    day, left = threshold_date, REPORT_DEADLINE_WORKING_DAYS
    while left:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in public:
            left -= 1
    return day


def _weekdata(row: tuple) -> WeekData:
    return WeekData(
        week_start=row[0], absent=tuple(row[1:6]), unauthorised=tuple(row[6:11]), home_mask=row[11], luxe_mask=row[12]
    )


WEEKDATA_FIELDS = (
    "week_start",
    "absent_1",
    "absent_2",
    "absent_3",
    "absent_4",
    "absent_5",
    "unauthorised_1",
    "unauthorised_2",
    "unauthorised_3",
    "unauthorised_4",
    "unauthorised_5",
    "home_mask",
    "luxe_mask",
)


def compute_statuses(
    *, enrolments: QuerySet[Enrolment], on: date, with_reports: bool = True, cache: CalendarCache | None = None
) -> list[PupilStatus]:
    """The figures of contract §3 on `on` for the given enrolments (callers pass those enrolled on
    `on`), sorted by pupil number. Reports must have been derived first (services.reports_derive).
    A report's status is its current status: a report closed (submitted) later than `on` shows as
    closed and no longer makes the pupil tier 3."""
    cache = cache or CalendarCache()
    rows = list(
        enrolments.values_list(
            "id",
            "school_id",
            "pupil_id",
            "pupil__uuid",
            "pupil_number",
            "pupil__birth_date",
            "enrolled_from",
            "enrolled_until",
        )
    )
    if not rows:
        return []
    schools = {s.pk: s for s in School.objects.filter(pk__in={row[1] for row in rows})}
    cache.prefetch(schools.values())
    calendars: dict[int, SchoolDays] = {pk: cache.for_school(school) for pk, school in schools.items()}
    year_start = school_year_start(on)
    monday_on = monday(on)
    window_starts = {pk: days.window_start(on) for pk, days in calendars.items()}

    # Whole weeks before the week of `on`: summed in the database.
    lower = Greatest(F("enrolment__enrolled_from"), Value(year_start, output_field=DateField()))
    by_window: dict[date, list[int]] = defaultdict(list)
    for pk, start in window_starts.items():
        by_window[start].append(pk)
    unauthorised_when = [
        When(school_id__in=ids, week_start__gte=start, then=F("unauthorised_minutes"))
        for start, ids in by_window.items()
    ]
    sums = {
        row["enrolment_id"]: (row["absent"] or 0, row["unauthorised"] or 0)
        for row in AttendanceWeek.objects.filter(
            enrolment__in=enrolments,
            week_start__lt=monday_on,
            week_start__gte=min(monday(year_start), *window_starts.values()),
        )
        .values("enrolment_id")
        .annotate(
            absent=Sum(
                Case(
                    When(week_start__gte=lower, then=F("absent_minutes")), default=Value(0), output_field=IntegerField()
                )
            ),
            unauthorised=Sum(Case(*unauthorised_when, default=Value(0), output_field=IntegerField())),
        )
    }
    # The week of `on` (days up to `on`) and the week in which counting starts: day by day.
    absent: dict[int, int] = {pk: sums.get(pk, (0, 0))[0] for pk, *_rest in rows}
    unauthorised: dict[int, int] = {pk: sums.get(pk, (0, 0))[1] for pk, *_rest in rows}
    lows = {row[0]: max(row[6], year_start) for row in rows}
    for row in (
        AttendanceWeek.objects.filter(enrolment__in=enrolments)
        .alias(lower=lower)
        .filter(
            Q(week_start=monday_on)
            | (Q(week_start__lt=F("lower"), week_end__gte=F("lower")) & Q(week_start__lt=monday_on))
        )
        .values_list("enrolment_id", *WEEKDATA_FIELDS)
    ):
        enrolment_id, week = row[0], _weekdata(row[1:])
        for offset in range(5):
            day = week.week_start + timedelta(days=offset)
            if day > on:
                break
            if day >= lows[enrolment_id]:
                absent[enrolment_id] += week.absent[offset]
            if week.week_start == monday_on:
                unauthorised[enrolment_id] += week.unauthorised[offset]

    # Thuiszitters: candidates with 20 home days in the last months, then checked day by day.
    candidates = list(
        AttendanceWeek.objects.filter(
            enrolment__in=enrolments, week_start__gte=on - THUISZITTER_LOOKBACK, week_start__lte=monday_on
        )
        .values("enrolment_id")
        .annotate(home=Sum("home_days"))
        .filter(home__gte=THUISZITTER_DAYS)
        .values_list("enrolment_id", flat=True)
    )
    weeks_of: dict[int, list[WeekData]] = defaultdict(list)
    for row in AttendanceWeek.objects.filter(
        enrolment_id__in=candidates, week_start__gte=on - THUISZITTER_LOOKBACK, week_start__lte=monday_on
    ).values_list("enrolment_id", *WEEKDATA_FIELDS):
        weeks_of[row[0]].append(_weekdata(row[1:]))
    by_id = {row[0]: row for row in rows}
    thuiszitters = {
        pk
        for pk in candidates
        if pk in by_id
        and is_thuiszitter(
            weeks=weeks_of[pk],
            on=on,
            birth_date=by_id[pk][5],
            enrolled_from=by_id[pk][6],
            calendar=calendars[by_id[pk][1]],
        )
    }

    open_reports = set(
        AbsenceReport.objects.filter(
            enrolment__in=enrolments, threshold_date__lte=on, status=AbsenceReport.Status.OPEN
        ).values_list("enrolment_id", flat=True)
    )
    reports: dict[int, list[ReportLine]] = defaultdict(list)
    if with_reports:
        for report in AbsenceReport.objects.filter(
            enrolment__in=enrolments, threshold_date__gte=year_start, threshold_date__lte=min(on, school_year_end(on))
        ).order_by("threshold_date", "start_date", "reason"):
            reports[report.enrolment_id].append(
                ReportLine(
                    uuid=report.uuid,
                    reason=report.reason,
                    start_date=report.start_date,
                    threshold_date=report.threshold_date,
                    status=report.status,
                    deadline=report_deadline(report.threshold_date),
                )
            )

    thresholds = Thresholds.from_settings()
    scheduled_memo: dict[tuple[int, date, date], int] = {}
    statuses = []
    for pk, school_id, pupil_id, pupil_uuid, number, _birth, _from, until in rows:
        last = on if until is None else min(on, until)
        key = (school_id, lows[pk], last)
        if key not in scheduled_memo:
            scheduled_memo[key] = calendars[school_id].scheduled_minutes(lows[pk], last)
        rate = absence_rate(absent[pk], scheduled_memo[key])
        statuses.append(
            PupilStatus(
                enrolment_id=pk,
                pupil_id=pupil_id,
                pupil_uuid=pupil_uuid,
                pupil_number=number,
                tier=tier(
                    rate=rate,
                    unauthorised_minutes_4w=unauthorised[pk],
                    report_open=pk in open_reports,
                    thuiszitter=pk in thuiszitters,
                    thresholds=thresholds,
                ),
                absence_rate=rate,
                unauthorised_minutes_4w=unauthorised[pk],
                thuiszitter=pk in thuiszitters,
                absent_minutes=absent[pk],
                scheduled_minutes=scheduled_memo[key],
                reports=reports.get(pk, []),
            )
        )
    statuses.sort(key=lambda status: (status.pupil_number, status.enrolment_id))
    return statuses


def school_enrolments(*, school: School, on: date) -> QuerySet[Enrolment]:
    return Enrolment.objects.filter(school=school).filter(enrolled_on(on))


def school_status(*, school: School, on: date) -> SchoolStatus:
    """System-level status of one school location on `on` (contract §4), after deriving its reports.
    Not logged: callers that show it to a person log what they show."""
    from .services import reports_derive

    enrolments = school_enrolments(school=school, on=on)
    reports_derive(enrolments=enrolments)
    return SchoolStatus(school=school, on=on, pupils=compute_statuses(enrolments=enrolments, on=on))


def school_tier_counts(*, school: School, on: date) -> dict[str, int]:
    """{"1": n1, "2": n2, "3": n3} over the pupils enrolled at the school on `on`. System level, no
    personal data: the monitor applies disclosure control."""
    from .services import reports_derive

    enrolments = school_enrolments(school=school, on=on)
    reports_derive(enrolments=enrolments)
    return tier_counts(compute_statuses(enrolments=enrolments, on=on, with_reports=False))


def region_tiers(*, on: date, derive: bool = True) -> dict[int, int]:
    """The tier of every pupil (enrolment) of the region enrolled on `on`: {enrolment id: tier}."""
    from .services import reports_derive

    enrolments = Enrolment.objects.filter(enrolled_on(on))
    if derive:
        reports_derive(enrolments=enrolments)
    return {
        status.enrolment_id: status.tier
        for status in compute_statuses(enrolments=enrolments, on=on, with_reports=False)
    }


def _log_statuses(*, user: User | None, statuses: list[PupilStatus], event_type: str, purpose: str) -> None:
    access_log_write(
        user=user,
        event_type=event_type,
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(status.pupil_uuid), status.pupil_uuid) for status in statuses],
        purpose=purpose,
        authorisation=AUTHORISATION if user is not None else "opdrachtregel (beheerder)",
    )


def school_status_logged(
    *, school: School, on: date, purpose: str = "verzuimoverzicht (opdrachtregel)"
) -> SchoolStatus:
    """`school_status` for the command line: read by the operator, logged as the system."""
    status = school_status(school=school, on=on)
    _log_statuses(user=None, statuses=status.pupils, event_type="attendance.status", purpose=purpose)
    return status


WRITER_ROLES = (Role.CARE_COORDINATOR,)


def schools_writable_by(*, user: User) -> QuerySet[School]:
    """School locations whose registrations the user may write: IB'er / zorgcoördinator of the school."""
    if not user.is_authenticated:
        return School.objects.none()
    memberships = pupil_memberships(user=user).filter(role__in=WRITER_ROLES, school__isnull=False)
    return School.objects.filter(pk__in=memberships.values("school"))


def school_for_user(*, user: User, code: str) -> School:
    """A school location the user has a relationship with; unknown and forbidden both raise Http404."""
    school = schools_for_user(user=user).filter(code=code).first()
    if school is None:
        access_log_write(
            user=user,
            event_type="attendance.status",
            action=Action.READ,
            object_type="school",
            object_ids=[(code[:64], None)],
            outcome=Outcome.REFUSED,
            purpose="verzuimoverzicht",
            authorisation="geen relatie met de school",
        )
        raise Http404
    return school


def school_status_for_user(*, user: User, code: str, on: date, purpose: str = "verzuimoverzicht") -> SchoolStatus:
    """The status of a school for a user with a relationship to it (see schools_for_user); only the
    pupils the user may see (a teacher restricted to groups sees those groups). Logs every pupil shown."""
    school = school_for_user(user=user, code=code)
    from .services import reports_derive

    visible = enrolments_visible_to(user=user, on=on).filter(school=school).values("pk")
    enrolments = school_enrolments(school=school, on=on).filter(pk__in=visible)
    reports_derive(enrolments=enrolments)
    status = SchoolStatus(school=school, on=on, pupils=compute_statuses(enrolments=enrolments, on=on))
    _log_statuses(user=user, statuses=status.pupils, event_type="attendance.status", purpose=purpose)
    return status


def pupil_attendance_status(
    *,
    user: User,
    enrolment_uuid: UUID | None = None,
    pupil_uuid: UUID | None = None,
    school: School | None = None,
    on: date,
    purpose: str = "verzuim van een leerling",
) -> list[PupilStatus]:
    """The figures of one pupil (each enrolment on `on` the user may see; narrowed by `school`), for the
    pupil's page. A pupil the user may not see raises Http404 (logged as refused)."""
    from .services import reports_derive

    enrolments = enrolments_visible_to(user=user, on=on).filter(enrolled_on(on))
    if enrolment_uuid is not None:
        enrolments = enrolments.filter(uuid=enrolment_uuid)
    if pupil_uuid is not None:
        enrolments = enrolments.filter(pupil__uuid=pupil_uuid)
    if school is not None:
        enrolments = enrolments.filter(school=school)
    enrolments = Enrolment.objects.filter(pk__in=enrolments.values("pk"))
    if not enrolments.exists():
        access_log_write(
            user=user,
            event_type="attendance.pupil",
            action=Action.READ,
            object_type="pupil",
            object_ids=[(str(pupil_uuid or enrolment_uuid or ""), pupil_uuid)],
            outcome=Outcome.REFUSED,
            purpose=purpose,
            authorisation="geen relatie met de leerling",
        )
        raise Http404
    reports_derive(enrolments=enrolments)
    statuses = compute_statuses(enrolments=enrolments, on=on)
    _log_statuses(user=user, statuses=statuses, event_type="attendance.pupil", purpose=purpose)
    return statuses


@dataclass(frozen=True)
class EarlyWarning:
    enrolment_id: int
    pupil_uuid: UUID
    pupil_number: str
    tier: int
    rate_recent: Decimal  # the last 4 school weeks up to `on`
    rate_before: Decimal  # the 4 school weeks before those


def early_warnings(*, school: School, on: date) -> list[EarlyWarning]:
    """Pupils whose absence rate over the last 4 school weeks rose by at least the region's setting
    ATTENDANCE_EARLY_WARNING_RISE (default 0.10) above the 4 school weeks before, while they are not in
    tier 3 yet: flagged before they cross a tier. System level (no user, not logged)."""
    rise = Decimal(str(getattr(settings, "ATTENDANCE_EARLY_WARNING_RISE", 0.10)))
    days = CalendarCache().for_school(school)
    recent_start = days.window_start(on, 4)
    before_start = days.window_start(recent_start - timedelta(days=1), 4)
    enrolments = school_enrolments(school=school, on=on)
    statuses = {s.enrolment_id: s for s in compute_statuses(enrolments=enrolments, on=on, with_reports=False)}
    absent: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in AttendanceWeek.objects.filter(
        enrolment__in=enrolments, week_start__gte=before_start, week_start__lte=monday(on)
    ).values_list("enrolment_id", *WEEKDATA_FIELDS):
        week = _weekdata(row[1:])
        for offset in range(5):
            day = week.week_start + timedelta(days=offset)
            if day <= on:
                absent[row[0]][0 if day >= recent_start else 1] += week.absent[offset]
    enrolled = dict(enrolments.values_list("pk", "enrolled_from"))
    warnings = []
    for pk, (recent, before) in absent.items():
        start = enrolled.get(pk)
        status = statuses.get(pk)
        if start is None or status is None or status.tier == 3:
            continue
        rate_recent = absence_rate(recent, days.scheduled_minutes(max(start, recent_start), on))
        rate_before = absence_rate(
            before, days.scheduled_minutes(max(start, before_start), recent_start - timedelta(days=1))
        )
        if rate_recent - rate_before >= rise:
            warnings.append(
                EarlyWarning(pk, status.pupil_uuid, status.pupil_number, status.tier, rate_recent, rate_before)
            )
    return sorted(warnings, key=lambda warning: warning.pupil_number)


def reports_due(*, user: User, on: date) -> list[tuple[AbsenceReport, date]]:
    """Open reports of pupils the user may see, with their deadline (5 working days after the threshold
    date), most urgent first. Logs each pupil shown."""
    visible = enrolments_visible_to(user=user, on=on).values("pk")
    reports = list(
        AbsenceReport.objects.filter(enrolment__in=visible, status=AbsenceReport.Status.OPEN, threshold_date__lte=on)
        .select_related("pupil", "school", "enrolment")
        .order_by("threshold_date", "pk")
    )
    access_log_write(
        user=user,
        event_type="attendance.reports",
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(r.pupil.uuid), r.pupil.uuid) for r in reports],
        purpose="verzuimmeldingen",
        authorisation=AUTHORISATION,
    )
    return [(report, report_deadline(report.threshold_date)) for report in reports]
