"""Pages of signals and cases (/casussen/). Thin: parse, one selector or service call, render (htmx: a partial).
Every page needs both login steps; what a user sees is decided by selectors.py and permissions.py, and a
missing and a forbidden object both answer 404 (with the refusal kept in the access log). No personal data
in URLs: pages carry uuids, and a search goes by POST."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from werkplaats.accounts.decorators import verified_required
from werkplaats.accounts.models import Role, User
from werkplaats.audit.permissions import can_review_access_log
from werkplaats.consent.models import Section
from werkplaats.organisations.models import School
from werkplaats.teams.services import EditConflict

from . import content, selectors, services, workflow
from .forms import (
    ActionStatusForm,
    CaseActionForm,
    CaseOpenForm,
    CheckInForm,
    CloseForm,
    ConcludeForm,
    ConsultationForm,
    ContributionForm,
    CoordinatorForm,
    EmergencyForm,
    EmergencyReviewForm,
    EscalationForm,
    EvaluationForm,
    EvaluationPlanForm,
    HandoverForm,
    MemberForm,
    PlanStepForm,
    PlanVersionForm,
    ProposalAcceptForm,
    ReasonForm,
    SearchForm,
    SignalForm,
    StoryForm,
    UrgentMeetingForm,
    people_choices,
)
from .models import Case, EscalationTarget, Handover, Signal


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _crumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    return [(_("Signalen en casussen"), reverse("cases:index")), *trail]


def _case_crumbs(case: Case) -> list[tuple[str, str]]:
    return _crumbs((_("Casus %(ref)s") % {"ref": case.reference}, reverse("cases:case", kwargs={"uuid": case.uuid})))


def _user_by_uuid(users: Any, value: str) -> User | None:
    return next((user for user in users if str(user.uuid) == value), None) if value else None


def _back_to_case(case: Case, anchor: str = "") -> HttpResponse:
    return redirect(reverse("cases:case", kwargs={"uuid": case.uuid}) + (f"#{anchor}" if anchor else ""))


# ---------------------------------------------------------------------------------------------------------
# Overview and search


@verified_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/index.html", {"board": selectors.dashboard(user=request.user),
                                                "search": SearchForm()})


@verified_required
@require_GET
def my_cases(request: HttpRequest) -> HttpResponse:
    """All open cases of one role (`rol`: regie or betrokken; another value is regie), paged (`page`)."""
    role = request.GET.get("rol", "")
    role = role if role == selectors.INVOLVED else selectors.COORDINATOR
    title = _("Casussen waarvan ik regiehouder ben") if role == selectors.COORDINATOR else _(
        "Casussen waarbij ik betrokken ben")
    return render(request, "cases/my_cases.html", {
        "page": selectors.my_cases(user=request.user, role=role, page=request.GET.get("page", 1)),
        "role": role, "roles": [(selectors.COORDINATOR, _("Regiehouder")), (selectors.INVOLVED, _("Betrokken"))],
        "title": title, "crumbs": _crumbs(), "crumb": title,
    })


@verified_required
@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """By POST: the search text can hold a pupil's name, which must not end up in a URL."""
    form = SearchForm(request.POST if request.method == "POST" else None)
    result = selectors.search(user=request.user, query=form.cleaned_data["q"]) if form.is_valid() else None
    context = {"form": form, "result": result, "crumbs": _crumbs(), "crumb": _("Zoeken")}
    return render(request, "cases/search.html#results" if request.htmx else "cases/search.html", context)


# ---------------------------------------------------------------------------------------------------------
# Signals


@verified_required
@require_GET
def signal_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in {"open", "", *Signal.Status.values}:
        status = "open"
    return render(request, "cases/signals.html", {
        "signals": selectors.signal_list(user=request.user, status=status), "status": status,
        "statuses": [("open", _("Nog te bespreken")), *Signal.Status.choices, ("", _("Alle"))],
        "may_raise": selectors.may_raise_signals(user=request.user), "crumbs": _crumbs(), "crumb": _("Signalen"),
    })


