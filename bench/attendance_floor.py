"""Floor views of bench/attendance_bench.py: the same figures as the attendance pages (the same selectors,
queries and figures cache for the same school, pupil or municipality on the same date), served by bare Django —
no access layer, no access log, no templates, no forms: a minimal HTML table. Mounted only by bench/urls.py."""

from datetime import date, timedelta
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path

from bench.floor import page, signed_in
from werkplaats.attendance.calendars import CalendarCache, school_year_start
from werkplaats.attendance.figures_cache import SchoolFigures, school_figures_cached, thuiszitters_among_cached
from werkplaats.attendance.models import AbsenceReport
from werkplaats.attendance.pages import percentage, pupil_weeks
from werkplaats.attendance.selectors import enrolled_on, report_deadline
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment

PAGE = 50


def _on(request: HttpRequest) -> date:
    return date.fromisoformat(request.GET["op"])


def school(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The school page: every pupil's tier on the date and on the date 4 weeks earlier (the figures cache),
    the tier counts, the early warnings of the pupils shown, and the first page of pupils."""
    location = get_object_or_404(School, uuid=uuid)
    on = _on(request)
    figures = school_figures_cached(school=location, on=on, since=on - timedelta(weeks=4))
    before = figures.before
    shown = [SchoolFigures.status(row) for row in figures.rows[:PAGE]]
    crossed = [SchoolFigures.status(row) for row in figures.rows if row[0] in before and row[4] > before[row[0]]]
    names = Enrolment.objects.select_related("pupil").in_bulk(
        [s.enrolment_id for s in shown] + [s.enrolment_id for s in crossed]
    )
    counts = {"1": 0, "2": 0, "3": 0}
    for row in figures.rows:
        counts[str(row[4])] += 1
    return page(
        [(names[s.enrolment_id].pupil.family_name, before[s.enrolment_id], s.tier) for s in crossed],
        list(counts.items()),
        [
            (
                names[s.enrolment_id].pupil.family_name,
                names[s.enrolment_id].group,
                s.tier,
                percentage(s.absence_rate),
                s.unauthorised_minutes_4w,
                s.thuiszitter,
                s.enrolment_id in figures.warned,
            )
            for s in shown
        ],
    )


def reports(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The reports page: the first page of the school's reports of the school year up to the date, open ones
    first, with their deadlines."""
    location = get_object_or_404(School, uuid=uuid)
    on = _on(request)
    rows = (
        AbsenceReport.objects.filter(school=location, threshold_date__gte=school_year_start(on), threshold_date__lte=on)
        .select_related("pupil")
        .order_by("-status", "threshold_date", "pk")[: PAGE + 1]
    )
    return page(
        [
            (r.pupil.family_name, r.reason, r.start_date, r.threshold_date, report_deadline(r.threshold_date), r.status)
            for r in list(rows)[:PAGE]
        ]
    )


def pupil(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The pupil page: the figures of the pupil's enrolments, the weekly absence of the school year (the chart)
    and the reports."""
    on = _on(request)
    enrolments = Enrolment.objects.select_related("pupil", "school").filter(pupil__uuid=uuid).filter(enrolled_on(on))
    loaded = {enrolment.pk: enrolment for enrolment in enrolments}
    statuses = [
        SchoolFigures.status(school_figures_cached(school=enrolment.school, on=on).row_of(pk))
        for pk, enrolment in loaded.items()
    ]
    cache = CalendarCache()
    weeks = [week for enrolment in loaded.values() for week in pupil_weeks(enrolment=enrolment, on=on, cache=cache)]
    reports = AbsenceReport.objects.filter(enrolment_id__in=list(loaded)).select_related("school", "pupil")
    return page(
        [(loaded[s.enrolment_id].school.name, s.tier, percentage(s.absence_rate), s.thuiszitter) for s in statuses],
        [(w.week_start, w.absent_minutes, w.scheduled_minutes, w.rate_text) for w in weeks],
        [(r.school.name, r.reason, r.threshold_date, report_deadline(r.threshold_date), r.status) for r in reports],
    )


def officer(request: HttpRequest, municipality: int) -> HttpResponse:
    """The attendance officer's start page: the first page of open reports and the thuiszitters among the
    pupils living in the municipality."""
    on = _on(request)
    residents = Enrolment.objects.filter(pupil__home_municipality_id=municipality).filter(enrolled_on(on))
    open_reports = (
        AbsenceReport.objects.filter(
            pupil__home_municipality_id=municipality,
            enrolment__in=residents,
            status=AbsenceReport.Status.OPEN,
            threshold_date__lte=on,
        )
        .select_related("pupil", "school")
        .order_by("threshold_date", "pk")[: PAGE + 1]
    )
    thuiszitters = (
        Enrolment.objects.filter(pk__in=thuiszitters_among_cached(enrolments=residents, on=on))
        .select_related("pupil", "school")
        .order_by("pupil__family_name", "pupil__given_name", "pk")
    )
    return page(
        [
            (r.pupil.family_name, r.school.name, r.reason, r.threshold_date, report_deadline(r.threshold_date))
            for r in list(open_reports)[:PAGE]
        ],
        [(e.pupil.family_name, e.school.name, 3) for e in thuiszitters],
    )


urlpatterns = [
    path("bench/floor/attendance/school/<uuid:uuid>/", signed_in(school)),
    path("bench/floor/attendance/reports/<uuid:uuid>/", signed_in(reports)),
    path("bench/floor/attendance/pupil/<uuid:uuid>/", signed_in(pupil)),
    path("bench/floor/attendance/officer/<int:municipality>/", signed_in(officer)),
]
