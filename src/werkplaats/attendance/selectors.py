"""Reads of attendance (contract §3 and §4). The system-level functions (`school_status`,
`school_tier_counts`, `region_tiers`) take no user: callers that serve people go through
`school_status_for_user` / `pupil_attendance_status`, which check the relationship with the school and
write the access log. Every figure comes from the week aggregates (AttendanceWeek), never from raw rows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Case, DateField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Sum, Value, When
from django.db.models.functions import ExtractIsoWeekDay, Greatest
from django.http import Http404

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import pupil_memberships, schools_for_user
from werkplaats.audit.services import Action, Outcome, access_log_write
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment
from werkplaats.pupils.selectors import enrolments_visible_to

from .calendars import CalendarCache, SchoolDays, monday, school_year_end, school_year_start
from .derivations import THUISZITTER_DAYS, Thresholds, WeekData, absence_rate, is_thuiszitter, tier_from_minutes
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

    @property
    def deadline(self) -> date:
        return report_deadline(self.threshold_date)

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


@lru_cache(maxsize=8)
def _public_holidays(year: int) -> frozenset[date]:
    """The national public holidays of `year` and the year after."""
    import holidays  # imports the module of every country (0.3 s): only when a deadline is asked for

    return frozenset(holidays.country_holidays("NL", years=range(year, year + 2)))


@lru_cache(maxsize=4096)
def report_deadline(threshold_date: date) -> date:
    """The statutory deadline: 5 working days (Monday–Friday, not a national public holiday) after the
    threshold date."""
    public = _public_holidays(threshold_date.year)
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


ABSENT_DAYS = tuple(f"absent_{day}" for day in range(1, 6))
UNAUTHORISED_DAYS = tuple(f"unauthorised_{day}" for day in range(1, 6))


@dataclass
class Figures:
    """The per-enrolment figures of contract §3 on `on`, before the tier rule: `rows` holds (enrolment id,
    school id, enrolled from, enrolled until, *details) per enrolment enrolled on `on`; the dicts are keyed
    by enrolment id (absent counts from `lows`, unauthorised over the 4-school-week window)."""

    on: date
    rows: list[tuple]
    absent: dict[int, int]
    unauthorised: dict[int, int]
    scheduled: dict[int, int]
    thuiszitters: set[int]
    open_reports: set[int]


def _days_sum(prefix: str, days: int, *, from_start: bool = False) -> ExpressionWrapper:
    """absent_1 + … + absent_<days> (or unauthorised_…); with `from_start` only the days on or after the
    weekday of the enrolment's first counting day (the alias `start_weekday`)."""
    terms: list[Any] = []
    for day in range(1, days + 1):
        term: Any = F(f"{prefix}_{day}")
        if from_start:
            term = Case(When(Q(start_weekday__lte=day), then=term), default=Value(0))
        terms.append(term)
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return ExpressionWrapper(total, output_field=IntegerField())


