"""Reads for the attendance web pages, on top of selectors.py: every pupil read goes through the access
layer (accounts.selectors, pupils.selectors) and is written to the access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import access_scope, schools_for_user
from werkplaats.audit.services import Action, Outcome, access_log_write
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment
from werkplaats.pupils.selectors import enrolments_visible_to

from .calendars import CalendarCache, monday, school_year_start
from .derivations import absence_rate
from .models import AbsenceReport, AttendanceWeek, SchoolDayOff, SchoolTimetable
from .selectors import (
    AUTHORISATION,
    PupilStatus,
    compute_statuses,
    early_warnings,
    enrolled_on,
    pupil_attendance_status,
    report_deadline,
    school_for_user,
    school_status_for_user,
    school_tier_counts,
    schools_writable_by,
)

AUTHORISATION_MUNICIPALITY = "leerplicht: leerling woont in de gemeente van de gebruiker"


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


def schools_overview(*, user: User, on: date) -> list[SchoolRow]:
    """The schools the user works for with their tier counts (no personal data)."""
    return [
        SchoolRow(school=school, tiers=school_tier_counts(school=school, on=on))
        for school in schools_for_user(user=user).order_by("name")
    ]


def is_attendance_officer(*, user: User) -> bool:
    return bool(access_scope(user=user).municipality_ids)


@dataclass
class OfficerView:
    reports: list[tuple[AbsenceReport, date]]
    thuiszitters: list[tuple[Enrolment, PupilStatus]]


def officer_overview(*, user: User, on: date) -> OfficerView:
    """For an attendance officer: the open statutory reports and the thuiszitters among the pupils who live
    in their municipality, across schools. Logged."""
    municipality_ids = sorted(access_scope(user=user).municipality_ids)
    residents = (
        enrolments_visible_to(user=user, on=on)
        .filter(pupil__home_municipality_id__in=municipality_ids)
        .filter(enrolled_on(on))
    )
    enrolments = Enrolment.objects.filter(pk__in=residents.values("pk"))
    from .services import reports_derive

    reports_derive(enrolments=enrolments)
    reports = list(
        AbsenceReport.objects.filter(enrolment__in=enrolments, status=AbsenceReport.Status.OPEN, threshold_date__lte=on)
        .select_related("pupil", "school", "enrolment")
        .order_by("threshold_date", "pk")
    )
    statuses = [s for s in compute_statuses(enrolments=enrolments, on=on, with_reports=False) if s.thuiszitter]
    by_id = Enrolment.objects.select_related("pupil", "school").in_bulk([s.enrolment_id for s in statuses])
    _log(
        user=user,
        uuids=[r.pupil.uuid for r in reports] + [s.pupil_uuid for s in statuses],
        event_type="attendance.reports",
        purpose="verzuimmeldingen en thuiszitters",
        authorisation=AUTHORISATION_MUNICIPALITY,
    )
    return OfficerView(
        reports=[(report, report_deadline(report.threshold_date)) for report in reports],
        thuiszitters=[(by_id[s.enrolment_id], s) for s in statuses],
    )


@dataclass
class PupilRow:
    status: PupilStatus
    enrolment: Enrolment
    rate: str
    early_warning: bool
    tier_before: int | None

    @property
    def crossed(self) -> bool:
        return self.tier_before is not None and self.status.tier > self.tier_before


@dataclass
class SchoolOverview:
    school: School
    on: date
    since: date
    group: str
    groups: list[str]
    rows: list[PupilRow]
    tiers: dict[str, int]

    @property
    def crossed(self) -> list[PupilRow]:
        return [row for row in self.rows if row.crossed]


def school_overview(*, user: User, school: School, on: date, since: date, group: str = "") -> SchoolOverview:
    """Every pupil of the school the user may see on `on` (optionally one group): tier, absence rate,
    unauthorised minutes, thuiszitter and early warning, and the tier on `since`. Logged by
    school_status_for_user."""
    status = school_status_for_user(user=user, code=school.code, on=on)
    enrolments = Enrolment.objects.select_related("pupil").in_bulk([p.enrolment_id for p in status.pupils])
    groups = sorted({e.group for e in enrolments.values() if e.group})
    pupils = [p for p in status.pupils if not group or enrolments[p.enrolment_id].group == group]
    warned = {w.enrolment_id for w in early_warnings(school=school, on=on)}
    before_qs = Enrolment.objects.filter(pk__in=[p.enrolment_id for p in pupils]).filter(enrolled_on(since))
    before = {s.enrolment_id: s.tier for s in compute_statuses(enrolments=before_qs, on=since, with_reports=False)}
    rows = [
        PupilRow(
            status=p,
            enrolment=enrolments[p.enrolment_id],
            rate=percentage(p.absence_rate),
            early_warning=p.enrolment_id in warned,
            tier_before=before.get(p.enrolment_id),
        )
        for p in pupils
    ]
    tiers = {"1": 0, "2": 0, "3": 0}
    for row in rows:
        tiers[str(row.status.tier)] += 1
    return SchoolOverview(school=school, on=on, since=since, group=group, groups=groups, rows=rows, tiers=tiers)


@dataclass
class ReportRow:
    report: AbsenceReport
    deadline: date
    overdue: bool


def school_reports(*, user: User, school: School, on: date) -> list[ReportRow]:
    """The statutory reports of the school's pupils the user may see, in the school year of `on`, open ones
    first. Logged."""
    from .services import reports_derive

    visible = enrolments_visible_to(user=user, on=school_year_start(on)).filter(school=school).values("pk")
    reports_derive(enrolments=Enrolment.objects.filter(pk__in=visible))
    reports = list(
        AbsenceReport.objects.filter(
            school=school, enrolment__in=visible, threshold_date__gte=school_year_start(on), threshold_date__lte=on
        )
        .select_related("pupil", "enrolment")
        .order_by("status", "threshold_date", "pk")
    )
    _log(user=user, uuids=[r.pupil.uuid for r in reports], event_type="attendance.reports", purpose="verzuimmeldingen")
    rows = []
    for report in reports:
        deadline = report_deadline(report.threshold_date)
        rows.append(ReportRow(report, deadline, report.status == AbsenceReport.Status.OPEN and deadline < on))
    return rows


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


def _weeks(enrolment: Enrolment, on: date, cache: CalendarCache) -> list[WeekPoint]:
    """Absent and scheduled minutes per school week of the school year of `on` (up to `on`), from the week
    aggregates; a school week without registrations counts as 0 minutes absent."""
    days = cache.for_school(enrolment.school)
    first = max(school_year_start(on), enrolment.enrolled_from)
    last = min(on, enrolment.enrolled_until) if enrolment.enrolled_until else on
    rows = {
        row.week_start: row
        for row in AttendanceWeek.objects.filter(
            enrolment=enrolment, week_start__gte=monday(first), week_start__lte=last
        )
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
                    minutes
                    for offset, minutes in enumerate(row.absent)
                    if start <= week_start + timedelta(days=offset) <= end
                )
            points.append(WeekPoint(week_start, enrolment.school.code, absent, scheduled))
        week_start += timedelta(days=7)
    return points


def pupil_page(*, user: User, uuid: UUID, on: date) -> PupilPage:
    """One pupil's attendance: the figures of each enrolment the user may see (pupil_attendance_status
    checks access, raises Http404 and logs), the absence rate per school week of the school year up to
    `on` (from the week aggregates) and the pupil's reports."""
    statuses = pupil_attendance_status(user=user, pupil_uuid=uuid, on=on)
    enrolments = Enrolment.objects.select_related("pupil", "school").in_bulk([s.enrolment_id for s in statuses])
    cache = CalendarCache()
    weeks = [point for enrolment in enrolments.values() for point in _weeks(enrolment, on, cache)]
    reports = []
    for report in AbsenceReport.objects.filter(enrolment_id__in=list(enrolments)).select_related("school"):
        deadline = report_deadline(report.threshold_date)
        reports.append(ReportRow(report, deadline, report.status == AbsenceReport.Status.OPEN and deadline < on))
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
