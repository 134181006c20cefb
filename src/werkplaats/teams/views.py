"""Pages of Team & overleg (/team/). Thin: parse, one selector or service call, render (htmx: a partial).
Every page needs both login steps; what a user sees is decided by selectors.py and permissions.py."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from werkplaats.accounts.decorators import verified_required

from . import content, ics, selectors, services
from .forms import (
    ActionForm,
    ActionStatusForm,
    AgendaItemForm,
    AgreementForm,
    AssessmentOpenForm,
    AssessmentResponseForm,
    AttendanceForm,
    ClusterForm,
    CompleteForm,
    DecisionForm,
    GuestForm,
    LayersForm,
    MeetingForm,
    MeetingSeriesForm,
    MinutesForm,
    NoteEditForm,
    NoteForm,
    PreparationForm,
    StakeholderForm,
    StepForm,
    SummaryForm,
    TeamForm,
    UrgentMeetingForm,
    WorkshopStartForm,
)
from .models import FORM_LAYERS, Action, AgendaItem, AmbitionWorkshop, Meeting, Team, TeamAgreement, TeamAssessment
from .permissions import can_raise_urgent_meeting, can_see_team_work, team_access
from .services import AttendanceEntry, EditConflict, agenda_item_is_fixed
from .svg import growth_chart, workshop_rings
from .workflow import ACTION_TRANSITIONS, MEETING_ACTIVE, MEETING_RECORDABLE, MEETING_TRANSITIONS

LIVE_INTERVAL_SECONDS = 4


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _crumbs(team: Team | None = None, *trail: tuple[str, str]) -> list[tuple[str, str]]:
    links = [(_("Team & overleg"), reverse("teams:index"))]
    if team is not None:
        links.append((str(team), reverse("teams:team", kwargs={"uuid": team.uuid})))
    return links + list(trail)


def _require_work(request: HttpRequest, team: Team) -> None:
    """Meetings, measurements and workshops: managers and members; staff of the school see neither."""
    if not can_see_team_work(request.user, team):
        raise Http404


def _require_manage(access: Any) -> None:
    if not access.manage:
        raise Http404


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the form came from (only our own paths)."""
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/team/") else fallback)


# ---------------------------------------------------------------------------------------------------------
# Teams


@verified_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "teams/index.html", {
        "teams": list(selectors.teams_visible_to(user=user)),
        "schools": list(selectors.schools_without_team(user=user)),
        "area": selectors.start_area(user=user),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest, uuid: UUID) -> HttpResponse:
    school = selectors.school_for_new_team(user=request.user, uuid=uuid)
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            team = services.team_create(actor=request.user, school=school, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het team is aangemaakt. Breng nu in kaart wie er rond de school betrokken "
                                        "is."))
            return redirect("teams:stakeholders", uuid=team.uuid)
    return render(request, "teams/team_form.html", {"form": form, "school": school, "crumbs": _crumbs()})


