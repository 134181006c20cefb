"""Attendance pages (/aanwezigheid/): thin views over pages.py, selectors.py and services.py. Unknown and
forbidden both answer 404; every pupil read is logged by the read functions."""

from datetime import date, timedelta
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from werkplaats.accounts.decorators import verified_required

from . import charts, pages, services
from .forms import DayOffForm, ImportForm, OverviewForm, TimetableForm
from .models import AbsenceReport

REPORT_STATUS_BADGE = {AbsenceReport.Status.OPEN: "warning", AbsenceReport.Status.CLOSED: "success"}


def _today() -> date:
    return timezone.localdate()


def _on(request: HttpRequest) -> date:
    """The reference date of a page: `?op=YYYY-MM-DD` (a link can show another date), else today."""
    try:
        return date.fromisoformat(request.GET.get("op", ""))
    except ValueError:
        return _today()


@verified_required
def index(request: HttpRequest) -> HttpResponse:
    on = _on(request)
    officer = (
        pages.officer_overview(user=request.user, on=on, after=request.GET.get("na", ""))
        if pages.is_attendance_officer(user=request.user)
        else None
    )
    schools = pages.schools_overview(user=request.user, on=on)
    return render(request, "attendance/index.html", {"schools": schools, "officer": officer, "on": on})


@verified_required
def school(request: HttpRequest, uuid: UUID) -> HttpResponse:
    school = pages.school_get(user=request.user, uuid=uuid)
    form = OverviewForm(request.GET, groups=[])
    form.is_valid()
    on = form.cleaned_data.get("op") or _today()
    since = form.cleaned_data.get("sinds") or on - timedelta(weeks=4)
    group = request.GET.get("groep", "")
    after = request.GET.get("na", "")
    overview = pages.school_overview(user=request.user, school=school, on=on, since=since, group=group, after=after)
    form = OverviewForm({"op": on, "sinds": since, "groep": group}, groups=overview.groups)
    form.is_valid()
    context = {
        "school": school,
        "overview": overview,
        "form": form,
        "chart": charts.tier_chart(chart_id="niveaus", tiers=overview.tiers),
        "tier_rows": list(overview.tiers.items()),
        "may_write": pages.may_write(user=request.user, school=school),
    }
    return render(request, "attendance/school.html", context)


@verified_required
def reports(request: HttpRequest, uuid: UUID) -> HttpResponse:
    school = pages.school_get(user=request.user, uuid=uuid)
    on = _on(request)
    page = pages.school_reports(user=request.user, school=school, on=on, after=request.GET.get("na", ""))
    context = {
        "school": school,
        "page": page,
        "on": on,
        "may_write": pages.may_write(user=request.user, school=school),
    }
    return render(request, "attendance/reports.html", context)


@verified_required
@require_http_methods(["GET", "POST"])
def report_close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A confirmation step: GET shows the report and asks to confirm, POST marks it as submitted."""
    report = pages.report_get(user=request.user, uuid=uuid)
    if request.method == "POST" and report.status == AbsenceReport.Status.OPEN:
        try:
            services.report_close(actor=request.user, report=report)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De melding staat nu op gemeld bij DUO."))
        return redirect("attendance:reports", report.school.uuid)
    context = {"report": report, "deadline": pages.report_deadline(report.threshold_date)}
    return render(request, "attendance/report_close.html", context)


@verified_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest, uuid: UUID) -> HttpResponse:
    school = pages.school_writable_get(user=request.user, uuid=uuid)
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        result = services.registrations_import(form.cleaned_data["file"], user=request.user)
    return render(request, "attendance/import.html", {"school": school, "form": form, "result": result})


@verified_required
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest, uuid: UUID) -> HttpResponse:
    school = pages.school_get(user=request.user, uuid=uuid)
    may_write = pages.may_write(user=request.user, school=school)
    day_off_form = DayOffForm(prefix="vrij")
    timetable_form = TimetableForm(prefix="tijden")
    if request.method == "POST":
        school = pages.school_writable_get(user=request.user, uuid=uuid)
        if "vrij-first_day" in request.POST:
            day_off_form = DayOffForm(request.POST, prefix="vrij")
            if day_off_form.is_valid():
                data = day_off_form.cleaned_data
                try:
                    services.school_day_off_add(
                        actor=request.user,
                        school=school,
                        first_day=data["first_day"],
                        last_day=data["last_day"],
                        name=data["name"],
                    )
                except ValidationError as error:
                    day_off_form.add_error(None, error)
                else:
                    messages.success(request, _("De vrije dag is toegevoegd."))
                    return redirect("attendance:calendar", school.uuid)
        else:
            timetable_form = TimetableForm(request.POST, prefix="tijden")
            if timetable_form.is_valid():
                try:
                    services.school_timetable_set(
                        actor=request.user,
                        school=school,
                        valid_from=timetable_form.cleaned_data["valid_from"],
                        minutes=timetable_form.minutes(),
                    )
                except ValidationError as error:
                    timetable_form.add_error(None, error)
                else:
                    messages.success(request, _("De lestijden zijn opgeslagen."))
                    return redirect("attendance:calendar", school.uuid)
    context = {
        "school": school,
        "may_write": may_write,
        "days_off": pages.school_days_off(school=school),
        "timetables": pages.school_timetables(school=school),
        "day_off_form": day_off_form,
        "timetable_form": timetable_form,
    }
    return render(request, "attendance/calendar.html", context)


@verified_required
@require_http_methods(["POST"])
def day_off_remove(request: HttpRequest, uuid: UUID, day_off: UUID) -> HttpResponse:
    school = pages.school_writable_get(user=request.user, uuid=uuid)
    services.school_day_off_remove(actor=request.user, day_off=pages.day_off_get(school=school, uuid=day_off))
    messages.success(request, _("De vrije dag is verwijderd."))
    return redirect("attendance:calendar", school.uuid)


@verified_required
def pupil(request: HttpRequest, uuid: UUID) -> HttpResponse:
    page = pages.pupil_page(user=request.user, uuid=uuid, on=_on(request))
    context = {"page": page, "chart": charts.weekly_chart(chart_id="weken", weeks=page.weeks)}
    return render(request, "attendance/pupil.html", context)