@verified_required
@require_http_methods(["GET", "POST"])
def signal_new(request: HttpRequest) -> HttpResponse:
    """Raise a signal at one school (chosen first: the list of pupils depends on it)."""
    schools = selectors.schools_for_signals(user=request.user)
    if not schools:
        raise Http404
    chosen = request.GET.get("school", "")
    school = selectors.school_for_signals(user=request.user, uuid=UUID(chosen)) if chosen else (
        schools[0] if len(schools) == 1 else None)
    if school is None:
        return render(request, "cases/signal_school.html", {"schools": schools, "crumbs": _crumbs(),
                                                            "crumb": _("Signaal inbrengen")})
    enrolments = selectors.pupils_for_signal(user=request.user, school=school)
    pupils = [(str(e.pupil.uuid), f"{e.pupil} ({e.group})") for e in enrolments]
    form = SignalForm(request.POST or None, pupils=pupils, groups=selectors.groups_for_signal(user=request.user,
                                                                                              school=school))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pupil = next((e.pupil for e in enrolments if str(e.pupil.uuid) == data["pupil"]), None)
        try:
            signal = services.signal_raise(
                actor=request.user, school=school, level=data["level"], category=data["category"],
                seen_in_school=data["seen_in_school"], seen_outside_school=data["seen_outside_school"],
                urgency=data["urgency"], pupil=pupil, group=data["group"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if signal.status == Signal.Status.ON_AGENDA:
                messages.success(request, _("Het signaal staat op de agenda van het volgende kernteamoverleg."))
            elif signal.addressed_to_id:
                messages.success(request, _("Het signaal is ingebracht bij %(name)s, de intern begeleider.") % {
                    "name": signal.addressed_to})
            elif signal.urgency == Signal.Urgency.URGENT:
                messages.success(request, _("Plan nu het kernteam-spoedoverleg."))
                return redirect("cases:signal-urgent", uuid=signal.uuid)
            else:
                messages.info(request, _("Het signaal is opgeslagen. Er is nog geen volgend kernteamoverleg gepland."))
            return redirect("cases:signal", uuid=signal.uuid)
    return render(request, "cases/signal_form.html", {
        "form": form, "school": school, "schools": schools, "crumbs": _crumbs(
            (_("Signalen"), reverse("cases:signals"))), "crumb": _("Signaal inbrengen"),
    })


def _signal_context(view: selectors.SignalView, **extra: Any) -> dict[str, Any]:
    signal = view.signal
    context: dict[str, Any] = {"view": view, "signal": signal, "crumbs": _crumbs(
        (_("Signalen"), reverse("cases:signals"))), "crumb": signal.reference, "questions":
        content.CONSULTATION_QUESTIONS}
    if view.access.consult:
        consultation = view.consultation
        if consultation is not None:
            context["consultation_form"] = extra.pop("consultation_form", None) or ConsultationForm(
                initial={"signals": consultation.signals, "already_started": consultation.already_started,
                         "active_members": [str(u.uuid) for u in consultation.active_members.all()],
                         "active_role_note": consultation.active_role_note, "version": consultation.version},
                core_team=people_choices(selectors.core_team_users(school=signal.school)))
            context["contribution_form"] = ContributionForm()
            context["conclude_form"] = extra.pop("conclude_form", None) or ConcludeForm(
                targets=[(t.value, t.label) for t in EscalationTarget])
        context["next_meeting"] = selectors.next_core_meeting(school=signal.school)
    context.update(extra)
    return context


@verified_required
@require_GET
def signal_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.signal_get(user=request.user, uuid=uuid)
    return render(request, "cases/signal.html", _signal_context(view))


def _signal_action(request: HttpRequest, uuid: UUID, call: Any, success: str) -> HttpResponse:
    view = selectors.signal_get(user=request.user, uuid=uuid, event_type="signal.update")
    try:
        call(view.signal)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, success)
    return redirect("cases:signal", uuid=uuid)


@verified_required
@require_POST
def signal_schedule(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _signal_action(request, uuid, lambda s: services.signal_schedule(actor=request.user, signal=s),
                          _("Het signaal staat op de agenda van het volgende kernteamoverleg."))


@verified_required
@require_POST
def signal_withdraw(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _signal_action(request, uuid, lambda s: services.signal_withdraw(actor=request.user, signal=s),
                          _("Het signaal is ingetrokken."))


@verified_required
@require_POST
def signal_reopen(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _signal_action(request, uuid, lambda s: services.signal_reopen(actor=request.user, signal=s),
                          _("Het signaal gaat terug naar het kernteam."))


@verified_required
@require_POST
def consultation_start(request: HttpRequest, uuid: UUID) -> HttpResponse:
    return _signal_action(request, uuid, lambda s: services.consultation_start(actor=request.user, signal=s),
                          _("De consultatie is gestart. Loop de vier vragen samen door."))


@verified_required
@require_http_methods(["GET", "POST"])
def signal_urgent(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.signal_get(user=request.user, uuid=uuid)
    if not view.access.consult:
        raise Http404
    form = UrgentMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.signal_urgent_meeting(actor=request.user, signal=view.signal, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het kernteam-spoedoverleg is gepland; het kernteam krijgt bericht."))
            return redirect("teams:meeting", uuid=meeting.uuid)
    return render(request, "cases/urgent_form.html", {
        "form": form, "signal": view.signal, "crumbs": _crumbs((view.signal.reference, reverse(
            "cases:signal", kwargs={"uuid": uuid}))), "crumb": _("Kernteam-spoedoverleg")})


@verified_required
@require_POST
def consultation_update(request: HttpRequest, uuid: UUID) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, uuid=uuid)
    view = selectors.signal_get(user=request.user, uuid=consultation.signal.uuid, event_type="signal.update")
    core = selectors.core_team_users(school=consultation.signal.school)
    form = ConsultationForm(request.POST, core_team=people_choices(core))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_update(
                actor=request.user, consultation=consultation, signals=data["signals"],
                already_started=data["already_started"], active_role_note=data["active_role_note"],
                active_members=[u for u in core if str(u.uuid) in data["active_members"]], version=data["version"])
        except EditConflict as conflict:
            form.add_error(None, conflict.message)
            return render(request, "cases/signal.html", _signal_context(
                view, consultation_form=form, conflict=conflict.current), status=409)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De consultatie is opgeslagen."))
            return redirect(reverse("cases:signal", kwargs={"uuid": consultation.signal.uuid}) + "#consultatie")
    return render(request, "cases/signal.html", _signal_context(view, consultation_form=form), status=400)


@verified_required
@require_POST
def contribution_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Question 3: a member adds expertise (htmx: the list of contributions is replaced)."""
    consultation = selectors.consultation_get(user=request.user, uuid=uuid)
    form = ContributionForm(request.POST)
    if form.is_valid():
        try:
            services.contribution_add(actor=request.user, consultation=consultation, text=form.cleaned_data["text"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            form = ContributionForm()
    if request.htmx:
        return render(request, "cases/signal.html#contributions", {
            "consultation": consultation, "contribution_form": form})
    return redirect(reverse("cases:signal", kwargs={"uuid": consultation.signal.uuid}) + "#wijsheid")


@verified_required
@require_POST
def consultation_conclude(request: HttpRequest, uuid: UUID) -> HttpResponse:
    consultation = selectors.consultation_get(user=request.user, uuid=uuid)
    form = ConcludeForm(request.POST, targets=[(t.value, t.label) for t in EscalationTarget])
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.consultation_conclude(actor=request.user, consultation=consultation, outcome=data["outcome"],
                                           advice=data["advice"], escalation_target=data["escalation_target"],
                                           reason=data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if data["outcome"] == "case":
                return redirect("cases:case-new", signal_uuid=consultation.signal.uuid)
            messages.success(request, _("De consultatie is afgerond."))
            return redirect("cases:signal", uuid=consultation.signal.uuid)
    view = selectors.signal_get(user=request.user, uuid=consultation.signal.uuid)
    return render(request, "cases/signal.html", _signal_context(view, conclude_form=form), status=400)


@verified_required
@require_http_methods(["GET", "POST"])
def signal_escalate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Scale a signal up (e.g. a school-level theme to management, appendix D example 3) or back."""
    view = selectors.signal_get(user=request.user, uuid=uuid)
    if not view.access.consult:
        raise Http404
    signal = view.signal
    levels = sorted(workflow.ESCALATION_UP.get(signal.escalation, frozenset())
                    | workflow.ESCALATION_DOWN.get(signal.escalation, frozenset()))
    form = EscalationForm(request.POST or None, levels=[(lvl, workflow.level_label(lvl)) for lvl in levels],
                          directors=people_choices(_directors()))
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_record(actor=request.user, signal=signal, to_level=form.level(),
                                       reason=form.cleaned_data["reason"],
                                       youth_director=_user_by_uuid(_directors(), form.cleaned_data["youth_director"]))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return redirect("cases:signal", uuid=uuid)
    return render(request, "cases/escalate_form.html", {
        "form": form, "subject": signal, "current": workflow.level_label(signal.escalation),
        "history": view.escalations, "crumbs": _crumbs((signal.reference, reverse("cases:signal",
                                                                                  kwargs={"uuid": uuid}))),
        "crumb": _("Op- of afschalen")})


def _directors() -> list[User]:
    return list(User.objects.filter(is_active=True, memberships__role=Role.YOUTH_DIRECTOR).distinct()
                .order_by("last_name", "first_name"))


# ---------------------------------------------------------------------------------------------------------
# Cases


@verified_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest, signal_uuid: UUID) -> HttpResponse:
    """Open a case from a consulted signal: the pupil (and siblings for a gezinsaanpak) and the regiehouder."""
    view = selectors.signal_get(user=request.user, uuid=signal_uuid)
    signal = view.signal
    if not view.access.consult or signal.pupil is None:
        raise Http404
    candidates = [signal.pupil, *selectors.siblings_for_case(user=request.user, pupil=signal.pupil)]
    people = list(selectors.coordinator_candidates(school=signal.school))
    form = CaseOpenForm(request.POST or None, initial={"pupils": [str(signal.pupil.uuid)],
                                                       "category": signal.category},
                        pupils=[(str(p.uuid), str(p)) for p in candidates], people=people_choices(people))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user, school=signal.school, signal=signal, category=data["category"],
                pupils=[p for p in candidates if str(p.uuid) in data["pupils"]],
                coordinator=_user_by_uuid(people, data["coordinator"]), coordinator_role=data["coordinator_role"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De casus is geopend. Schrijf nu samen het plan."))
            return redirect("cases:case", uuid=case.uuid)
    return render(request, "cases/case_form.html", {
        "form": form, "signal": signal, "crumbs": _crumbs((signal.reference, reverse(
            "cases:signal", kwargs={"uuid": signal.uuid}))), "crumb": _("Casus openen")})


@verified_required
@require_GET
def case_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    detail = selectors.case_detail(user=request.user, uuid=uuid)
    case = detail.case
    context: dict[str, Any] = {"detail": detail, "case": case, "crumbs": _crumbs(), "crumb": case.reference}
    if case.status != Case.Status.OPEN:  # the page shows its forms on an open case only
        return render(request, "cases/case.html", context)
    if detail.access.can_edit:
        members = [m.user for m in detail.members if not m.read_only_until]
        context["action_form"] = CaseActionForm(people=people_choices(members))
        context["evaluation_form"] = EvaluationPlanForm()
    if detail.access.can_manage:
        context["coordinator_form"] = CoordinatorForm(people=people_choices(
            [m.user for m in detail.members if m.user_id != case.coordinator_id and not m.read_only_until]))
    return render(request, "cases/case.html", context)


def _case_post(request: HttpRequest, uuid: UUID, *, manage: bool = False) -> selectors.CaseView:
    return selectors.case_for_edit(user=request.user, uuid=uuid, event_type="case.update", manage=manage)


@verified_required
@require_http_methods(["GET", "POST"])
def case_member_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """GET: the form on demand (htmx: the partial swapped into the case page's section), with the candidates
    around the school; POST: add the member and go back to the case."""
    if request.method == "GET":
        return _member_form_page(request, uuid)
    case = _case_post(request, uuid, manage=True).case
    people = list(selectors.member_candidates(case=case))
    form = MemberForm(request.POST, people=people_choices(people))
    if form.is_valid():
        try:
            services.case_member_add(actor=request.user, case=case, user=_user_by_uuid(people, form.cleaned_data[
                "user"]), role_in_case=form.cleaned_data["role_in_case"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De professional is betrokken bij de casus."))
    else:
        messages.error(request, _("Kies een professional."))
    return _back_to_case(case, "betrokkenen")


def _member_form_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = selectors.case_for_edit(user=request.user, uuid=uuid, manage=True).case
    form = (MemberForm(people=people_choices(selectors.member_choices(case=case)))
            if case.status == Case.Status.OPEN else None)
    inline = bool(request.htmx)
    context = {"case": case, "form": form, "inline": inline, "crumbs": _case_crumbs(case),
               "crumb": _("Professional toevoegen")}
    return render(request, "cases/member_form.html#form" if inline else "cases/member_form.html", context)


@verified_required
@require_POST
def case_member_remove(request: HttpRequest, uuid: UUID, member_uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid, manage=True).case
    member = case.members.filter(uuid=member_uuid).select_related("user").first()
    if member is None:
        raise Http404
    try:
        services.case_member_remove(actor=request.user, case=case, member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is niet meer betrokken.") % {"name": member.user})
    return _back_to_case(case, "betrokkenen")


@verified_required
@require_POST
def case_coordinator(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid, manage=True).case
    members = [m.user for m in case.members.filter(left_at__isnull=True).select_related("user")]
    form = CoordinatorForm(request.POST, people=people_choices(members))
    if form.is_valid():
        try:
            services.case_coordinator_change(actor=request.user, case=case,
                                             user=_user_by_uuid(members, form.cleaned_data["user"]))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De regie is overgedragen."))
    return _back_to_case(case, "betrokkenen")


@verified_required
@require_http_methods(["GET", "POST"])
def case_story(request: HttpRequest, uuid: UUID) -> HttpResponse:
    view = selectors.case_for_edit(user=request.user, uuid=uuid)
    case = view.case
    if Section.FAMILY_STORY in view.access.withheld:
        raise Http404
    form = StoryForm(request.POST or None, initial={"parents_story": case.parents_story,
                                                    "pupil_voice": case.pupil_voice, "version": case.story_version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.case_story_update(actor=request.user, case=case, **form.cleaned_data)
        except EditConflict as error:
            form.add_error(None, error.message)
            conflict = error.current
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Het verhaal is opgeslagen. Alle betrokkenen lezen het hier."))
            return _back_to_case(case, "verhaal")
    return render(request, "cases/story_form.html", {"form": form, "case": case, "conflict": conflict,
                                                     "crumbs": _case_crumbs(case), "crumb": _("Verhaal")},
                  status=409 if conflict else 200)


@verified_required
@require_GET
def plan(request: HttpRequest, uuid: UUID) -> HttpResponse:
    detail = selectors.plan_detail(user=request.user, uuid=uuid)
    editable = detail.access.can_edit and detail.case.status == Case.Status.OPEN
    return render(request, "cases/plan.html", {"detail": detail, "case": detail.case, "intro": content.PLAN_INTRO,
                                               "editable": editable,
                                               "version_form": PlanVersionForm(), "crumbs": _case_crumbs(detail.case),
                                               "crumb": _("Plan")})


@verified_required
@require_http_methods(["GET", "POST"])
def plan_step(request: HttpRequest, uuid: UUID, number: int) -> HttpResponse:
    view, step_view = selectors.plan_step_get(user=request.user, uuid=uuid, number=number)
    case, step = view.case, step_view.step
    initial = {**step.answers, "provisional": step.provisional, "version": step.version}
    form = PlanStepForm(request.POST or None, initial=initial, spec=step_view.spec)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_step_save(actor=request.user, case=case, number=number, answers=form.answers(),
                                    provisional=form.cleaned_data["provisional"],
                                    version=form.cleaned_data["version"])
        except EditConflict as error:
            form.add_error(None, error.message)
            conflict = error.current
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(step)s is opgeslagen.") % {"step": step_view.spec.title})
            if number < content.STEP_NUMBERS[-1] and "next" in request.POST:
                return redirect("cases:plan-step", uuid=uuid, number=number + 1)
            return redirect(reverse("cases:plan", kwargs={"uuid": uuid}) + f"#stap-{number}")
    conflict_answers = [(q, conflict.answers.get(q.key, "")) for q in step_view.spec.questions] if conflict else []
    return render(request, "cases/plan_step.html", {
        "form": form, "case": case, "spec": step_view.spec, "step": step, "conflict": conflict,
        "conflict_answers": conflict_answers, "last": number == content.STEP_NUMBERS[-1],
        "crumbs": [*_case_crumbs(case), (_("Plan"), reverse("cases:plan", kwargs={"uuid": uuid}))],
        "crumb": step_view.spec.title}, status=409 if conflict else 200)


@verified_required
@require_POST
def plan_version(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid).case
    form = PlanVersionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    version = services.plan_version_create(actor=request.user, case=case, note=note)
    messages.success(request, _("Versie %(number)s van het plan is vastgesteld.") % {"number": version.number})
    return redirect("cases:plan", uuid=uuid)


@verified_required
@require_GET
def plan_print(request: HttpRequest, uuid: UUID) -> HttpResponse:
    printable = selectors.plan_print(user=request.user, uuid=uuid)
    return render(request, "cases/plan_print.html", {"printable": printable, "case": printable.case})


@verified_required
@require_POST
def case_action_add(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid).case
    members = [m.user for m in case.members.filter(left_at__isnull=True, read_only_until__isnull=True)
               .select_related("user")]
    form = CaseActionForm(request.POST, people=people_choices(members))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_action_add(actor=request.user, case=case, description=data["description"],
                                     owner=_user_by_uuid(members, data["owner"]), due_date=data["due_date"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De actie is vastgelegd; de eigenaar krijgt bericht en herinneringen."))
    else:
        messages.error(request, _("Vul de actie, de eigenaar en de datum in."))
    return _back_to_case(case, "acties")


@verified_required
@require_POST
def case_action_status(request: HttpRequest, uuid: UUID, action_uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid).case
    action = selectors.case_action_get(case=case, uuid=action_uuid)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        try:
            services.case_action_transition(actor=request.user, case=case, action=action,
                                            to=form.cleaned_data["to"], version=form.cleaned_data["version"])
        except EditConflict as error:
            messages.error(request, error.message)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("De actie is bijgewerkt."))
    return _back_to_case(case, "acties")


@verified_required
@require_POST
def evaluation_plan(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = _case_post(request, uuid).case
    form = EvaluationPlanForm(request.POST)
    if form.is_valid():
        try:
            evaluation = services.evaluation_plan(actor=request.user, case=case,
                                                  planned_on=form.cleaned_data["planned_on"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De evaluatie is gepland.") + (
                " " + _("De casus staat op de agenda van het kernteam.") if evaluation.meeting_uuid else ""))
    else:
        messages.error(request, _("Kies een datum voor de evaluatie."))
    return _back_to_case(case, "evaluaties")


@verified_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, uuid: UUID, evaluation_uuid: UUID) -> HttpResponse:
    view = selectors.case_for_edit(user=request.user, uuid=uuid)
    case = view.case
    if Section.EVALUATIONS in view.access.withheld:
        raise Http404
    record = selectors.evaluation_get(case=case, uuid=evaluation_uuid)
    form = EvaluationForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_record(actor=request.user, evaluation=record, **data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De evaluatie is vastgelegd."))
            return _back_to_case(case, "evaluaties")
    desired = case.plan.steps.filter(number=3).first()
    return render(request, "cases/evaluation_form.html", {
        "form": form, "case": case, "evaluation": record,
        "desired": [(q, desired.answers.get(q.key, "")) for q in content.plan_step(3).questions] if desired else [],
        "crumbs": _case_crumbs(case), "crumb": _("Evaluatie")})


@verified_required
@require_http_methods(["GET", "POST"])
def case_escalate(request: HttpRequest, uuid: UUID) -> HttpResponse:
    case = selectors.case_for_edit(user=request.user, uuid=uuid, manage=True).case
    levels = sorted(workflow.ESCALATION_UP.get(case.escalation, frozenset())
                    | workflow.ESCALATION_DOWN.get(case.escalation, frozenset()))
    directors = _directors()
    form = EscalationForm(request.POST or None, levels=[(lvl, workflow.level_label(lvl)) for lvl in levels],
                          directors=people_choices(directors))
    if request.method == "POST" and form.is_valid():
        try:
            services.escalation_record(actor=request.user, case=case, to_level=form.level(),
                                       reason=form.cleaned_data["reason"],
                                       youth_director=_user_by_uuid(directors, form.cleaned_data["youth_director"]))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De stap is vastgelegd."))
            return _back_to_case(case, "opschalen")
    return render(request, "cases/escalate_form.html", {
        "form": form, "subject": case, "current": workflow.level_label(case.escalation),
        "history": list(case.escalations.select_related("actor")), "crumbs": _case_crumbs(case),
        "crumb": _("Op- of afschalen")})


@verified_required
@require_http_methods(["GET", "POST"])
def case_status(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """Close or reopen: a confirmation page that says what will happen."""
    case = selectors.case_for_edit(user=request.user, uuid=uuid, manage=True).case
    target = Case.Status.CLOSED if case.status == Case.Status.OPEN else Case.Status.OPEN
    form = CloseForm(request.POST or None, initial={"to": target})
    if request.method == "POST" and form.is_valid():
        try:
            services.case_transition(actor=request.user, case=case, to=form.cleaned_data["to"],
                                     note=form.cleaned_data["note"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De casus is afgesloten.") if form.cleaned_data["to"] == Case.Status.CLOSED
                             else _("De casus is heropend."))
            return _back_to_case(case)
    open_actions = case.actions.filter(status="open").count()
    return render(request, "cases/close_form.html", {
        "form": form, "case": case, "target": target, "label": workflow.CASE_TRANSITIONS[case.status].get(target),
        "open_actions": open_actions, "crumbs": _case_crumbs(case), "crumb": _("Status")})


# ---------------------------------------------------------------------------------------------------------
# Chronology, emergency access


@verified_required
@require_GET
def chronology(request: HttpRequest, pupil_uuid: UUID) -> HttpResponse:
    pupil, items = selectors.chronology(user=request.user, pupil_uuid=pupil_uuid)
    return render(request, "cases/chronology.html", {"pupil": pupil, "items": items, "crumbs": _crumbs(),
                                                     "crumb": pupil.initials})


@verified_required
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest, pupil_uuid: UUID) -> HttpResponse:
    pupil = selectors.emergency_pupil_get(user=request.user, uuid=pupil_uuid)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            access = services.emergency_access_request(actor=request.user, pupil=pupil,
                                                       reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.warning(request, _("Noodtoegang tot %(until)s. Elke inzage wordt als noodtoegang vastgelegd en "
                                        "beoordeeld.") % {"until": access.expires_at.strftime("%d-%m-%Y %H:%M")})
            return redirect("cases:chronology", pupil_uuid=pupil.uuid)
    return render(request, "cases/emergency_form.html", {"form": form, "pupil": pupil, "crumbs": _crumbs(),
                                                         "crumb": _("Noodtoegang")})


@verified_required
@require_GET
def emergency_reviews(request: HttpRequest) -> HttpResponse:
    if not can_review_access_log(request.user):
        raise Http404
    return render(request, "cases/emergency_reviews.html", {
        "rows": selectors.emergency_accesses_for_review(user=request.user), "form": EmergencyReviewForm(),
        "crumbs": _crumbs(), "crumb": _("Noodtoegang beoordelen")})


@verified_required
@require_POST
def emergency_review(request: HttpRequest, uuid: UUID) -> HttpResponse:
    access = selectors.emergency_access_get(user=request.user, uuid=uuid)
    form = EmergencyReviewForm(request.POST)
    if form.is_valid():
        try:
            services.emergency_access_review(actor=request.user, access=access, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De beoordeling is vastgelegd."))
    else:
        messages.error(request, _("Kies terecht of onterecht."))
    return redirect("cases:emergency-reviews")


# ---------------------------------------------------------------------------------------------------------
# Handovers


@verified_required
@require_GET
def handover_list(request: HttpRequest) -> HttpResponse:
    incoming, outgoing = selectors.handover_lists(user=request.user)
    return render(request, "cases/handovers.html", {"incoming": incoming, "outgoing": outgoing,
                                                    "crumbs": _crumbs(), "crumb": _("Warme overdrachten")})


@verified_required
@require_http_methods(["GET", "POST"])
def handover_new(request: HttpRequest, pupil_uuid: UUID) -> HttpResponse:
    pupil = selectors.handover_pupil_get(user=request.user, uuid=pupil_uuid)
    case = None
    if request.GET.get("casus"):
        case = selectors.case_for_edit(user=request.user, uuid=UUID(request.GET["casus"])).case
    schools = list(School.objects.order_by("name"))
    people = list(selectors.receiving_users())
    form = HandoverForm(request.POST or None, schools=[(str(s.uuid), str(s)) for s in schools],
                        people=people_choices(people), with_case=case is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            handover = services.handover_create(
                actor=request.user, pupil=pupil, case=case, kind=data["kind"], summary=data["summary"],
                parts=data.get("parts", []), check_in_weeks=data["check_in_weeks"],
                sender_access_until=data.get("sender_access_until"),
                to_school=next((s for s in schools if str(s.uuid) == data["to_school"]), None),
                to_user=_user_by_uuid(people, data["to_user"]),
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("De overdracht staat klaar als concept. Controleer hem en verstuur hem."))
            return redirect("cases:handover", uuid=handover.uuid)
    return render(request, "cases/handover_form.html", {
        "form": form, "pupil": pupil, "case": case,
        "crumbs": _crumbs((_("Warme overdrachten"), reverse("cases:handovers"))), "crumb": _("Nieuwe overdracht")})


@verified_required
@require_GET
def handover_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    handover, access = selectors.handover_get(user=request.user, uuid=uuid)
    steps = workflow.HANDOVER_TRANSITIONS.get(handover.status, {})
    allowed = workflow.HANDOVER_SENDER_STEPS if access.sender else frozenset()
    if access.receiver:
        allowed |= workflow.HANDOVER_RECEIVER_STEPS
    return render(request, "cases/handover.html", {
        "handover": handover, "access": access, "steps": {k: v for k, v in steps.items() if k in allowed},
        "reason_form": ReasonForm(), "check_in_form": CheckInForm(),
        "crumbs": _crumbs((_("Warme overdrachten"), reverse("cases:handovers"))), "crumb": handover.pupil.initials})


@verified_required
@require_POST
def handover_step(request: HttpRequest, uuid: UUID, to: str) -> HttpResponse:
    handover, _access = selectors.handover_get(user=request.user, uuid=uuid)
    user = request.user
    try:
        if to == Handover.Status.SENT:
            services.handover_send(actor=user, handover=handover)
        elif to == Handover.Status.ACCEPTED:
            services.handover_accept(actor=user, handover=handover)
        elif to == Handover.Status.RETURNED:
            form = ReasonForm(request.POST)
            services.handover_return(actor=user, handover=handover,
                                     reason=form.cleaned_data["reason"] if form.is_valid() else "")
        elif to == Handover.Status.COMPLETED:
            form = CheckInForm(request.POST)
            services.handover_check_in(actor=user, handover=handover,
                                       note=form.cleaned_data["note"] if form.is_valid() else "")
        elif to in (Handover.Status.CANCELLED, Handover.Status.DRAFT):
            services.handover_sender_step(actor=user, handover=handover, to=to)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except PermissionDenied:
        raise Http404 from None
    else:
        messages.success(request, _("De overdracht is nu: %(status)s.") % {"status": Handover.Status(to).label})
        if to == Handover.Status.ACCEPTED and handover.case_id:
            return redirect("cases:case", uuid=handover.case.uuid)
    if to == Handover.Status.RETURNED:
        return redirect("cases:handovers")
    return redirect("cases:handover", uuid=uuid)


# ---------------------------------------------------------------------------------------------------------
# From individual to collective


@verified_required
@require_GET
def proposal_list(request: HttpRequest) -> HttpResponse:
    return render(request, "cases/proposals.html", {"proposals": selectors.proposals_for(user=request.user),
                                                    "crumbs": _crumbs(), "crumb": _("Van individueel naar collectief")})


@verified_required
@require_http_methods(["GET", "POST"])
def proposal_detail(request: HttpRequest, uuid: UUID) -> HttpResponse:
    proposal = selectors.proposal_get(user=request.user, uuid=uuid)
    people = selectors.core_team_users(school=proposal.school)
    accept = ProposalAcceptForm(request.POST if request.POST.get("decision") == "accept" else None,
                                people=people_choices(people))
    dismiss = ReasonForm(request.POST if request.POST.get("decision") == "dismiss" else None)
    try:
        if accept.is_bound and accept.is_valid():
            data = accept.cleaned_data
            signal = services.proposal_accept(actor=request.user, proposal=proposal, description=data["description"],
                                              offer=data["offer"], owner=_user_by_uuid(people, data["owner"]),
                                              due_date=data["due_date"])
            messages.success(request, _("Het voorstel is aangenomen als signaal met een groepsaanbod."))
            return redirect("cases:signal", uuid=signal.uuid)
        if dismiss.is_bound and dismiss.is_valid():
            services.proposal_dismiss(actor=request.user, proposal=proposal, reason=dismiss.cleaned_data["reason"])
            messages.success(request, _("Het voorstel is afgewezen."))
            return redirect("cases:proposals")
    except ValidationError as error:
        _apply_errors(accept if accept.is_bound else dismiss, error)
    return render(request, "cases/proposal.html", {
        "proposal": proposal, "accept": accept, "dismiss": dismiss,
        "crumbs": _crumbs((_("Van individueel naar collectief"), reverse("cases:proposals"))),
        "crumb": proposal.get_level_display()})