@verified_required
@require_GET
def team(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    work = access.manage or access.is_member
    return render(request, "teams/team.html", {
        "team": team, "access": access, "work": work, "crumbs": _crumbs(),
        "layers": selectors.team_layers(team=team),
        "involved": team.stakeholders.filter(layer="").count(),
        "meetings": selectors.meeting_list(user=request.user, team=team, upcoming=True, limit=4) if work else [],
        "actions": selectors.action_list(user=request.user, team=team, status=Action.Status.OPEN, limit=8),
        "can_urgent": can_raise_urgent_meeting(request.user, team),
        "today": timezone.localdate(),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_update(actor=request.user, team=Team.objects.get(pk=team.pk), **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De vorm van het team is opgeslagen."))
            return redirect("teams:team", uuid=team.uuid)
    return render(request, "teams/team_form.html", {"form": form, "team": team, "school": team.school,
                                                     "crumbs": _crumbs(team)})


def _stakeholder_form(request: HttpRequest, team: Team, instance: Any = None) -> StakeholderForm:
    return StakeholderForm(
        request.POST if request.method == "POST" else None, instance=instance, team=team,
        people=selectors.people_around(team=team), organisations=selectors.organisation_choices(team=team),
    )


@verified_required
@require_http_methods(["GET", "POST"])
def stakeholders(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Step one: map who is involved around the school; the form adds one person at a time."""
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    if not (access.manage or access.is_member):
        raise Http404
    form = _stakeholder_form(request, team) if access.manage else None
    if request.method == "POST":
        _require_manage(access)
        if form.is_valid():
            try:
                services.stakeholder_add(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("%(name)s staat in de lijst van betrokkenen.") % {
                    "name": form.cleaned_data["name"] or form.cleaned_data["user"]})
                return redirect("teams:stakeholders", uuid=team.uuid)
    return render(request, "teams/stakeholders.html", {
        "team": team, "access": access, "form": form, "stakeholders": selectors.team_stakeholders(team=team),
        "crumbs": _crumbs(team),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def stakeholder_edit(request: HttpRequest, uuid: UUID, stakeholder: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    instance = selectors.stakeholder_get(team=team, uuid=stakeholder)
    form = _stakeholder_form(request, team, instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholder_update(actor=request.user, stakeholder=selectors.stakeholder_get(
                team=team, uuid=stakeholder), **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De gegevens zijn opgeslagen."))
            return redirect("teams:stakeholders", uuid=team.uuid)
    return render(request, "teams/stakeholder_form.html", {
        "team": team, "form": form, "stakeholder": instance,
        "crumbs": _crumbs(team, (_("Betrokkenen"), reverse("teams:stakeholders", kwargs={"uuid": team.uuid}))),
    })


@verified_required
@require_POST
def stakeholder_remove(request: HttpRequest, uuid: UUID, stakeholder: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    instance = selectors.stakeholder_get(team=team, uuid=stakeholder)
    services.stakeholder_remove(actor=request.user, stakeholder=instance)
    messages.success(request, _("%(name)s is uit de lijst van betrokkenen gehaald.") % {"name": instance.name})
    return redirect("teams:stakeholders", uuid=team.uuid)


@verified_required
@require_http_methods(["GET", "POST"])
def layers(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Step two: choose who sits in which layer."""
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    people = selectors.team_stakeholders(team=team)
    form = LayersForm(request.POST or None, team=team, stakeholders=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.stakeholders_assign_layers(actor=request.user, team=team, layers=form.layers())
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De lagen van het team zijn opgeslagen."))
            return redirect("teams:team", uuid=team.uuid)
    return render(request, "teams/layers.html", {"team": team, "form": form, "crumbs": _crumbs(team)})


@verified_required
@require_GET
def contacts(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    return render(request, "teams/contacts.html", {
        "team": team, "access": access, "rows": selectors.contact_sheet(team=team), "crumbs": _crumbs(team),
    })


# ---------------------------------------------------------------------------------------------------------
# Planning meetings


@verified_required
@require_GET
def meetings(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_work(request, team)
    return _meetings_page(request, team, access)


def _meetings_page(request: HttpRequest, team: Team, access: Any, **forms: Form) -> HttpResponse:
    manage = access.manage
    return render(request, "teams/meetings.html", {
        "team": team, "access": access, "crumbs": _crumbs(team),
        "upcoming": selectors.meeting_list(user=request.user, team=team, upcoming=True),
        "past": selectors.meeting_list(user=request.user, team=team, upcoming=False, limit=20),
        "meeting_form": forms.get("meeting_form") or (MeetingForm(team=team) if manage else None),
        "series_form": forms.get("series_form") or (
            MeetingSeriesForm(team=team, layer=request.GET.get("laag", "")) if manage else None),
        "urgent_form": forms.get("urgent_form") or (
            UrgentMeetingForm() if can_raise_urgent_meeting(request.user, team) else None),
        "cadence": [(layer, Team.Layer(layer).label, getattr(team, f"cadence_{layer}")) for layer in
                    FORM_LAYERS[team.form]],
    })


@verified_required
@require_POST
def meeting_plan(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    form = MeetingForm(request.POST, team=team)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan(
                actor=request.user, team=team, layer=data["layer"], starts_at=data["starts_at"],
                ends_at=data["ends_at"], location=data["location"], online_url=data["online_url"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het overleg is gepland en de leden krijgen een bericht."))
            return redirect("teams:meeting", uuid=meeting.uuid)
    return _meetings_page(request, team, access, meeting_form=form)


@verified_required
@require_POST
def meeting_series(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    form = MeetingSeriesForm(request.POST, team=team)
    if form.is_valid():
        data = form.cleaned_data
        try:
            planned = services.meetings_plan_series(
                actor=request.user, team=team, layer=data["layer"], first_starts_at=data["first_starts_at"],
                duration_minutes=data["duration"], count=data["count"], location=data["location"],
                online_url=data["online_url"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(count)s overleggen gepland. De leden krijgen een bericht.") % {
                "count": len(planned)})
            return redirect("teams:meetings", uuid=team.uuid)
    return _meetings_page(request, team, access, series_form=form)


@verified_required
@require_POST
def meeting_urgent(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    if not can_raise_urgent_meeting(request.user, team):
        raise Http404
    form = UrgentMeetingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_plan_urgent(
                actor=request.user, team=team, starts_at=data["starts_at"], duration_minutes=data["duration"],
                online_url=data["online_url"], reason=data["reason"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het kernteam-spoedoverleg is gepland. De leden van het kernteam krijgen "
                                        "direct een bericht."))
            return redirect("teams:meeting", uuid=meeting.uuid)
    return _meetings_page(request, team, access, urgent_form=form)


def _ics_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@verified_required
@require_GET
def meetings_ics(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_work(request, team)
    meetings = selectors.meetings_of(user=request.user, team=team).prefetch_related("agenda_items")
    body = ics.calendar(meetings, name=str(team), url_for=lambda m: request.build_absolute_uri(
        reverse("teams:meeting", kwargs={"uuid": m.uuid})))
    return _ics_response(body, f"ipt-{team.school.code}.ics")


# ---------------------------------------------------------------------------------------------------------
# One meeting


def _live_token(meeting: Meeting) -> str:
    """Changes whenever anything on the agenda, the decisions or the actions changes."""
    parts = [meeting.updated, meeting.status, *selectors.meeting_change_marks(meeting=meeting)]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _meeting_context(request: HttpRequest, view: selectors.MeetingView) -> dict[str, Any]:
    meeting = view.meeting
    agenda = selectors.agenda_of(view=view)
    items = agenda.items
    live = meeting.status in MEETING_ACTIVE
    context: dict[str, Any] = {
        "view": view, "meeting": meeting, "team": meeting.team, "items": items,
        "fixed": {item.pk for item in items if agenda_item_is_fixed(item)},
        "recordable": meeting.status in MEETING_RECORDABLE, "live": live,
        # Only a live agenda refreshes itself, and only it needs the token.
        "token": _live_token(meeting) if live else "", "interval": LIVE_INTERVAL_SECONDS,
        "today": timezone.localdate(),
        "decisions": agenda.decisions,
    }
    if view.participant:
        context["open_actions"] = selectors.open_actions_before(meeting=meeting)
        context["meeting_actions"] = agenda.actions
        context["next_meeting"] = selectors.next_meeting_of_layer(meeting=meeting) if view.runner else None
        if any(item.kind == AgendaItem.Kind.NEW_PUPILS for item in items):
            context["new_pupils"] = selectors.new_pupils_for(user=request.user, meeting=meeting)
    return context


def _meeting_forms(request: HttpRequest, view: selectors.MeetingView, **forms: Form) -> dict[str, Any]:
    if not view.participant or view.meeting.status not in MEETING_RECORDABLE:
        return {}
    items = list(view.meeting.agenda_items.order_by("position", "pk"))
    team = view.meeting.team
    return {
        "item_form": forms.get("item_form") or AgendaItemForm(),
        "decision_form": forms.get("decision_form") or DecisionForm(items=items),
        "action_form": forms.get("action_form") or ActionForm(
            items=items, owners=selectors.action_owner_candidates(team=team)),
    }


def _meeting_page(request: HttpRequest, view: selectors.MeetingView, **forms: Form) -> HttpResponse:
    context = _meeting_context(request, view)
    context.update(_meeting_forms(request, view, **forms))
    if view.participant:
        context["guests"] = selectors.meeting_guests(meeting=view.meeting)
    context["transitions"] = MEETING_TRANSITIONS[view.meeting.status] if view.runner else {}
    context["crumbs"] = _crumbs(view.meeting.team) if view.participant else [
        (_("Team & overleg"), reverse("teams:index"))]
    return render(request, "teams/meeting.html", context)


@verified_required
@require_GET
def meeting(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _meeting_page(request, selectors.meeting_get(user=request.user, uuid=uuid))


@verified_required
@require_GET
def meeting_live(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The agenda for the live refresh (htmx polling): 204 when nothing changed since `token`. A guest whose
    access ended gets the notice with status 286, which stops the polling (htmx); everyone else a 404."""
    try:
        view = selectors.meeting_get(user=request.user, uuid=uuid, log=False)
    except Http404:
        if selectors.was_invited(user=request.user, uuid=uuid):
            return render(request, "teams/meeting.html#access-ended", {}, status=286)
        raise
    if request.GET.get("token") == _live_token(view.meeting):
        return HttpResponse(status=204)
    return render(request, "teams/meeting.html#agenda", _meeting_context(request, view))


@verified_required
@require_GET
def meeting_ics(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.meeting_get(user=request.user, uuid=uuid, log=False)
    meeting = view.meeting
    body = ics.calendar([meeting], name=str(meeting.team), url_for=lambda m: request.build_absolute_uri(
        reverse("teams:meeting", kwargs={"uuid": m.uuid})))
    return _ics_response(body, f"overleg-{timezone.localtime(meeting.starts_at):%Y-%m-%d}.ics")


@verified_required
@require_POST
def meeting_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.meeting_get(user=request.user, uuid=uuid, log=False)
    if not view.runner:
        raise Http404
    try:
        services.meeting_transition(actor=request.user, meeting=view.meeting, to=request.POST.get("to", ""))
    except (ValidationError, ValueError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, _("Het overleg is nu: %(status)s.") % {
            "status": Meeting.objects.get(pk=view.meeting.pk).get_status_display()})
    return redirect("teams:meeting", uuid=uuid)


@verified_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.meeting_get(user=request.user, uuid=uuid, log=False)
    if not view.runner:
        raise Http404
    meeting = view.meeting
    start, end = timezone.localtime(meeting.starts_at), timezone.localtime(meeting.ends_at)
    initial = {"layer": meeting.layer, "day": start.date(), "start": start.time(), "end": end.time(),
               "location": meeting.location, "online_url": meeting.online_url}
    form = MeetingForm(request.POST or None, initial=initial, team=meeting.team)
    form.fields["layer"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_reschedule(actor=request.user, meeting=meeting, starts_at=data["starts_at"],
                                        ends_at=data["ends_at"], location=data["location"],
                                        online_url=data["online_url"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het overleg is gewijzigd. Download de agenda-uitnodiging opnieuw."))
            return redirect("teams:meeting", uuid=uuid)
    return render(request, "teams/meeting_form.html", {
        "form": form, "meeting": meeting, "team": meeting.team,
        "crumbs": _crumbs(meeting.team, (_("Overleg"), reverse("teams:meeting", kwargs={"uuid": uuid}))),
    })


def _participant(request: HttpRequest, uuid: UUID) -> selectors.MeetingView:
    view = selectors.meeting_get(user=request.user, uuid=uuid, log=False)
    if not view.participant:
        raise Http404
    return view


@verified_required
@require_POST
def agenda_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = _participant(request, uuid)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.agenda_item_add(actor=request.user, meeting=view.meeting, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het agendapunt staat op de agenda."))
            return redirect(reverse("teams:meeting", kwargs={"uuid": uuid}) + "#agenda")
    return _meeting_page(request, view, item_form=form)


def _item_editor(request: HttpRequest, uuid: UUID, *, field: str) -> HttpResponse:
    """The editor of an item's preparation or minutes; htmx puts it in the editor panel of the meeting page,
    outside the live agenda, so refreshes never touch what the user is typing."""
    item = selectors.agenda_item_get(user=request.user, uuid=uuid)
    form_class = MinutesForm if field == "minutes" else PreparationForm
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            service = services.agenda_item_record_minutes if field == "minutes" else services.agenda_item_prepare
            try:
                service(actor=request.user, item=item, version=form.cleaned_data["version"],
                        **{field: form.cleaned_data[field]})
            except EditConflict as error:
                conflict = error
                form = form_class(initial={field: form.cleaned_data[field], "version": error.current.version})
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if request.htmx:
                    response = render(request, "teams/item_editor.html#saved", {"item": item, "field": field})
                    response["HX-Trigger"] = "agenda-changed"
                    return response
                messages.success(request, _("Opgeslagen."))
                return redirect(reverse("teams:meeting", kwargs={"uuid": item.meeting.uuid}) + f"#item-{item.uuid}")
    else:
        form = form_class(initial={field: getattr(item, field), "version": item.version})
    context = {"item": item, "form": form, "field": field, "conflict": conflict, "meeting": item.meeting,
               "team": item.meeting.team,
               "crumbs": _crumbs(item.meeting.team, (_("Overleg"), reverse("teams:meeting",
                                                                            kwargs={"uuid": item.meeting.uuid})))}
    template = "teams/item_editor.html#editor" if request.htmx else "teams/item_editor.html"
    return render(request, template, context, status=409 if conflict and not request.htmx else 200)


@verified_required
@require_http_methods(["GET", "POST"])
def item_minutes(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _item_editor(request, uuid, field="minutes")


@verified_required
@require_http_methods(["GET", "POST"])
def item_prepare(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _item_editor(request, uuid, field="preparation")


def _item_action(request: HttpRequest, uuid: UUID, action: Any) -> HttpResponse:
    item = selectors.agenda_item_get(user=request.user, uuid=uuid)
    try:
        action(item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    return redirect(reverse("teams:meeting", kwargs={"uuid": item.meeting.uuid}) + "#agenda")


@verified_required
@require_POST
def item_move(request: HttpRequest, uuid: UUID) -> HttpResponse:
    up = request.POST.get("direction") == "up"
    return _item_action(request, uuid, lambda item: services.agenda_item_move(actor=request.user, item=item, up=up))


@verified_required
@require_POST
def item_remove(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _item_action(request, uuid, lambda item: services.agenda_item_remove(actor=request.user, item=item))


@verified_required
@require_POST
def item_share(request: HttpRequest, uuid: UUID) -> HttpResponse:
    shared = request.POST.get("shared") == "1"
    return _item_action(request, uuid, lambda item: services.agenda_item_share(actor=request.user, item=item,
                                                                               shared=shared))


@verified_required
@require_http_methods(["GET", "POST"])
def guests(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = _participant(request, uuid)
    if not view.runner:
        raise Http404
    meeting = view.meeting
    form = GuestForm(request.POST or None, candidates=selectors.guest_candidates(meeting=meeting))
    if request.method == "POST" and form.is_valid():
        try:
            guest = services.guest_invite(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(name)s is uitgenodigd op de lege stoel en krijgt een bericht. Deel de "
                                        "agendapunten die de gast mag zien.") % {"name": guest.user})
            return redirect(reverse("teams:meeting", kwargs={"uuid": uuid}) + "#lege-stoel")
    return render(request, "teams/guests.html", {
        "form": form, "meeting": meeting, "team": meeting.team,
        "guests": list(meeting.guests.select_related("user")),
        "crumbs": _crumbs(meeting.team, (_("Overleg"), reverse("teams:meeting", kwargs={"uuid": uuid}))),
    })


@verified_required
@require_POST
def guest_remove(request: HttpRequest, uuid: UUID) -> HttpResponse:
    guest = selectors.guest_get(user=request.user, uuid=uuid)
    services.guest_remove(actor=request.user, guest=guest)
    messages.success(request, _("De uitnodiging van %(name)s is ingetrokken.") % {"name": guest.user})
    return redirect(reverse("teams:meeting", kwargs={"uuid": guest.meeting.uuid}) + "#lege-stoel")


@verified_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = _participant(request, uuid)
    meeting = view.meeting
    rows = selectors.meeting_attendance(meeting=meeting)
    guest_list = list(meeting.guests.select_related("user"))
    form = AttendanceForm(request.POST or None, rows=rows, guests=guest_list)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entries = [AttendanceEntry(stakeholder=s, status=data[f"status-{s.uuid}"],
                                   substitute=data[f"substitute-{s.uuid}"]) for s, _ in rows]
        present = [guest for guest in guest_list if data[f"guest-{guest.uuid}"]]
        try:
            services.attendance_record(actor=request.user, meeting=meeting, entries=entries, guests_present=present)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De aanwezigheid is opgeslagen."))
            return redirect(reverse("teams:meeting", kwargs={"uuid": uuid}) + "#aanwezigheid")
    return render(request, "teams/attendance.html", {
        "form": form, "meeting": meeting, "team": meeting.team,
        "crumbs": _crumbs(meeting.team, (_("Overleg"), reverse("teams:meeting", kwargs={"uuid": uuid}))),
    })


@verified_required
@require_POST
def decision_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = _participant(request, uuid)
    form = DecisionForm(request.POST, items=list(view.meeting.agenda_items.all()))
    if form.is_valid():
        try:
            services.decision_record(actor=request.user, meeting=view.meeting, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het besluit is vastgelegd."))
            return redirect(reverse("teams:meeting", kwargs={"uuid": uuid}) + "#vastleggen")
    return _meeting_page(request, view, decision_form=form)


@verified_required
@require_POST
def action_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = _participant(request, uuid)
    meeting = view.meeting
    form = ActionForm(request.POST, items=list(meeting.agenda_items.all()),
                      owners=selectors.action_owner_candidates(team=meeting.team))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_create(actor=request.user, team=meeting.team, meeting=meeting,
                                   agenda_item=data["agenda_item"], description=data["description"],
                                   owner=data["owner"], due_date=data["due_date"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De actie is vastgelegd; de eigenaar krijgt een bericht."))
            return redirect(reverse("teams:meeting", kwargs={"uuid": uuid}) + "#vastleggen")
    return _meeting_page(request, view, action_form=form)


# ---------------------------------------------------------------------------------------------------------
# Actions


@dataclass(frozen=True)
class ActionRow:
    """A row of the actions page, with what its cells and buttons would otherwise compute per row."""

    action: Action
    status: str
    overdue: bool
    buttons: list[tuple[str, str]]
    short: str  # the description in the buttons' hidden text


@verified_required
@require_GET
def actions(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    status = request.GET.get("status", Action.Status.OPEN)
    status = status if status in Action.Status.values or status == "alle" else Action.Status.OPEN
    today = timezone.localdate()
    # Labels and buttons of each status, translated once for the page rather than once per row.
    labels = {value: str(label) for value, label in Action.Status.choices}
    buttons = {current: [(target, str(label)) for target, label in targets.items()]
               for current, targets in ACTION_TRANSITIONS.items()}
    rows = [
        ActionRow(
            action=action, status=labels.get(action.status, action.status),
            overdue=action.status == Action.Status.OPEN and action.due_date < today,
            buttons=buttons.get(action.status, []), short=Truncator(action.description).chars(40),
        )
        for action in selectors.action_list(user=request.user, team=team,
                                            status=None if status == "alle" else status)
    ]
    return render(request, "teams/actions.html", {
        "team": team, "access": access, "rows": rows, "status": status, "statuses": Action.Status.choices,
        "crumbs": _crumbs(team), "next": request.get_full_path(),
    })


@verified_required
@require_POST
def action_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    action = selectors.action_get(user=request.user, uuid=uuid)
    form = ActionStatusForm(request.POST)
    fallback = reverse("teams:actions", kwargs={"uuid": action.team.uuid})
    if not form.is_valid():
        messages.error(request, _("Kies wat er met de actie gebeurt."))
        return _back(request, fallback)
    try:
        services.action_transition(actor=request.user, action=action, **form.cleaned_data)
    except EditConflict as error:
        messages.warning(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De actie is nu: %(status)s.") % {"status": action.get_status_display()})
    return _back(request, fallback)


# ---------------------------------------------------------------------------------------------------------
# Agreements


@verified_required
@require_GET
def agreements(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    return render(request, "teams/agreements.html", {
        "team": team, "access": access, "agreements": selectors.agreements_current(team=team),
        "crumbs": _crumbs(team),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, uuid: UUID, topic: str) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_manage(access)
    latest = selectors.agreement_latest(team=team, topic=topic)
    conflict = None
    form = AgreementForm(request.POST or None, initial={
        "text": latest.text if latest else "", "base_version": latest.version if latest else 0})
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_record(actor=request.user, team=team, topic=topic, text=form.cleaned_data["text"],
                                      base_version=form.cleaned_data["base_version"])
        except EditConflict as error:
            conflict, latest = error, error.current
            form = AgreementForm(initial={"text": form.cleaned_data["text"], "base_version": error.current.version})
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De afspraak is opgeslagen als nieuwe versie."))
            return redirect(reverse("teams:agreements", kwargs={"uuid": team.uuid}) + f"#{topic}")
    return render(request, "teams/agreement_form.html", {
        "team": team, "form": form, "topic": topic, "label": TeamAgreement.Topic(topic).label, "latest": latest,
        "conflict": conflict,
        "crumbs": _crumbs(team, (_("Werkafspraken"), reverse("teams:agreements", kwargs={"uuid": team.uuid}))),
    }, status=409 if conflict else 200)


@verified_required
@require_GET
def agreement_history(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    topic = request.GET.get("onderwerp") or None
    if topic and topic not in TeamAgreement.Topic.values:
        topic = None
    return render(request, "teams/agreement_history.html", {
        "team": team, "changes": selectors.agreement_history(team=team, topic=topic), "topic": topic,
        "topics": TeamAgreement.Topic.choices,
        "crumbs": _crumbs(team, (_("Werkafspraken"), reverse("teams:agreements", kwargs={"uuid": team.uuid}))),
    })


# ---------------------------------------------------------------------------------------------------------
# Measurements


@verified_required
@require_http_methods(["GET", "POST"])
def assessments(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_work(request, team)
    growth = selectors.team_growth(team=team, assessments=selectors.assessments_of(user=request.user, team=team))
    has_open = any(a.status == TeamAssessment.Status.OPEN for a in growth.assessments)
    show_form = access.manage and (request.method == "POST" or not has_open)
    form = AssessmentOpenForm(request.POST or None) if show_form else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                assessment = services.assessment_open(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                messages.success(request, _("De meting staat open. De leden krijgen een bericht."))
                return redirect("teams:assessment", uuid=assessment.uuid)
    return render(request, "teams/assessments.html", {
        "team": team, "access": access, "form": form, "growth": growth, "chart": growth_chart(growth),
        "min_respondents": selectors.MIN_RESPONDENTS, "crumbs": _crumbs(team),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, uuid: UUID) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, uuid=uuid, figures=True)
    team = assessment.team
    access = team_access(request.user, team)
    responded = assessment.responded
    open_ = assessment.status == TeamAssessment.Status.OPEN
    form = AssessmentResponseForm(request.POST or None) if open_ and not responded else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.assessment_respond(actor=request.user, assessment=assessment, scores=form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Dank u wel. Uw antwoorden zijn anoniem opgeslagen."))
            return redirect("teams:assessment", uuid=assessment.uuid)
    growth = selectors.team_growth(team=team, assessments=[assessment])
    return render(request, "teams/assessment.html", {
        "assessment": assessment, "team": team, "access": access, "form": form, "responded": responded,
        "growth": growth, "scale": content.STATEMENT_SCALE, "aspect_scale": content.ASPECT_SCALE,
        "min_respondents": selectors.MIN_RESPONDENTS,
        "board": selectors.workshop_board(workshop=assessment.workshop) if assessment.workshop else None,
        "crumbs": _crumbs(team, (_("Teammetingen"), reverse("teams:assessments", kwargs={"uuid": team.uuid}))),
    })


@verified_required
@require_POST
def assessment_close(request: HttpRequest, uuid: UUID) -> HttpResponse:
    assessment = selectors.assessment_get(user=request.user, uuid=uuid)
    try:
        services.assessment_close(actor=request.user, assessment=assessment)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("De meting is afgesloten."))
    return redirect("teams:assessments", uuid=assessment.team.uuid)


# ---------------------------------------------------------------------------------------------------------
# Ambition workshop


@verified_required
@require_http_methods(["GET", "POST"])
def workshops(request: HttpRequest, uuid: UUID) -> HttpResponse:
    team, access = selectors.team_get(user=request.user, uuid=uuid)
    _require_work(request, team)
    upcoming = list(selectors.meetings_of(user=request.user, team=team, upcoming=True)[:10])
    form = WorkshopStartForm(request.POST or None, meetings=upcoming) if access.manage else None
    if request.method == "POST":
        _require_manage(access)
        if form.is_valid():
            workshop = services.workshop_start(actor=request.user, team=team, meeting=form.cleaned_data["meeting"])
            return redirect("teams:workshop", uuid=workshop.uuid)
    return render(request, "teams/workshops.html", {
        "team": team, "access": access, "form": form, "workshops": list(selectors.workshops_of(team=team)),
        "crumbs": _crumbs(team),
    })


def _board_token(workshop: AmbitionWorkshop) -> str:
    parts = [workshop.updated, *workshop.notes.aggregate(n=Count("pk"), last=Max("updated")).values()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _workshop_context(request: HttpRequest, workshop: AmbitionWorkshop) -> dict[str, Any]:
    return {
        "workshop": workshop, "team": workshop.team, "rings": selectors.workshop_board(workshop=workshop),
        "facilitator": selectors.workshop_is_facilitator(user=request.user, workshop=workshop),
        "current": content.workshop_step(workshop.current_step), "steps": content.WORKSHOP_STEPS,
        "token": _board_token(workshop), "interval": LIVE_INTERVAL_SECONDS,
        "open": workshop.status == AmbitionWorkshop.Status.OPEN, "pie": workshop_rings(workshop.current_step),
    }


@verified_required
@require_GET
def workshop(request: HttpRequest, uuid: UUID) -> HttpResponse:
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    context = _workshop_context(request, workshop)
    context.update(_workshop_forms(workshop))
    context["crumbs"] = _crumbs(workshop.team, (_("Taart van ambities"), reverse(
        "teams:workshops", kwargs={"uuid": workshop.team.uuid})))
    return render(request, "teams/workshop.html", context)


def _workshop_forms(workshop: AmbitionWorkshop, **forms: Form) -> dict[str, Any]:
    return {
        "note_form": forms.get("note_form") or NoteForm(initial={"step": workshop.current_step}),
        "summary_form": forms.get("summary_form") or SummaryForm(initial={
            "joint_wish": workshop.joint_wish, "first_step": workshop.first_step, "version": workshop.version}),
        "complete_form": forms.get("complete_form") or CompleteForm(),
    }


@verified_required
@require_GET
def workshop_board(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The board for the live refresh (htmx polling): 204 when nothing changed since `token`."""
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    if request.GET.get("token") == _board_token(workshop):
        return HttpResponse(status=204)
    return render(request, "teams/workshop.html#board", _workshop_context(request, workshop))


@verified_required
@require_POST
def note_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.workshop_note_add(actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if request.htmx:
                fresh = NoteForm(initial={"step": form.cleaned_data["step"]})
                response = render(request, "teams/workshop.html#note-form", {"workshop": workshop,
                                                                              "note_form": fresh, "added": True})
                response["HX-Trigger"] = "board-changed"
                return response
            return redirect(reverse("teams:workshop", kwargs={"uuid": uuid}) + "#notitie")
    if request.htmx:
        return render(request, "teams/workshop.html#note-form", {"workshop": workshop, "note_form": form})
    context = _workshop_context(request, workshop)
    context.update(_workshop_forms(workshop, note_form=form))
    return render(request, "teams/workshop.html", context)


def _facilitator_post(request: HttpRequest, uuid: UUID, action: Any) -> HttpResponse:
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    try:
        action(workshop)
    except EditConflict as error:
        messages.warning(request, error.message)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    if request.htmx:
        response = render(request, "teams/workshop.html#board", _workshop_context(
            request, selectors.workshop_get(user=request.user, uuid=uuid)))
        return response
    return redirect("teams:workshop", uuid=uuid)


@verified_required
@require_POST
def workshop_step(request: HttpRequest, uuid: UUID) -> HttpResponse:
    form = StepForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _facilitator_post(request, uuid, lambda w: services.workshop_step_set(
        actor=request.user, workshop=w, step=form.cleaned_data["step"]))


@verified_required
@require_POST
def workshop_summary(request: HttpRequest, uuid: UUID) -> HttpResponse:
    form = SummaryForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _facilitator_post(request, uuid, lambda w: services.workshop_summary_update(
        actor=request.user, workshop=w, **form.cleaned_data))


@verified_required
@require_POST
def workshop_complete(request: HttpRequest, uuid: UUID) -> HttpResponse:
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    form = CompleteForm(request.POST)
    if form.is_valid():
        try:
            services.workshop_complete(actor=request.user, workshop=workshop, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("De taart van ambities is afgerond. De acties staan op de actielijst en het "
                                        "resultaat is bewaard als nulmeting van het team."))
            return redirect("teams:workshop", uuid=uuid)
    context = _workshop_context(request, workshop)
    context.update(_workshop_forms(workshop, complete_form=form))
    return render(request, "teams/workshop.html", context)


@verified_required
@require_GET
def workshop_print(request: HttpRequest, uuid: UUID) -> HttpResponse:
    workshop = selectors.workshop_get(user=request.user, uuid=uuid)
    context = _workshop_context(request, workshop)
    context.update({"actions": list(workshop.actions.select_related("owner")), "printed": timezone.now()})
    return render(request, "teams/workshop_print.html", context)


@verified_required
@require_http_methods(["GET", "POST"])
def note_edit(request: HttpRequest, uuid: UUID) -> HttpResponse:
    note = selectors.workshop_note_get(user=request.user, uuid=uuid)
    conflict = None
    form = NoteEditForm(request.POST or None, initial={"text": note.text, "version": note.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.workshop_note_update(actor=request.user, note=note, **form.cleaned_data)
        except EditConflict as error:
            conflict = error
            form = NoteEditForm(initial={"text": form.cleaned_data["text"], "version": error.current.version})
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("De notitie is opgeslagen."))
            return redirect(reverse("teams:workshop", kwargs={"uuid": note.workshop.uuid}) + f"#note-{note.uuid}")
    return render(request, "teams/note_form.html", {
        "note": note, "form": form, "conflict": conflict, "team": note.workshop.team,
        "step": content.workshop_step(note.step),
        "crumbs": _crumbs(note.workshop.team, (_("Taart van ambities"), reverse(
            "teams:workshop", kwargs={"uuid": note.workshop.uuid}))),
    }, status=409 if conflict else 200)


@verified_required
@require_POST
def note_cluster(request: HttpRequest, uuid: UUID) -> HttpResponse:
    note = selectors.workshop_note_get(user=request.user, uuid=uuid)
    form = ClusterForm(request.POST)
    if not form.is_valid():
        raise Http404
    return _facilitator_post(request, note.workshop.uuid, lambda w: services.workshop_note_cluster(
        actor=request.user, note=note, cluster=form.cleaned_data["cluster"]))


@verified_required
@require_POST
def note_remove(request: HttpRequest, uuid: UUID) -> HttpResponse:
    note = selectors.workshop_note_get(user=request.user, uuid=uuid)
    return _facilitator_post(request, note.workshop.uuid, lambda w: services.workshop_note_remove(
        actor=request.user, note=note))


# ---------------------------------------------------------------------------------------------------------
# Notifications


@verified_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        uuids = request.POST.getlist("uuid") or None
        services.notifications_mark_read(actor=request.user, uuids=uuids)
        return _back(request, reverse("teams:notifications"))
    return render(request, "teams/notifications.html", {
        "notifications": selectors.notifications_for(user=request.user), "crumbs": _crumbs(),
    })