def _week_sums(
    *, enrolments: QuerySet[Enrolment], on: date, windows: dict[int, date]
) -> list[tuple[int, int, int, int]]:
    """(enrolment id, absent, unauthorised_4w, home days in the lookback) in one aggregate over the week
    rows: whole weeks in the database's columns, the week of `on` and the week in which counting starts
    day by day from the per-weekday columns. Enrolments without week rows are left out."""
    year_start, monday_on = school_year_start(on), monday(on)
    days_on = min(on.weekday() + 1, 5)  # weekdays of the week of `on` up to `on`
    lower = Greatest(F("enrolment__enrolled_from"), Value(year_start, output_field=DateField()))
    starts_in_week = Q(week_start__lt=F("lower"), week_end__gte=F("lower"))
    absent = [When(week_start__gte=F("lower"), week_start__lte=on - timedelta(days=4), then=F("absent_minutes"))]
    unauthorised = []
    if days_on < 5:
        absent.append(When(week_start=monday_on, week_start__gte=F("lower"), then=_days_sum("absent", days_on)))
        absent.append(When(starts_in_week, week_start=monday_on, then=_days_sum("absent", days_on, from_start=True)))
        unauthorised.append(When(week_start=monday_on, then=_days_sum("unauthorised", days_on)))
    absent.append(When(starts_in_week, then=_days_sum("absent", 5, from_start=True)))
    by_window: dict[date, list[int]] = defaultdict(list)
    for school_id, start in windows.items():
        by_window[start].append(school_id)
    unauthorised += [
        When(school_id__in=sorted(ids), week_start__gte=start, then=F("unauthorised_minutes"))
        for start, ids in sorted(by_window.items())
    ]
    lookback = on - THUISZITTER_LOOKBACK
    query = (
        AttendanceWeek.objects.filter(
            enrolment__in=enrolments,
            week_start__gte=min(monday(year_start), lookback, *windows.values()),
            week_start__lte=on,
        )
        .alias(lower=lower, start_weekday=ExtractIsoWeekDay(lower))
        .values("enrolment_id")
        .annotate(
            absent=Sum(Case(*absent, default=Value(0), output_field=IntegerField())),
            unauthorised=Sum(Case(*unauthorised, default=Value(0), output_field=IntegerField())),
            home=Sum("home_days", filter=Q(week_start__gte=lookback)),
        )
        .values_list("enrolment_id", "absent", "unauthorised", "home")
    )
    sql, params = query.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A scan of a school year of week rows: compiling it (JIT) costs more than running it.
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)  # plain integers: no per-row converters for a region's 95,000 rows
        return cursor.fetchall()


def compute_figures(
    *, enrolments: QuerySet[Enrolment], on: date, details: tuple[str, ...] = (), cache: CalendarCache | None = None
) -> Figures:
    """The figures of contract §3 on `on` of the given enrolments (callers pass those enrolled on `on`),
    from the week aggregates; `details` are more Enrolment fields to put in each row. Reports must have
    been derived first (services.reports_derive)."""
    cache = cache or CalendarCache()
    rows = list(enrolments.values_list("id", "school_id", "enrolled_from", "enrolled_until", *details))
    figures = Figures(on, rows, absent={}, unauthorised={}, scheduled={}, thuiszitters=set(), open_reports=set())
    if not rows:
        return figures
    schools = School.objects.filter(pk__in={row[1] for row in rows}).only("id", "code", "type")
    cache.prefetch(schools)
    calendars: dict[int, SchoolDays] = {school.pk: cache.for_school(school) for school in schools}
    windows = {pk: days.window_start(on) for pk, days in calendars.items()}
    year_start = school_year_start(on)

    candidates = []
    for pk, absent, unauthorised, home in _week_sums(enrolments=enrolments, on=on, windows=windows):
        figures.absent[pk] = absent
        figures.unauthorised[pk] = unauthorised
        if home and home >= THUISZITTER_DAYS:
            candidates.append(pk)
    memo: dict[tuple[int, date, date], int] = {}
    for pk, school_id, enrolled_from, until, *_details in rows:
        span = (school_id, max(enrolled_from, year_start), on if until is None else min(on, until))
        scheduled = memo.get(span)
        if scheduled is None:
            scheduled = memo[span] = calendars[school_id].scheduled_minutes(span[1], span[2])
        figures.scheduled[pk] = scheduled
    figures.thuiszitters = _thuiszitters(candidates=candidates, on=on, cache=cache)
    figures.open_reports = set(
        AbsenceReport.objects.filter(
            enrolment__in=enrolments, threshold_date__lte=on, status=AbsenceReport.Status.OPEN
        ).values_list("enrolment_id", flat=True)
    )
    return figures


def thuiszitters_among(*, enrolments: QuerySet[Enrolment], on: date) -> set[int]:
    """The enrolment ids of the thuiszitters on `on` among these enrolments (enrolled on `on`). System level,
    not logged."""
    candidates = sorted(enrolments.filter(pk__in=home_candidates(on=on)).values_list("pk", flat=True))
    return thuiszitters_of(candidates=candidates, on=on)


