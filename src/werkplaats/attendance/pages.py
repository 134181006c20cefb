"""Reads for the attendance web pages, on top of selectors.py: every pupil read goes through the access
layer (accounts.selectors, pupils.selectors) and is written to the access log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import access_scope, schools_for_user
from werkplaats.audit.services import Action, Outcome, access_log_write
from werkplaats.core.templatetags.werkplaats import table_date, uuid_url
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment
from werkplaats.pupils.selectors import enrolments_visible_to

from .calendars import CalendarCache, monday, school_year_start
from .derivations import absence_rate
from .figures_cache import SchoolFigures, school_figures_cached, thuiszitters_among_cached
from .models import AbsenceReport, AttendanceWeek, SchoolDayOff, SchoolTimetable
from .selectors import (
    ABSENT_DAYS,
    AUTHORISATION,
    PupilStatus,
    enrolled_on,
    report_deadline,
    school_for_user,
    schools_writable_by,
)

AUTHORISATION_MUNICIPALITY = "leerplicht: leerling woont in de gemeente van de gebruiker"
PUPIL_PURPOSE = "verzuim van een leerling"
PAGE_SIZE = 50  # rows of a long list per page


def percentage(rate: Decimal | float) -> str:
    """An absence rate as shown: 7,8% (one decimal, Dutch decimal comma)."""
    return f"{float(rate) * 100:.1f}%".replace(".", ",")


def _log(*, user: User, uuids: list[UUID], event_type: str, purpose: str, authorisation: str = AUTHORISATION) -> None:
    access_log_write(
        user=user,
        event_type=event_type,
        action=Action.READ,
        object_type="pupil",
        object_ids=[(str(uuid), uuid) for uuid in dict.fromkeys(uuids)],
        purpose=purpose,
        authorisation=authorisation,
    )


def school_get(*, user: User, uuid: UUID) -> School:
    """A school location the user works for, by uuid; unknown and forbidden raise Http404 (logged)."""
    school = School.objects.filter(uuid=uuid).first()
    return school_for_user(user=user, code=school.code if school else str(uuid))


def school_writable_get(*, user: User, uuid: UUID) -> School:
    """A school location whose attendance the user may change (IB'er); otherwise Http404."""
    school = school_get(user=user, uuid=uuid)
    if not schools_writable_by(user=user).filter(pk=school.pk).exists():
        raise Http404
    return school


def may_write(*, user: User, school: School) -> bool:
    return schools_writable_by(user=user).filter(pk=school.pk).exists()


@dataclass
class SchoolRow:
    school: School
    tiers: dict[str, int]


def _tier_counts(rows: list[tuple]) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3": 0}
    for row in rows:
        counts[str(row[4])] += 1
    return counts


def schools_overview(*, user: User, on: date) -> list[SchoolRow]:
    """The schools the user works for with their tier counts over all their pupils (no personal data)."""
    return [
        SchoolRow(school=school, tiers=_tier_counts(school_figures_cached(school=school, on=on).rows))
        for school in schools_for_user(user=user).order_by("name")
    ]


def _visible_today(*, user: User) -> QuerySet[Enrolment]:
    """The enrolments the user may see by today's relationships: a page's reference date (`?op=`) changes
    what is computed, never who is visible (a pupil who has left a school since is no longer visible to its
    staff, also for an earlier date)."""
    return enrolments_visible_to(user=user, on=timezone.localdate())


def is_attendance_officer(*, user: User) -> bool:
    return bool(access_scope(user=user).municipality_ids)


@dataclass
class ReportRow:
    """A report as a table row, its display values computed once (long lists render without lookups)."""

    report: AbsenceReport
    deadline: date
    overdue: bool
    is_open: bool
    pupil_name: str
    pupil_url: str
    reason: str
    start: str
    threshold: str
    deadline_text: str

    @property
    def close_url(self) -> str:
        return uuid_url(self.report.uuid, "attendance:report-close")


def _report_row(report: AbsenceReport, on: date) -> ReportRow:
    deadline = report_deadline(report.threshold_date)
    is_open = report.status == AbsenceReport.Status.OPEN
    return ReportRow(
        report=report,
        deadline=deadline,
        overdue=is_open and deadline < on,
        is_open=is_open,
        pupil_name=f"{report.pupil.family_name}, {report.pupil.given_name}",
        pupil_url=uuid_url(report.pupil.uuid, "attendance:pupil"),
        reason=report.get_reason_display(),
        start=table_date(report.start_date),
        threshold=table_date(report.threshold_date),
        deadline_text=table_date(deadline),
    )


@dataclass
class ReportPage:
    rows: list[ReportRow]
    next_after: UUID | None  # the report after which the next page starts


REPORT_ORDER = ("-status", "threshold_date", "pk")  # open before closed ("gemeld"), then by threshold date


def _keyset_page(
    reports: QuerySet[AbsenceReport], *, after: str, order: tuple[str, ...]
) -> tuple[list[AbsenceReport], UUID | None]:
    """PAGE_SIZE reports in `order` after the report with uuid `after` (keyset pagination: no OFFSET), and
    the uuid to start the next page after (None on the last page)."""
    names = [field.removeprefix("-") for field in order]
    try:
        last = reports.filter(uuid=UUID(after)).values_list(*names).first() if after else None
    except ValueError:
        last = None
    if last is not None:
        following = Q()
        for index, field in enumerate(order):
            step = Q(**{f"{names[index]}__{'lt' if field.startswith('-') else 'gt'}": last[index]})
            for previous, value in zip(names[:index], last[:index], strict=True):
                step &= Q(**{previous: value})
            following |= step
        reports = reports.filter(following)
    found = list(reports.order_by(*order)[: PAGE_SIZE + 1])
    page = found[:PAGE_SIZE]
    return page, page[-1].uuid if len(found) > PAGE_SIZE else None


@dataclass
class OfficerView:
    reports: ReportPage  # open reports, oldest threshold date first
    thuiszitters: list[Enrolment]  # tier 3 by definition (contract §3)


def officer_overview(*, user: User, on: date, after: str = "") -> OfficerView:
    """For an attendance officer: the open statutory reports (one page, after the report `after`) and the
    thuiszitters among the pupils who live in their municipality, across schools. Logged."""
    municipality_ids = sorted(access_scope(user=user).municipality_ids)
    residents = (
        _visible_today(user=user).filter(pupil__home_municipality_id__in=municipality_ids).filter(enrolled_on(on))
    )
    enrolments = Enrolment.objects.filter(pk__in=residents.values("pk"))
    from .services import reports_derive

    reports_derive(enrolments=enrolments)
    reports = AbsenceReport.objects.filter(
        # the report's own pupil too: lets PostgreSQL start from the residents instead of every report
        pupil__home_municipality_id__in=municipality_ids,
        enrolment__in=enrolments,
        status=AbsenceReport.Status.OPEN,
        threshold_date__lte=on,
    ).select_related("pupil", "school")
    rows, next_after = _keyset_page(reports, after=after, order=("threshold_date", "pk"))
    thuiszitters = list(
        Enrolment.objects.filter(pk__in=thuiszitters_among_cached(enrolments=enrolments, on=on))
        .select_related("pupil", "school")
        .order_by("pupil__family_name", "pupil__given_name", "pk")
    )
    _log(
        user=user,
        uuids=[r.pupil.uuid for r in rows] + [e.pupil.uuid for e in thuiszitters],
        event_type="attendance.reports",
        purpose="verzuimmeldingen en thuiszitters",
        authorisation=AUTHORISATION_MUNICIPALITY,
    )
    return OfficerView(
        reports=ReportPage(rows=[_report_row(report, on) for report in rows], next_after=next_after),
        thuiszitters=thuiszitters,
    )


TIER_BADGES = {1: "success", 2: "warning", 3: "danger"}


def tier_text(tier: int | None) -> str:
    return gettext("Niveau %(tier)s") % {"tier": tier}


@dataclass
class PupilRow:
    """A pupil as a table row, its display values computed once (the page renders rows in one loop)."""

    status: PupilStatus
    enrolment: Enrolment
    rate: str
    early_warning: bool
    tier_before: int | None  # only of pupils in tier 2 or 3 on the page's date
    pupil_name: str = field(init=False)
    pupil_url: str = field(init=False)

    def __post_init__(self) -> None:
        pupil = self.enrolment.pupil
        self.pupil_name = f"{pupil.family_name}, {pupil.given_name}"
        self.pupil_url = uuid_url(pupil.uuid, "attendance:pupil")

    @property
    def badge(self) -> str:
        return TIER_BADGES[self.status.tier]

    @property
    def badge_before(self) -> str:
        return TIER_BADGES.get(self.tier_before or 0, "neutral")

    @property
    def tier_text(self) -> str:
        return tier_text(self.status.tier)

    @property
    def tier_before_text(self) -> str:
        return tier_text(self.tier_before)


@dataclass
class SchoolOverview:
    school: School
    on: date
    since: date
    group: str
    groups: list[str]
    rows: list[PupilRow]  # one page of pupils, by pupil number
    crossed: list[PupilRow]  # every pupil (of the group) who went to a higher tier since `since`
    tiers: dict[str, int]
    total: int
    next_after: str | None  # the pupil number after which the next page starts


def school_overview(
    *, user: User, school: School, on: date, since: date, group: str = "", after: str = ""
) -> SchoolOverview:
    """The pupils of the school the user may see on `on` (optionally one group): the tier counts and who
    went to a higher tier since `since` over all of them, and one page of PAGE_SIZE pupils (by pupil number,
    after `after`) with tier, absence rate, unauthorised minutes, thuiszitter and early warning. The figures
    of every pupil are computed for the counts; the pupils shown (the page and the risers) are logged."""
    visible = dict(_visible_today(user=user).filter(school=school).values_list("pk", "group"))
    groups = sorted({g for g in visible.values() if g})
    figures = school_figures_cached(school=school, on=on, since=since)
    rows = [row for row in figures.rows if row[0] in visible and (not group or visible[row[0]] == group)]
    following = [row for row in rows if row[3] > after] if after else rows
    page = [SchoolFigures.status(row) for row in following[:PAGE_SIZE]]
    before = figures.before
    crossed = [SchoolFigures.status(row) for row in rows if row[0] in before and row[4] > before[row[0]]]
    shown = {s.enrolment_id: s for s in [*page, *crossed]}
    loaded = (
        Enrolment.objects.select_related("pupil")
        .only("group", "pupil__uuid", "pupil__family_name", "pupil__given_name")
        .in_bulk(list(shown))
    )
    warned = figures.warned

    def row(status: PupilStatus) -> PupilRow:
        return PupilRow(
            status=status,
            enrolment=loaded[status.enrolment_id],
            rate=percentage(status.absence_rate),
            early_warning=status.enrolment_id in warned,
            tier_before=before.get(status.enrolment_id),
        )

    _log(
        user=user,
        uuids=[status.pupil_uuid for status in shown.values()],
        event_type="attendance.status",
        purpose="verzuimoverzicht",
    )
    return SchoolOverview(
        school=school,
        on=on,
        since=since,
        group=group,
        groups=groups,
        rows=[row(status) for status in page],
        crossed=[row(status) for status in crossed],
        tiers=_tier_counts(rows),
        total=len(rows),
        next_after=page[-1].pupil_number if len(following) > PAGE_SIZE else None,
    )


def school_reports(*, user: User, school: School, on: date, after: str = "") -> ReportPage:
    """The statutory reports of the school's pupils the user may see, in the school year of `on`: one page
    (open ones first, after the report `after`). Logged."""
    from .services import reports_derive

    visible = _visible_today(user=user).filter(school=school).values("pk")
    reports_derive(enrolments=Enrolment.objects.filter(pk__in=visible))
    reports = AbsenceReport.objects.filter(
        school=school, enrolment__in=visible, threshold_date__gte=school_year_start(on), threshold_date__lte=on
    ).select_related("pupil")
    rows, next_after = _keyset_page(reports, after=after, order=REPORT_ORDER)
    _log(user=user, uuids=[r.pupil.uuid for r in rows], event_type="attendance.reports", purpose="verzuimmeldingen")
    return ReportPage(rows=[_report_row(report, on) for report in rows], next_after=next_after)


def report_get(*, user: User, uuid: UUID) -> AbsenceReport:
    """An open or closed report of a school the user may write for; otherwise Http404 (logged)."""
    report = (
        AbsenceReport.objects.select_related("pupil", "school", "enrolment")
        .filter(uuid=uuid, school__in=schools_writable_by(user=user))
        .first()
    )
    if report is None:
        access_log_write(
            user=user,
            event_type="attendance.report_close",
            action=Action.READ,
            object_type="pupil",
            object_ids=[(str(uuid), None)],
            outcome=Outcome.REFUSED,
            purpose="verzuimmelding",
            authorisation="geen schrijfrecht voor de school",
        )
        raise Http404
    _log(user=user, uuids=[report.pupil.uuid], event_type="attendance.reports", purpose="verzuimmelding")
    return report


@dataclass
class WeekPoint:
    week_start: date
    school_code: str
    absent_minutes: int
    scheduled_minutes: int

    @property
    def rate(self) -> Decimal:
        return absence_rate(self.absent_minutes, self.scheduled_minutes)

    @property
    def rate_text(self) -> str:
        return percentage(self.rate)

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar()[1]


@dataclass
class PupilPage:
    enrolments: list[Enrolment]
    statuses: list[tuple[Enrolment, PupilStatus, str]]
    weeks: list[WeekPoint]
    reports: list[ReportRow]


def pupil_weeks(*, enrolment: Enrolment, on: date, cache: CalendarCache | None = None) -> list[WeekPoint]:
    """Absent and scheduled minutes per school week of the school year of `on` (up to `on`), from the week
    aggregates; a school week without registrations counts as 0 minutes absent. Not logged."""
    days = (cache or CalendarCache()).for_school(enrolment.school)
    first = max(school_year_start(on), enrolment.enrolled_from)
    last = min(on, enrolment.enrolled_until) if enrolment.enrolled_until else on
    rows = {
        row[0]: row[1:]
        for row in AttendanceWeek.objects.filter(
            enrolment=enrolment, week_start__gte=monday(first), week_start__lte=last
        ).values_list("week_start", *ABSENT_DAYS)
    }
    points, week_start = [], monday(first)
    while week_start <= last:
        start, end = max(week_start, first), min(week_start + timedelta(days=6), last)
        scheduled = days.scheduled_minutes(start, end)
        if scheduled:
            row = rows.get(week_start)
            absent = 0
            if row is not None:
                absent = sum(
                    minutes for offset, minutes in enumerate(row) if start <= week_start + timedelta(days=offset) <= end
                )
            points.append(WeekPoint(week_start, enrolment.school.code, absent, scheduled))
        week_start += timedelta(days=7)
    return points


def pupil_page(*, user: User, uuid: UUID, on: date) -> PupilPage:
    """One pupil's attendance: the figures of each enrolment on `on` the user may see by today's relationships
    (from the school's cached figures; a pupil the user may not see raises Http404, logged as refused), the
    absence rate per school week of the school year up to `on` (from the week aggregates) and the pupil's
    reports. Logged."""
    enrolments = {
        enrolment.pk: enrolment
        for enrolment in _visible_today(user=user)
        .filter(pupil__uuid=uuid)
        .filter(enrolled_on(on))
        .select_related("pupil", "school")
        .order_by("pk")
    }
    if not enrolments:
        access_log_write(
            user=user,
            event_type="attendance.pupil",
            action=Action.READ,
            object_type="pupil",
            object_ids=[(str(uuid), uuid)],
            outcome=Outcome.REFUSED,
            purpose=PUPIL_PURPOSE,
            authorisation="geen relatie met de leerling",
        )
        raise Http404
    statuses = []
    for enrolment in enrolments.values():
        row = school_figures_cached(school=enrolment.school, on=on).row_of(enrolment.pk)
        if row is not None:
            statuses.append(SchoolFigures.status(row))
    statuses.sort(key=lambda status: (status.pupil_number, status.enrolment_id))
    _log(user=user, uuids=[uuid], event_type="attendance.pupil", purpose=PUPIL_PURPOSE)
    cache = CalendarCache()
    weeks = [
        point for enrolment in enrolments.values() for point in pupil_weeks(enrolment=enrolment, on=on, cache=cache)
    ]
    reports = [
        _report_row(report, on)
        for report in AbsenceReport.objects.filter(enrolment_id__in=list(enrolments)).select_related("school", "pupil")
    ]
    return PupilPage(
        enrolments=list(enrolments.values()),
        statuses=[(enrolments[s.enrolment_id], s, percentage(s.absence_rate)) for s in statuses],
        weeks=weeks,
        reports=reports,
    )


def school_days_off(*, school: School) -> QuerySet[SchoolDayOff]:
    return SchoolDayOff.objects.filter(school=school).order_by("first_day")


def school_timetables(*, school: School) -> QuerySet[SchoolTimetable]:
    return SchoolTimetable.objects.filter(school=school).order_by("-valid_from")


def day_off_get(*, school: School, uuid: UUID) -> SchoolDayOff:
    day_off = SchoolDayOff.objects.filter(school=school, uuid=uuid).first()
    if day_off is None:
        raise Http404
    return day_off