def home_candidates(*, on: date) -> list[int]:
    """The enrolments of the region with 20 home days in the lookback before `on`, by id: from the few weeks
    with a home day (index attendanceweek_home), cheaper than the weeks of thousands of pupils."""
    return sorted(
        AttendanceWeek.objects.filter(home_days__gt=0, week_start__gte=on - THUISZITTER_LOOKBACK, week_start__lte=on)
        .values("enrolment_id")
        .annotate(home=Sum("home_days"))
        .filter(home__gte=THUISZITTER_DAYS)
        .values_list("enrolment_id", flat=True)
    )


def thuiszitters_of(*, candidates: list[int], on: date) -> set[int]:
    """Of the candidates (home_candidates), the thuiszitters on `on`."""
    return _thuiszitters(candidates=candidates, on=on, cache=CalendarCache())


def _thuiszitters(*, candidates: list[int], on: date, cache: CalendarCache) -> set[int]:
    """Of the candidates (20 home days in the lookback), the thuiszitters on `on`, checked day by day."""
    if not candidates:
        return set()
    weeks_of: dict[int, list[WeekData]] = defaultdict(list)
    for row in AttendanceWeek.objects.filter(
        enrolment_id__in=candidates, week_start__gte=on - THUISZITTER_LOOKBACK, week_start__lte=monday(on)
    ).values_list("enrolment_id", *WEEKDATA_FIELDS):
        weeks_of[row[0]].append(_weekdata(row[1:]))
    enrolments = list(
        Enrolment.objects.filter(pk__in=candidates).values_list("pk", "school_id", "pupil__birth_date", "enrolled_from")
    )
    schools = {school.pk: school for school in School.objects.filter(pk__in={row[1] for row in enrolments})}
    cache.prefetch(schools.values())
    return {
        pk
        for pk, school_id, birth_date, enrolled_from in enrolments
        if is_thuiszitter(
            weeks=weeks_of[pk],
            on=on,
            birth_date=birth_date,
            enrolled_from=enrolled_from,
            calendar=cache.for_school(schools[school_id]),
        )
    }


def _report_lines(*, enrolments: QuerySet[Enrolment], on: date) -> dict[int, list[ReportLine]]:
    """The reports whose threshold date lies in the school year of `on`, up to `on`, oldest first."""
    reports: dict[int, list[ReportLine]] = defaultdict(list)
    for pk, uuid, reason, start, threshold, status in (
        AbsenceReport.objects.filter(
            enrolment__in=enrolments,
            threshold_date__gte=school_year_start(on),
            threshold_date__lte=min(on, school_year_end(on)),
        )
        .order_by("threshold_date", "start_date", "reason")
        .values_list("enrolment_id", "uuid", "reason", "start_date", "threshold_date", "status")
    ):
        reports[pk].append(ReportLine(uuid, reason, start, threshold, status))
    return reports


def compute_statuses(
    *, enrolments: QuerySet[Enrolment], on: date, with_reports: bool = True, cache: CalendarCache | None = None
) -> list[PupilStatus]:
    """The figures of contract §3 on `on` for the given enrolments (callers pass those enrolled on `on`),
    sorted by pupil number. Reports must have been derived first (services.reports_derive).
    A report's status is its current status: a report closed (submitted) later than `on` shows as
    closed and no longer makes the pupil tier 3."""
    figures = compute_figures(
        enrolments=enrolments, on=on, details=("pupil_id", "pupil__uuid", "pupil_number"), cache=cache
    )
    reports = _report_lines(enrolments=enrolments, on=on) if with_reports else {}
    thresholds = Thresholds.from_settings()
    statuses = []
    for pk, _school_id, _from, _until, pupil_id, pupil_uuid, number in figures.rows:
        absent, scheduled = figures.absent.get(pk, 0), figures.scheduled[pk]
        unauthorised = figures.unauthorised.get(pk, 0)
        statuses.append(
            PupilStatus(
                enrolment_id=pk,
                pupil_id=pupil_id,
                pupil_uuid=pupil_uuid,
                pupil_number=number,
                tier=tier_from_minutes(
                    absent_minutes=absent,
                    scheduled_minutes=scheduled,
                    unauthorised_minutes_4w=unauthorised,
                    report_open=pk in figures.open_reports,
                    thuiszitter=pk in figures.thuiszitters,
                    thresholds=thresholds,
                ),
                absence_rate=absence_rate(absent, scheduled),
                unauthorised_minutes_4w=unauthorised,
                thuiszitter=pk in figures.thuiszitters,
                absent_minutes=absent,
                scheduled_minutes=scheduled,
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
    return compute_tiers(enrolments=enrolments, on=on)


def compute_tiers(*, enrolments: QuerySet[Enrolment], on: date, cache: CalendarCache | None = None) -> dict[int, int]:
    """{enrolment id: tier} on `on` of the given enrolments (enrolled on `on`; reports derived first)."""
    figures = compute_figures(enrolments=enrolments, on=on, cache=cache)
    thresholds = Thresholds.from_settings()
    absent, unauthorised, scheduled = figures.absent, figures.unauthorised, figures.scheduled
    return {
        pk: tier_from_minutes(
            absent_minutes=absent.get(pk, 0),
            scheduled_minutes=scheduled[pk],
            unauthorised_minutes_4w=unauthorised.get(pk, 0),
            report_open=pk in figures.open_reports,
            thuiszitter=pk in figures.thuiszitters,
            thresholds=thresholds,
        )
        for pk, *_rest in figures.rows
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
    cache: CalendarCache | None = None,
) -> list[PupilStatus]:
    """The figures of one pupil (each enrolment on `on` the user may see; narrowed by `school`), for the
    pupil's page. Who may see the pupil follows today's relationships whatever `on` is (a pupil who has left
    the school since is no longer visible to its staff). A pupil the user may not see raises Http404 (logged
    as refused)."""
    from .services import reports_derive

    enrolments = enrolments_visible_to(user=user).filter(enrolled_on(on))
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
    statuses = compute_statuses(enrolments=enrolments, on=on, cache=cache)
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


def early_warnings(
    *, school: School, on: date, statuses: list[PupilStatus] | None = None, cache: CalendarCache | None = None
) -> list[EarlyWarning]:
    """Pupils whose absence rate over the last 4 school weeks rose by at least the region's setting
    ATTENDANCE_EARLY_WARNING_RISE (default 0.10) above the 4 school weeks before, while they are not in
    tier 3 yet: flagged before they cross a tier. Of `statuses` (this school's, on `on`) when given, else of
    every pupil enrolled on `on`. System level (no user, not logged)."""
    rise = Decimal(str(getattr(settings, "ATTENDANCE_EARLY_WARNING_RISE", 0.10)))
    days = (cache or CalendarCache()).for_school(school)
    recent_start = days.window_start(on, 4)
    before_start = days.window_start(recent_start - timedelta(days=1), 4)
    if statuses is None:
        statuses = compute_statuses(enrolments=school_enrolments(school=school, on=on), on=on, with_reports=False)
    by_id = {status.enrolment_id: status for status in statuses if status.tier < 3}
    absent: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in AttendanceWeek.objects.filter(
        enrolment_id__in=list(by_id), week_start__gte=before_start, week_start__lte=monday(on)
    ).values_list("enrolment_id", *WEEKDATA_FIELDS):
        week = _weekdata(row[1:])
        for offset in range(5):
            day = week.week_start + timedelta(days=offset)
            if day <= on:
                absent[row[0]][0 if day >= recent_start else 1] += week.absent[offset]
    enrolled = dict(Enrolment.objects.filter(pk__in=list(absent)).values_list("pk", "enrolled_from"))
    warnings = []
    for pk, (recent, before) in absent.items():
        start, status = enrolled[pk], by_id[pk]
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
