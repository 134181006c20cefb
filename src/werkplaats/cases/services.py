"""Writes of signals, consultations, cases, plans, evaluations, escalations, handovers, emergency access and
collective proposals. Keyword-only, typed, atomic, validated with full_clean. Each checks the access layer
(permissions.py) and the allowed transitions (workflow.py), and logs what it does to a pupil's data.

Agendas, urgent meetings, actions and notifications belong to the teams app: these services call its
services (`agenda_item_add`, `meeting_plan_urgent`, `action_create`, `action_transition`, `notify`), so the
reminders of actions stay in one place (teams/tasks.py)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplaats.accounts.models import Role, User
from werkplaats.accounts.selectors import memberships_active
from werkplaats.audit.services import Action as LogAction
from werkplaats.audit.services import access_log_write
from werkplaats.consent import policy
from werkplaats.consent.models import Consent, Purpose, Section
from werkplaats.consent.selectors import consent_covering, places_of
from werkplaats.organisations.models import School
from werkplaats.pupils.models import Enrolment, Pupil
from werkplaats.pupils.selectors import enrolments_visible_to, pupils_visible_to
from werkplaats.teams import services as team_services
from werkplaats.teams.models import Action, AgendaItem, Meeting, Team
from werkplaats.teams.services import EditConflict

from . import content, workflow
from .models import (
    CarePlan,
    CarePlanStep,
    CarePlanVersion,
    Case,
    CaseEvent,
    CaseMember,
    Category,
    CollectiveProposal,
    Consultation,
    Contribution,
    EmergencyAccess,
    Escalation,
    EscalationTarget,
    Evaluation,
    Handover,
    Signal,
)
from .permissions import (
    can_handle_proposals,
    can_raise_signal,
    can_request_emergency_access,
    can_review_emergency_access,
    case_access,
    forget_case_access,
    handover_access,
    is_core_team,
    refusal_message_no_consent,
    signal_access,
)

# Notification kinds of this app (teams.Notification.kind holds them; its messages never name a pupil).
NOTIFY_SIGNAL = "signal_raised"
NOTIFY_CASE = "case_update"
NOTIFY_HANDOVER = "handover"
NOTIFY_CONSENT = "consent_reask"

AGENDA_KIND_OF_LEVEL = {
    Signal.Level.CHILD: AgendaItem.Kind.CHILD,
    Signal.Level.CLASS: AgendaItem.Kind.CLASS,
    Signal.Level.SCHOOL: AgendaItem.Kind.SCHOOL,
}


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _log(*, actor: User | None, event_type: str, action: str, object_type: str, object_uuid: Any,
         pupils: Iterable[Pupil], authorisation: str, purpose: str, consent: str = "", emergency: bool = False) -> None:
    pupils = list(pupils)
    access_log_write(
        user=actor, event_type=event_type, action=action, object_type=object_type,
        object_ids=[(str(object_uuid), p.uuid) for p in pupils] or [(str(object_uuid), None)],
        purpose=purpose, authorisation=authorisation, consent=consent, emergency=emergency,
    )


def _case_log(actor: User, case: Case, event_type: str, action: str = LogAction.UPDATE) -> None:
    access = case_access(actor, case)
    _log(actor=actor, event_type=event_type, action=action, object_type="case", object_uuid=case.uuid,
         pupils=case.pupils.all(), authorisation=access.authorisation or "regiehouder of betrokkene bij de casus",
         purpose="ondersteuning in een casus", consent=access.consent_text, emergency=access.is_emergency)


def _event(case: Case, kind: str, actor: User | None, text: str = "") -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, text=text[:300])


def _notify(users: Iterable[User], kind: str, message: str, link: str, subject: str) -> None:
    team_services.notify(users=users, kind=kind, message=message, link=link, subject=subject)


def _team(school: School) -> Team | None:
    return Team.objects.filter(school=school).first()


def _care_coordinators(school: School) -> list[User]:
    today = timezone.localdate()
    return list(
        User.objects.filter(is_active=True, memberships__school=school, memberships__role=Role.CARE_COORDINATOR)
        .filter(Q(memberships__valid_from__isnull=True) | Q(memberships__valid_from__lte=today))
        .filter(Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today))
        .distinct().order_by("last_name", "first_name", "pk")
    )


def _versioned(model: type, pk: int, version: int, **fields: Any) -> None:
    """UPDATE … WHERE version = the writer's version. On PostgreSQL a concurrent writer waits for the row lock and
    then finds the version changed: exactly one of two writers with the same version wins; the other gets
    EditConflict with the current row (and who saved it), and nothing is lost."""
    written = model.objects.filter(pk=pk, version=version).update(version=F("version") + 1, updated=timezone.now(),
                                                                   **fields)
    if not written:
        current = model.objects.get(pk=pk)
        raise EditConflict(current=current, message=_conflict_message(getattr(current, "updated_by", None),
                                                                      current.updated))


def _conflict_message(who: User | None, when: datetime) -> str:
    moment = date_format(timezone.localtime(when), "j F Y H:i")
    return _("%(who)s heeft dit intussen gewijzigd (%(when)s). Uw tekst is niet opgeslagen maar ook niet weg: hij "
             "staat hieronder. Neem de nieuwe tekst over en sla opnieuw op.") % {
        "who": who or _("Iemand anders"), "when": moment}


# ---------------------------------------------------------------------------------------------------------
# Signals


def _current_enrolment(pupil: Pupil, school: School) -> Enrolment | None:
    today = timezone.localdate()
    return (
        pupil.enrolments.filter(school=school, enrolled_from__lte=today)
        .filter(Q(enrolled_until__isnull=True) | Q(enrolled_until__gte=today)).order_by("-enrolled_from").first()
    )


def _next_core_meeting(school: School) -> Meeting | None:
    team = _team(school)
    if team is None:
        return None
    return (
        team.meetings.filter(layer=Team.Layer.CORE, status__in=[Meeting.Status.PLANNED, Meeting.Status.IN_PROGRESS],
                             ends_at__gte=timezone.now())
        .order_by("starts_at", "pk").first()
    )


def _put_on_agenda(*, actor: User, signal: Signal, meeting: Meeting, title: str = "") -> AgendaItem:
    return team_services.agenda_item_add(
        actor=actor, meeting=meeting, kind=AGENDA_KIND_OF_LEVEL[signal.level],
        title=title or _("Signaal %(ref)s: %(category)s") % {"ref": signal.reference,
                                                               "category": signal.get_category_display()},
        signal=signal,
    )


def _set_signal_status(signal: Signal, to: str, **fields: Any) -> None:
    workflow.check_signal_transition(signal.status, to)
    signal.status = to
    signal.status_changed_at = timezone.now()
    for name, value in fields.items():
        setattr(signal, name, value)
    signal.full_clean()
    signal.save()


@transaction.atomic
def signal_raise(
    *,
    actor: User,
    school: School,
    level: str,
    category: str,
    seen_in_school: str,
    seen_outside_school: str = "",
    urgency: str = Signal.Urgency.NORMAL,
    pupil: Pupil | None = None,
    group: str = "",
) -> Signal:
    """Raise a signal. A core-team member's signal goes on the next core-team agenda at once (an urgent one
    waits for the urgent meeting that the raiser plans next); anyone else's goes to the school's IB'er."""
    _require(can_raise_signal(actor, school), _("U mag voor deze school geen signaal inbrengen."))
    errors: dict[str, str] = {}
    if level == Signal.Level.CHILD:
        enrolment = _current_enrolment(pupil, school) if pupil else None
        if pupil is None or enrolment is None or not pupils_visible_to(user=actor).filter(pk=pupil.pk).exists():
            errors["pupil"] = _("Kies een leerling van deze school die u kunt zien.")
        else:
            group = enrolment.group
    elif level == Signal.Level.CLASS:
        pupil = None
        visible_groups = enrolments_visible_to(user=actor).filter(school=school).values_list("group", flat=True)
        if not group or group not in set(visible_groups):
            errors["group"] = _("Kies een groep of klas van deze school.")
    else:
        pupil, group = None, ""
    if errors:
        raise ValidationError(errors)
    core = is_core_team(actor, school.pk)
    addressed_to = None
    if not core:
        coordinators = _care_coordinators(school)
        if not coordinators:
            raise ValidationError(_("Deze school heeft nog geen intern begeleider in Werkplaats. Bespreek uw zorg "
                                    "met de directie van de school."))
        addressed_to = coordinators[0]
    signal = Signal(
        school=school, level=level, pupil=pupil, group=group, category=category, urgency=urgency,
        seen_in_school=seen_in_school.strip(), seen_outside_school=seen_outside_school.strip(), raised_by=actor,
        addressed_to=addressed_to, status_changed_at=timezone.now(),
    )
    signal.full_clean()
    signal.save()
    _log(actor=actor, event_type="signal.raise", action=LogAction.CREATE, object_type="signal",
         object_uuid=signal.uuid, pupils=[pupil] if pupil else [], purpose="signaal inbrengen",
         authorisation="lid van het interprofessioneel team of medewerker van de school")
    if core and urgency == Signal.Urgency.NORMAL:
        meeting = _next_core_meeting(school)
        if meeting is not None:
            _put_on_agenda(actor=actor, signal=signal, meeting=meeting)
            _set_signal_status(signal, Signal.Status.ON_AGENDA, meeting_uuid=meeting.uuid)
    elif not core:
        link = reverse("cases:signal", kwargs={"uuid": signal.uuid})
        message = _("Nieuw signaal %(ref)s voor het kernteam van %(school)s (%(level)s, %(category)s).") % {
            "ref": signal.reference, "school": school.name, "level": signal.get_level_display(),
            "category": signal.get_category_display()}
        if urgency == Signal.Urgency.URGENT:
            message = _("Met spoed: %(message)s") % {"message": message}
        _notify(_care_coordinators(school), NOTIFY_SIGNAL, message, link,
                _("Nieuw signaal: %(school)s") % {"school": school.name})
    return signal


@transaction.atomic
def signal_schedule(*, actor: User, signal: Signal, meeting: Meeting | None = None) -> Signal:
    """Put the signal on a core-team agenda (the next one when none is chosen)."""
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam agendeert signalen."))
    meeting = meeting or _next_core_meeting(signal.school)
    if meeting is None:
        raise ValidationError(_("Er is nog geen volgend kernteamoverleg gepland. Plan eerst een overleg, of plan "
                                "een kernteam-spoedoverleg."))
    if meeting.team.school_id != signal.school_id or meeting.layer != Team.Layer.CORE:
        raise ValidationError(_("Kies een overleg van het kernteam van deze school."))
    workflow.check_signal_transition(signal.status, Signal.Status.ON_AGENDA)
    _put_on_agenda(actor=actor, signal=signal, meeting=meeting)
    _set_signal_status(signal, Signal.Status.ON_AGENDA, meeting_uuid=meeting.uuid)
    return signal


@transaction.atomic
def signal_urgent_meeting(*, actor: User, signal: Signal, starts_at: datetime, duration_minutes: int,
                          online_url: str) -> Meeting:
    """Start a kernteam-spoedoverleg for this signal (planned online by whoever raises it, appendix D)."""
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam plant een spoedoverleg."))
    team = _team(signal.school)
    if team is None:
        raise ValidationError(_("Deze school heeft nog geen interprofessioneel team."))
    workflow.check_signal_transition(signal.status, Signal.Status.ON_AGENDA)
    meeting = team_services.meeting_plan_urgent(
        actor=actor, team=team, starts_at=starts_at, duration_minutes=duration_minutes, online_url=online_url,
        reason=_("Signaal %(ref)s (%(category)s)") % {"ref": signal.reference,
                                                       "category": signal.get_category_display()},
    )
    _put_on_agenda(actor=actor, signal=signal, meeting=meeting)
    _set_signal_status(signal, Signal.Status.ON_AGENDA, meeting_uuid=meeting.uuid)
    return meeting


@transaction.atomic
def signal_withdraw(*, actor: User, signal: Signal) -> Signal:
    access = signal_access(actor, signal)
    _require(access.raiser or access.consult, _("Alleen de inbrenger of het kernteam trekt een signaal in."))
    _set_signal_status(signal, Signal.Status.WITHDRAWN)
    return signal


@transaction.atomic
def signal_reopen(*, actor: User, signal: Signal) -> Signal:
    """Back to the core team: a signal that was closed, advised or escalated comes on the next agenda again."""
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam agendeert signalen opnieuw."))
    meeting = _next_core_meeting(signal.school)
    workflow.check_signal_transition(signal.status, Signal.Status.ON_AGENDA)
    if meeting is not None:
        _put_on_agenda(actor=actor, signal=signal, meeting=meeting)
    if signal.escalation:
        _escalation_step(actor=actor, signal=signal, to_level=workflow.IPT,
                         reason=_("Terug naar het kernteam."), record_only=True)
    _set_signal_status(signal, Signal.Status.ON_AGENDA, meeting_uuid=meeting.uuid if meeting else None)
    return signal


# ---------------------------------------------------------------------------------------------------------
# Consultation (appendix D)


@transaction.atomic
def consultation_start(*, actor: User, signal: Signal) -> Consultation:
    """The consultation of an open signal; the one that runs already, if any."""
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam consulteert over een signaal."))
    if signal.status not in workflow.SIGNAL_OPEN:
        raise ValidationError(_("Over dit signaal is al besloten (%(status)s). Agendeer het opnieuw om er weer over "
                                "te consulteren.") % {"status": signal.get_status_display()})
    running = signal.consultations.filter(concluded_at__isnull=True).first()
    if running is not None:
        return running
    consultation = Consultation(signal=signal, meeting_uuid=signal.meeting_uuid, started_by=actor,
                                signals=signal.seen_in_school if not signal.seen_outside_school else
                                f"{signal.seen_in_school}\n\n{signal.seen_outside_school}")
    consultation.full_clean()
    consultation.save()
    return consultation


def _open_consultation(consultation: Consultation) -> None:
    if consultation.concluded_at is not None:
        raise ValidationError(_("Deze consultatie is afgerond."))


@transaction.atomic
def consultation_update(*, actor: User, consultation: Consultation, signals: str, already_started: str,
                        active_members: Iterable[User], active_role_note: str, version: int) -> Consultation:
    """Questions 1, 2 and 4; several members write at once, so a stale version is refused (EditConflict)."""
    _require(signal_access(actor, consultation.signal).consult, _("Alleen het kernteam consulteert."))
    _open_consultation(consultation)
    active_members = list(active_members)
    outsiders = [u for u in active_members if not is_core_team(u, consultation.signal.school_id)]
    if outsiders:
        raise ValidationError({"active_members": _("%(name)s zit niet in het kernteam.") % {"name": outsiders[0]}})
    _versioned(Consultation, consultation.pk, version, signals=signals.strip(),
               already_started=already_started.strip(), active_role_note=active_role_note.strip())
    consultation.refresh_from_db()
    consultation.active_members.set(active_members)
    return consultation


@transaction.atomic
def contribution_add(*, actor: User, consultation: Consultation, text: str) -> Contribution:
    """Question 3, "wat is wijsheid": every core-team member adds their own expertise."""
    _require(signal_access(actor, consultation.signal).consult, _("Alleen het kernteam denkt mee."))
    _open_consultation(consultation)
    contribution = Contribution(consultation=consultation, author=actor, text=text.strip())
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def consultation_conclude(*, actor: User, consultation: Consultation, outcome: str, advice: str = "",
                          escalation_target: str = "", reason: str = "") -> Consultation:
    """End the consultation: no further action, advice to the teacher, a case (opened next with case_open), or
    escalation (recorded with its reason)."""
    signal = consultation.signal
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam rondt een consultatie af."))
    _open_consultation(consultation)
    if outcome not in Consultation.Outcome.values:
        raise ValidationError({"outcome": _("Kies hoe de consultatie eindigt.")})
    target_status = workflow.CONSULTATION_OUTCOME_STATUS[outcome]
    workflow.check_signal_transition(signal.status, target_status)
    if outcome == Consultation.Outcome.ADVICE and not advice.strip():
        raise ValidationError({"advice": _("Schrijf het advies aan de leerkracht op.")})
    consultation.outcome = outcome
    consultation.concluded_at = timezone.now()
    consultation.concluded_by = actor
    consultation.save(update_fields=["outcome", "concluded_at", "concluded_by", "updated"])
    if outcome == Consultation.Outcome.NO_ACTION:
        _set_signal_status(signal, target_status)
    elif outcome == Consultation.Outcome.ADVICE:
        _set_signal_status(signal, target_status, advice=advice.strip())
        if signal.raised_by_id != actor.pk:
            _notify([signal.raised_by], NOTIFY_SIGNAL,
                    _("Het kernteam heeft uw signaal %(ref)s besproken en geeft u een advies.") % {
                        "ref": signal.reference},
                    reverse("cases:signal", kwargs={"uuid": signal.uuid}),
                    _("Advies bij uw signaal %(ref)s") % {"ref": signal.reference})
    elif outcome == Consultation.Outcome.ESCALATION:
        escalation_record(actor=actor, signal=signal, to_level=escalation_target, reason=reason)
    return consultation


# ---------------------------------------------------------------------------------------------------------
# Cases


def _consent_refusal(user: User, case_school: School, pupils: list[Pupil], purpose: str = Purpose.CASE) -> str | None:
    """None when `user` may take part in a case of these pupils at this school; otherwise the Dutch refusal."""
    places = places_of(user)
    if not places:
        return _("%(name)s werkt niet met leerlingen in Werkplaats en kan geen betrokkene zijn.") % {"name": user}
    if any(place.school_id == case_school.pk for place in places):
        return None
    if all(consent_covering(pupil=p, purpose=purpose, places=places) for p in pupils):
        return None
    organisations = sorted({str(m.organisation or m.school) for m in memberships_active(user=user)
                            .select_related("organisation", "school")})
    return refusal_message_no_consent(", ".join(organisations) or str(user))


def _plan_create(case: Case, signal: Signal | None) -> CarePlan:
    plan = CarePlan.objects.create(case=case)
    first_signals = ""
    if signal is not None:
        first_signals = "\n\n".join(t for t in (signal.seen_in_school, signal.seen_outside_school) if t)
    CarePlanStep.objects.bulk_create(
        CarePlanStep(plan=plan, number=step.number,
                     answers={"q1": first_signals} if step.number == 1 and first_signals else {})
        for step in content.PLAN_STEPS
    )
    return plan


@transaction.atomic
def case_open(
    *,
    actor: User,
    school: School,
    pupils: Iterable[Pupil],
    coordinator: User,
    category: str,
    signal: Signal | None = None,
    family_approach: bool = False,
    coordinator_role: str = "",
) -> Case:
    """Open a case for a pupil, or for siblings together (gezinsaanpak), with one regiehouder. The core team
    opens it; a regiehouder from outside the school needs a valid consent of every pupil."""
    _require(is_core_team(actor, school.pk), _("Alleen het kernteam van de school opent een casus."))
    pupils = list({p.pk: p for p in pupils}.values())
    errors: dict[str, str] = {}
    visible = set(pupils_visible_to(user=actor).filter(pk__in=[p.pk for p in pupils]).values_list("pk", flat=True))
    if not pupils or len(visible) != len(pupils):
        errors["pupils"] = _("Kies de leerling(en) van de casus uit de leerlingen die u kunt zien.")
    elif not any(_current_enrolment(p, school) for p in pupils):
        errors["pupils"] = _("Ten minste één leerling van de casus staat ingeschreven op deze school.")
    elif len(pupils) > 1 and (len({p.family_id for p in pupils}) != 1 or pupils[0].family_id is None):
        errors["pupils"] = _("Een casus over meer leerlingen is een gezinsaanpak: kies broers en zussen uit één gezin.")
    if signal is not None and signal.school_id != school.pk:
        errors["signal"] = _("Dit signaal hoort bij een andere school.")
    if not errors:
        refusal = _consent_refusal(coordinator, school, pupils)
        if refusal:
            errors["coordinator"] = refusal
    if errors:
        raise ValidationError(errors)
    if signal is not None:
        _require(signal_access(actor, signal).consult, _("Alleen het kernteam opent een casus uit een signaal."))
        _set_signal_status(signal, Signal.Status.CASE_OPENED)
    family = pupils[0].family if (family_approach or len(pupils) > 1) and pupils[0].family_id else None
    case = Case(school=school, family=family, signal=signal, category=category, coordinator=coordinator,
                opened_by=actor)
    case.full_clean()
    case.save()
    case.pupils.set(pupils)
    CaseMember.objects.create(case=case, user=actor, added_by=actor)
    if coordinator.pk != actor.pk:
        CaseMember.objects.create(case=case, user=coordinator, role_in_case=coordinator_role.strip(), added_by=actor)
    _plan_create(case, signal)
    _event(case, CaseEvent.Kind.OPENED, actor, _("Regiehouder: %(name)s") % {"name": coordinator})
    forget_case_access(actor, coordinator)
    _case_log(actor, case, "case.open", LogAction.CREATE)
    if coordinator.pk != actor.pk:
        _notify([coordinator], NOTIFY_CASE,
                _("U bent regiehouder van casus %(ref)s (%(school)s).") % {"ref": case.reference,
                                                                            "school": school.name},
                reverse("cases:case", kwargs={"uuid": case.uuid}),
                _("Regiehouder van casus %(ref)s") % {"ref": case.reference})
    return case


def _require_open(case: Case) -> None:
    if case.status != Case.Status.OPEN:
        raise ValidationError(_("Deze casus is afgesloten. Heropen de casus om er weer aan te werken."))


@transaction.atomic
def case_member_add(*, actor: User, case: Case, user: User, role_in_case: str = "") -> CaseMember:
    """Involve a professional. Sharing the case with someone outside the school needs a valid consent that
    names them (their organisation, school or role); without it the share is refused."""
    _require(case_access(actor, case).can_manage, _("Alleen de regiehouder voegt betrokkenen toe."))
    _require_open(case)
    if case.members.filter(user=user, left_at__isnull=True, read_only_until__isnull=True).exists():
        raise ValidationError({"user": _("%(name)s is al betrokken bij deze casus.") % {"name": user}})
    refusal = _consent_refusal(user, case.school, list(case.pupils.all()))
    if refusal:
        raise ValidationError({"user": refusal})
    case.members.filter(user=user, left_at__isnull=True).update(left_at=timezone.now())
    member = CaseMember(case=case, user=user, role_in_case=role_in_case.strip(), added_by=actor)
    member.full_clean()
    member.save()
    _event(case, CaseEvent.Kind.MEMBER_ADDED, actor, str(user))
    forget_case_access(user)
    _case_log(actor, case, "case.member_add")
    _notify([user], NOTIFY_CASE, _("U bent betrokken bij casus %(ref)s (%(school)s).") % {
        "ref": case.reference, "school": case.school.name}, reverse("cases:case", kwargs={"uuid": case.uuid}),
        _("Betrokken bij casus %(ref)s") % {"ref": case.reference})
    return member


@transaction.atomic
def case_member_remove(*, actor: User, case: Case, member: CaseMember) -> None:
    _require(case_access(actor, case).can_manage, _("Alleen de regiehouder beëindigt een betrokkenheid."))
    if member.case_id != case.pk or member.left_at is not None:
        raise ValidationError(_("Deze professional is niet (meer) betrokken bij deze casus."))
    if member.user_id == case.coordinator_id:
        raise ValidationError(_("De regiehouder blijft betrokken. Kies eerst een andere regiehouder."))
    CaseMember.objects.filter(pk=member.pk).update(left_at=timezone.now(), updated=timezone.now())
    _event(case, CaseEvent.Kind.MEMBER_LEFT, actor, str(member.user))
    forget_case_access(member.user)
    _case_log(actor, case, "case.member_remove")


@transaction.atomic
def case_coordinator_change(*, actor: User, case: Case, user: User) -> Case:
    """A new regiehouder (one at a time): an active member of the case."""
    _require(case_access(actor, case).can_manage, _("Alleen de regiehouder of de intern begeleider draagt de regie "
                                                    "over."))
    _require_open(case)
    if not case.members.filter(user=user, left_at__isnull=True, read_only_until__isnull=True).exists():
        raise ValidationError({"user": _("Voeg %(name)s eerst toe als betrokkene.") % {"name": user}})
    refusal = _consent_refusal(user, case.school, list(case.pupils.all()))
    if refusal:
        raise ValidationError({"user": refusal})
    case.coordinator = user
    case.save(update_fields=["coordinator", "updated"])
    _event(case, CaseEvent.Kind.COORDINATOR_CHANGED, actor, str(user))
    forget_case_access(actor, user)
    _case_log(actor, case, "case.coordinator")
    return case


@transaction.atomic
def case_story_update(*, actor: User, case: Case, parents_story: str, pupil_voice: str, version: int) -> Case:
    """The parents' perspective and the pupil's own words: told once, read by every member."""
    _require(case_access(actor, case).can_edit, _("U mag deze casus niet wijzigen."))
    _require_open(case)
    written = Case.objects.filter(pk=case.pk, story_version=version).update(
        story_version=F("story_version") + 1, parents_story=parents_story.strip(), pupil_voice=pupil_voice.strip(),
        updated=timezone.now())
    if not written:
        current = Case.objects.get(pk=case.pk)
        raise EditConflict(current=current, message=_conflict_message(None, current.updated))
    case.refresh_from_db()
    _event(case, CaseEvent.Kind.STORY_UPDATED, actor)
    _case_log(actor, case, "case.story")
    return case


@transaction.atomic
def case_transition(*, actor: User, case: Case, to: str, note: str = "") -> Case:
    """Close (with a closing note) or reopen a case."""
    _require(case_access(actor, case).can_manage, _("Alleen de regiehouder sluit een casus af of heropent hem."))
    case = Case.objects.select_for_update().get(pk=case.pk)
    workflow.check_case_transition(case.status, to)
    if to == Case.Status.CLOSED:
        if not note.strip():
            raise ValidationError({"note": _("Schrijf kort op waarom de casus wordt afgesloten.")})
        case.closed_at, case.closing_note = timezone.now(), note.strip()
        kind = CaseEvent.Kind.CLOSED
    else:
        case.closed_at = None
        kind = CaseEvent.Kind.REOPENED
    case.status = to
    case.save(update_fields=["status", "closed_at", "closing_note", "updated"])
    _event(case, kind, actor, note)
    _case_log(actor, case, "case.status")
    return case


# ---------------------------------------------------------------------------------------------------------
# The plan: regie in 7 samenwerkingsstappen


@transaction.atomic
def plan_step_save(*, actor: User, case: Case, number: int, answers: dict[str, str], provisional: bool,
                   version: int) -> CarePlanStep:
    """Save one step. Two members editing the same step: the second to save gets EditConflict with the first's
    text, and their own text stays on their screen — nothing is lost."""
    _require(case_access(actor, case).can_edit, _("U mag het plan van deze casus niet wijzigen."))
    _require_open(case)
    if number not in content.STEP_NUMBERS:
        raise ValidationError(_("Het plan heeft de stappen 0 tot en met 7."))
    keys = {question.key for question in content.plan_step(number).questions}
    if set(answers) - keys:
        raise ValidationError(_("Deze vraag hoort niet bij stap %(number)s.") % {"number": number})
    step = CarePlanStep.objects.get(plan__case=case, number=number)
    cleaned = {key: text.strip() for key, text in answers.items() if text and text.strip()}
    _versioned(CarePlanStep, step.pk, version, answers=cleaned, provisional=provisional, updated_by=actor)
    step.refresh_from_db()
    _case_log(actor, case, "case.plan_step")
    return step


def plan_snapshot(plan: CarePlan) -> list[dict[str, Any]]:
    """The plan as it stands, with the questions' texts, for a version and for the parents' copy."""
    steps = {step.number: step for step in plan.steps.all()}
    snapshot = []
    for spec in content.PLAN_STEPS:
        answers = steps[spec.number].answers if spec.number in steps else {}
        snapshot.append({
            "number": spec.number, "title": str(spec.title), "plain_title": str(spec.plain_title),
            "provisional": steps[spec.number].provisional if spec.number in steps else True,
            "filled": any(answers.values()),
            "answers": [{"question": str(q.text), "answer": answers.get(q.key, "")} for q in spec.questions],
        })
    return snapshot


@transaction.atomic
def plan_version_create(*, actor: User, case: Case, note: str = "") -> CarePlanVersion:
    """Fix a version of the whole plan (what was agreed today; the copy the parents receive)."""
    _require(case_access(actor, case).can_edit, _("U mag het plan van deze casus niet vaststellen."))
    plan = CarePlan.objects.select_for_update().get(case=case)
    last = plan.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = CarePlanVersion(plan=plan, number=last + 1, steps=plan_snapshot(plan), note=note.strip(),
                              created_by=actor)
    version.full_clean()
    version.save()
    _event(case, CaseEvent.Kind.PLAN_VERSION, actor, _("Versie %(number)s") % {"number": version.number})
    _case_log(actor, case, "case.plan_version", LogAction.CREATE)
    return version


# ---------------------------------------------------------------------------------------------------------
# Actions and evaluations


@transaction.atomic
def case_action_add(*, actor: User, case: Case, description: str, owner: User, due_date: date) -> Action:
    """An action of the case (who does what, when), kept and reminded by the teams app."""
    _require(case_access(actor, case).can_edit, _("U mag voor deze casus geen acties vastleggen."))
    _require_open(case)
    if not case.members.filter(user=owner, left_at__isnull=True, read_only_until__isnull=True).exists():
        raise ValidationError({"owner": _("De eigenaar van een actie is betrokken bij de casus.")})
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Kies een datum vanaf vandaag.")})
    team = _team(case.school)
    if team is None:
        raise ValidationError(_("Deze school heeft nog geen interprofessioneel team; acties horen bij een team."))
    action = team_services.action_create(actor=actor, team=team, description=description, owner=owner,
                                         due_date=due_date, case=case)
    _case_log(actor, case, "case.action", LogAction.CREATE)
    return action


@transaction.atomic
def case_action_transition(*, actor: User, case: Case, action: Action, to: str, version: int) -> Action:
    _require(case_access(actor, case).can_edit and action.case_id == case.pk,
             _("U mag deze actie niet wijzigen."))
    action = team_services.action_transition(actor=actor, action=action, to=to, version=version)
    _case_log(actor, case, "case.action_status")
    return action


def _evaluation_meeting(evaluation: Evaluation) -> Meeting | None:
    """The core-team meeting where the evaluation is prepared: the last one in the days before it (or on it)."""
    team = _team(evaluation.case.school)
    if team is None:
        return None
    window = _setting("CASE_EVALUATION_AGENDA_DAYS", 14)
    start = timezone.make_aware(datetime.combine(evaluation.planned_on - timedelta(days=window), datetime.min.time()))
    end = timezone.make_aware(datetime.combine(evaluation.planned_on + timedelta(days=1), datetime.min.time()))
    return (
        team.meetings.filter(layer=Team.Layer.CORE, status=Meeting.Status.PLANNED, starts_at__gte=max(start,
                             timezone.now()), starts_at__lt=end)
        .order_by("-starts_at").first()
    )


def evaluation_to_agenda(*, actor: User, evaluation: Evaluation) -> bool:
    """Put the case on the agenda for its evaluation, once; False when there is no meeting yet (tasks retry)."""
    if evaluation.meeting_uuid is not None or evaluation.held_on is not None:
        return False
    meeting = _evaluation_meeting(evaluation)
    if meeting is None:
        return False
    case = evaluation.case
    team_services.agenda_item_add(
        actor=actor, meeting=meeting, kind=AgendaItem.Kind.CHILD,
        title=_("Evaluatie casus %(ref)s (%(date)s)") % {"ref": case.reference,
                                                         "date": date_format(evaluation.planned_on, "j F Y")},
        signal=case.signal,
    )
    Evaluation.objects.filter(pk=evaluation.pk).update(meeting_uuid=meeting.uuid, updated=timezone.now())
    evaluation.meeting_uuid = meeting.uuid
    return True


@transaction.atomic
def evaluation_plan(*, actor: User, case: Case, planned_on: date) -> Evaluation:
    _require(case_access(actor, case).can_edit, _("U mag voor deze casus geen evaluatie plannen."))
    _require_open(case)
    if planned_on < timezone.localdate():
        raise ValidationError({"planned_on": _("Kies een datum vanaf vandaag.")})
    evaluation = Evaluation(case=case, planned_on=planned_on, planned_by=actor)
    evaluation.full_clean()
    evaluation.save()
    _event(case, CaseEvent.Kind.EVALUATION_PLANNED, actor, date_format(planned_on, "j F Y"))
    try:
        with transaction.atomic():
            evaluation_to_agenda(actor=actor, evaluation=evaluation)
    except PermissionDenied:
        pass  # the actor does not take part in core meetings; the daily task puts it on through the regiehouder
    _case_log(actor, case, "case.evaluation_plan", LogAction.CREATE)
    return evaluation


@transaction.atomic
def evaluation_record(*, actor: User, evaluation: Evaluation, held_on: date, right_agreements: str, progress: str,
                      progress_note: str = "", add_or_remove: str = "", dissenting_opinions: str = "") -> Evaluation:
    """Record the evaluation against the desired situation (step 3), with dissenting opinions."""
    case = evaluation.case
    _require(case_access(actor, case).can_edit, _("U mag deze evaluatie niet vastleggen."))
    _require_open(case)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Een evaluatie legt u vast nadat hij is gehouden.")})
    evaluation.held_on, evaluation.right_agreements, evaluation.progress = held_on, right_agreements.strip(), progress
    evaluation.progress_note, evaluation.add_or_remove = progress_note.strip(), add_or_remove.strip()
    evaluation.dissenting_opinions, evaluation.recorded_by = dissenting_opinions.strip(), actor
    if not evaluation.right_agreements or not evaluation.progress:
        raise ValidationError({"right_agreements": _("Beantwoord ten minste: hebben we de goede afspraken gemaakt, "
                                                     "en maken we stappen richting de gewenste situatie?")})
    evaluation.full_clean()
    evaluation.save()
    _event(case, CaseEvent.Kind.EVALUATION_HELD, actor, date_format(held_on, "j F Y"))
    _case_log(actor, case, "case.evaluation_record")
    return evaluation


# ---------------------------------------------------------------------------------------------------------
# Escalation (opschalen / afschalen)


def _escalation_step(*, actor: User, to_level: str, reason: str, case: Case | None = None,
                     signal: Signal | None = None, youth_director: User | None = None,
                     record_only: bool = False) -> Escalation:
    subject = case if case is not None else signal
    current = subject.escalation
    direction = "down" if record_only else workflow.escalation_direction(current, to_level)
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom u op- of afschaalt.")})
    if to_level == EscalationTarget.SPECIALIST_CARE and direction == "up":
        if youth_director is None or not memberships_active(user=youth_director).filter(
                role=Role.YOUTH_DIRECTOR).exists():
            raise ValidationError({"youth_director": _("Specialistische jeugdhulp loopt via de jeugdregisseur: kies "
                                                       "de jeugdregisseur.")})
    escalation = Escalation(case=case, signal=signal, direction=direction, from_level=current, to_level=to_level,
                            reason=reason.strip(), youth_director=youth_director, actor=actor)
    escalation.full_clean()
    escalation.save()
    subject.escalation = to_level
    subject.save(update_fields=["escalation", "updated"])
    return escalation


@transaction.atomic
def escalation_record(*, actor: User, to_level: str, reason: str, case: Case | None = None,
                      signal: Signal | None = None, youth_director: User | None = None) -> Escalation:
    """Scale a case or a signal up or down, one recorded step with its reason. Specialist care goes through the
    jeugdregisseur, who joins the case (with consent)."""
    if (case is None) == (signal is None):
        raise ValidationError(_("Kies een casus of een signaal om op of af te schalen."))
    if case is not None:
        _require(case_access(actor, case).can_manage, _("Alleen de regiehouder schaalt een casus op of af."))
        _require_open(case)
        escalation = _escalation_step(actor=actor, case=case, to_level=to_level, reason=reason,
                                      youth_director=youth_director)
        kind = CaseEvent.Kind.ESCALATED if escalation.direction == "up" else CaseEvent.Kind.DE_ESCALATED
        _event(case, kind, actor, workflow.level_label(to_level))
        if youth_director is not None and escalation.to_level == EscalationTarget.SPECIALIST_CARE and not \
                case.members.filter(user=youth_director, left_at__isnull=True).exists():
            case_member_add(actor=actor, case=case, user=youth_director, role_in_case=_("jeugdregisseur"))
        _case_log(actor, case, "case.escalate")
        return escalation
    _require(signal_access(actor, signal).consult, _("Alleen het kernteam schaalt een signaal op."))
    escalation = _escalation_step(actor=actor, signal=signal, to_level=to_level, reason=reason,
                                  youth_director=youth_director)
    if escalation.direction == "up" and signal.status in workflow.SIGNAL_OPEN:
        _set_signal_status(signal, Signal.Status.ESCALATED)
    return escalation


# ---------------------------------------------------------------------------------------------------------
# Warm handovers


def _receiver_places(handover: Handover) -> list[policy.Place]:
    if handover.to_user_id is not None:
        return places_of(handover.to_user)
    return [policy.Place(school_id=handover.to_school_id)]


def _receiver_name(handover: Handover) -> str:
    if handover.to_user_id is not None:
        return str(handover.to_organisation or handover.to_user)
    return handover.to_school.name


def _needs_consent(handover: Handover) -> bool:
    """Within one school (a professional handover between its own staff) no new organisation receives data."""
    places = _receiver_places(handover)
    if handover.from_school_id is not None and any(p.school_id == handover.from_school_id for p in places):
        return handover.to_school_id not in (None, handover.from_school_id)
    return True


@transaction.atomic
def handover_create(
    *,
    actor: User,
    pupil: Pupil,
    kind: str,
    summary: str,
    parts: Iterable[str] = (),
    case: Case | None = None,
    to_school: School | None = None,
    to_user: User | None = None,
    check_in_weeks: int = 6,
    sender_access_until: date | None = None,
) -> Handover:
    """A draft handover: the sender writes what the receiver needs and selects the parts of the case that go."""
    parts = sorted(set(parts))
    if case is not None:
        _require(case_access(actor, case).can_edit and case.pupils.filter(pk=pupil.pk).exists(),
                 _("U mag deze casus niet overdragen."))
    else:
        _require(pupils_visible_to(user=actor).filter(pk=pupil.pk).exists() and places_of(actor),
                 _("U mag voor deze leerling geen overdracht maken."))
    errors: dict[str, str] = {}
    if set(parts) - set(Section.values):
        errors["parts"] = _("Kies onderdelen uit de lijst.")
    if parts and case is None:
        errors["parts"] = _("Onderdelen van een casus gaan alleen mee als de overdracht bij een casus hoort.")
    if kind == Handover.Kind.PROFESSIONAL and to_user is None:
        errors["to_user"] = _("Kies de professional die het overneemt.")
    if kind != Handover.Kind.PROFESSIONAL and to_school is None:
        errors["to_school"] = _("Kies de school die de leerling ontvangt.")
    if to_user is not None and not places_of(to_user):
        errors["to_user"] = _("%(name)s werkt niet met leerlingen in Werkplaats.") % {"name": to_user}
    if not 1 <= check_in_weeks <= 52:
        errors["check_in_weeks"] = _("Kies een check-in na 1 tot en met 52 weken.")
    if errors:
        raise ValidationError(errors)
    pupil_schools = set(pupil.enrolments.values_list("school_id", flat=True))
    sender_memberships = list(memberships_active(user=actor).exclude(role__in=[Role.POLICY_ADVISER, Role.ANALYST,
                                                                                Role.FUNCTIONAL_ADMIN]))
    from_school = next((m.school for m in sender_memberships if m.school_id in pupil_schools), None)
    from_organisation = None if from_school else next((m.organisation for m in sender_memberships
                                                       if m.organisation_id), None)
    to_organisation = None
    if to_user is not None:
        to_organisation = next((m.organisation for m in memberships_active(user=to_user).select_related("organisation")
                                if m.organisation_id), None)
    handover = Handover(
        pupil=pupil, case=case, kind=kind, from_school=from_school, from_organisation=from_organisation,
        to_school=to_school if kind != Handover.Kind.PROFESSIONAL else None, to_organisation=to_organisation,
        to_user=to_user if kind == Handover.Kind.PROFESSIONAL else None, sender=actor, summary=summary.strip(),
        parts=parts, check_in_weeks=check_in_weeks, sender_access_until=sender_access_until,
    )
    handover.full_clean()
    handover.save()
    _log(actor=actor, event_type="handover.create", action=LogAction.CREATE, object_type="handover",
         object_uuid=handover.uuid, pupils=[pupil], purpose="warme overdracht",
         authorisation="relatie met de leerling (school of casus)")
    return handover


def _contents(actor: User, handover: Handover) -> dict[str, Any]:
    """What goes over: the parts the sender selected, as far as the sender may see them, frozen at sending."""
    case = handover.case
    if case is None or not handover.parts:
        return {}
    withheld = case_access(actor, case).withheld
    data: dict[str, Any] = {"case": case.reference}
    parts = [part for part in handover.parts if part not in withheld]
    if Section.SIGNALS in parts and case.signal is not None:
        data["signals"] = [{"date": timezone.localdate(case.signal.created).isoformat(), "category":
                            case.signal.get_category_display(), "text": case.signal.seen_in_school,
                            "outside": case.signal.seen_outside_school}]
    if Section.FAMILY_STORY in parts:
        data["family_story"] = {"parents": case.parents_story, "pupil": case.pupil_voice}
    if Section.PLAN in parts:
        data["plan"] = plan_snapshot(case.plan)
    if Section.EVALUATIONS in parts:
        data["evaluations"] = [
            {"held_on": e.held_on.isoformat(), "right_agreements": e.right_agreements,
             "progress": e.get_progress_display(), "note": e.progress_note, "dissent": e.dissenting_opinions}
            for e in case.evaluations.filter(held_on__isnull=False).order_by("held_on")
        ]
    return data


@transaction.atomic
def handover_send(*, actor: User, handover: Handover) -> Handover:
    """Send it. A receiver in a new organisation gets it only with a valid consent (purpose: warme overdracht)
    that names them; otherwise the sending is refused with the reason."""
    _require(handover_access(actor, handover).sender, _("Alleen de afzender verstuurt deze overdracht."))
    workflow.check_handover_transition(handover.status, Handover.Status.SENT)
    consent: Consent | None = None
    if _needs_consent(handover):
        consent = consent_covering(pupil=handover.pupil, purpose=Purpose.HANDOVER, places=_receiver_places(handover))
        if consent is None:
            raise ValidationError(refusal_message_no_consent(_receiver_name(handover)))
    handover.consent = consent
    handover.contents = _contents(actor, handover)
    handover.status = Handover.Status.SENT
    handover.sent_at = timezone.now()
    handover.save()
    _log(actor=actor, event_type="handover.send", action=LogAction.EXECUTE, object_type="handover",
         object_uuid=handover.uuid, pupils=[handover.pupil], purpose="warme overdracht",
         authorisation="afzender van de overdracht", consent=f"toestemming {consent.uuid}" if consent else "")
    receivers = [handover.to_user] if handover.to_user_id else _care_coordinators(handover.to_school)
    _notify(receivers, NOTIFY_HANDOVER, _("Er is een warme overdracht voor u (%(kind)s). Aanvaard hem of stuur hem "
                                          "terug.") % {"kind": handover.get_kind_display()},
            reverse("cases:handover", kwargs={"uuid": handover.uuid}), _("Warme overdracht"))
    return handover


def _move_case(*, actor: User, handover: Handover) -> None:
    """Access moves with the handover: the receiver joins (and takes the regie when the sender held it); the
    sending school's members leave; the sender keeps read access only as far as agreed."""
    case = Case.objects.select_for_update().get(pk=handover.case_id)
    now = timezone.now()
    old_school = case.school_id
    if handover.to_school_id is not None and handover.to_school_id != case.school_id:
        case.school_id = handover.to_school_id
        staff = CaseMember.objects.filter(case=case, left_at__isnull=True, user__memberships__school_id=old_school)
        staff.exclude(user=handover.sender).update(left_at=now, updated=now)
    sender_member = case.members.filter(user=handover.sender, left_at__isnull=True).first()
    if sender_member is not None:
        if handover.sender_access_until:
            CaseMember.objects.filter(pk=sender_member.pk).update(read_only_until=handover.sender_access_until,
                                                                  updated=now)
        else:
            CaseMember.objects.filter(pk=sender_member.pk).update(left_at=now, updated=now)
    if not case.members.filter(user=actor, left_at__isnull=True, read_only_until__isnull=True).exists():
        CaseMember.objects.create(case=case, user=actor, added_by=actor, role_in_case=_("ontvanger van de overdracht"))
    if case.coordinator_id == handover.sender_id or handover.to_school_id not in (None, old_school):
        case.coordinator = actor
    case.save(update_fields=["school", "coordinator", "updated"])
    _event(case, CaseEvent.Kind.HANDED_OVER, actor, handover.get_kind_display())
    forget_case_access(actor, handover.sender)


@transaction.atomic
def handover_accept(*, actor: User, handover: Handover) -> Handover:
    """The receiving team accepts: access moves, and a check-in after the chosen number of weeks is planned."""
    _require(handover_access(actor, handover).receiver, _("Alleen de ontvanger aanvaardt deze overdracht."))
    workflow.check_handover_transition(handover.status, Handover.Status.ACCEPTED)
    handover.status = Handover.Status.ACCEPTED
    handover.decided_at, handover.decided_by = timezone.now(), actor
    handover.check_in_on = timezone.localdate() + timedelta(weeks=handover.check_in_weeks)
    handover.save()
    if handover.case_id is not None:
        _move_case(actor=actor, handover=handover)
    _log(actor=actor, event_type="handover.accept", action=LogAction.UPDATE, object_type="handover",
         object_uuid=handover.uuid, pupils=[handover.pupil], purpose="warme overdracht",
         authorisation="ontvanger van de overdracht",
         consent=f"toestemming {handover.consent.uuid}" if handover.consent else "")
    _notify([handover.sender], NOTIFY_HANDOVER,
            _("Uw warme overdracht is aanvaard. Check-in gepland op %(date)s.") % {
                "date": date_format(handover.check_in_on, "j F Y")},
            reverse("cases:handover", kwargs={"uuid": handover.uuid}), _("Warme overdracht aanvaard"))
    return handover


@transaction.atomic
def handover_return(*, actor: User, handover: Handover, reason: str) -> Handover:
    _require(handover_access(actor, handover).receiver, _("Alleen de ontvanger stuurt deze overdracht terug."))
    workflow.check_handover_transition(handover.status, Handover.Status.RETURNED)
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom u de overdracht terugstuurt.")})
    handover.status, handover.return_reason = Handover.Status.RETURNED, reason.strip()
    handover.decided_at, handover.decided_by = timezone.now(), actor
    handover.save()
    _notify([handover.sender], NOTIFY_HANDOVER, _("Uw warme overdracht is teruggestuurd."),
            reverse("cases:handover", kwargs={"uuid": handover.uuid}), _("Warme overdracht teruggestuurd"))
    return handover


@transaction.atomic
def handover_sender_step(*, actor: User, handover: Handover, to: str) -> Handover:
    """The sender withdraws a handover, or takes a returned one back to edit it."""
    _require(handover_access(actor, handover).sender, _("Alleen de afzender wijzigt deze overdracht."))
    if to not in (Handover.Status.CANCELLED, Handover.Status.DRAFT):
        raise ValidationError(_("Deze stap zet de ontvanger."))
    workflow.check_handover_transition(handover.status, to)
    handover.status = to
    if to == Handover.Status.DRAFT:
        handover.contents, handover.consent, handover.sent_at = {}, None, None
    handover.save()
    return handover


@transaction.atomic
def handover_check_in(*, actor: User, handover: Handover, note: str) -> Handover:
    access = handover_access(actor, handover)
    _require(access.receiver or access.sender, _("U neemt geen deel aan deze overdracht."))
    workflow.check_handover_transition(handover.status, Handover.Status.COMPLETED)
    if not note.strip():
        raise ValidationError({"note": _("Schrijf kort op hoe het gaat.")})
    handover.status, handover.check_in_note = Handover.Status.COMPLETED, note.strip()
    handover.save()
    return handover


def handover_check_ins_notify(*, today: date) -> int:
    """The day of a check-in: tell the sender and the receiver (system level)."""
    sent = 0
    for handover in Handover.objects.filter(status=Handover.Status.ACCEPTED, check_in_on=today).select_related(
            "sender", "decided_by"):
        users = [u for u in (handover.sender, handover.decided_by) if u is not None]
        _notify(users, NOTIFY_HANDOVER, _("Vandaag is de check-in van een warme overdracht: hoe gaat het nu?"),
                reverse("cases:handover", kwargs={"uuid": handover.uuid}), _("Check-in warme overdracht"))
        sent += len(users)
    return sent


# ---------------------------------------------------------------------------------------------------------
# Emergency access (noodtoegang)


@transaction.atomic
def emergency_access_request(*, actor: User, pupil: Pupil, reason: str) -> EmergencyAccess:
    """Time-limited access to the pupil's cases for an acute safety concern. The reason is required; the access
    is logged as an emergency now and on every use, and the privacy officer reviews it."""
    _require(can_request_emergency_access(actor, pupil), _("U kunt voor deze leerling geen noodtoegang vragen."))
    if len(reason.strip()) < 20:
        raise ValidationError({"reason": _("Beschrijf de acute zorg om de veiligheid in ten minste een paar zinnen.")})
    hours = _setting("EMERGENCY_ACCESS_HOURS", 24)
    access = EmergencyAccess(user=actor, pupil=pupil, reason=reason.strip(),
                             expires_at=timezone.now() + timedelta(hours=hours))
    access.full_clean()
    access.save()
    forget_case_access(actor)
    _log(actor=actor, event_type="case.emergency_access", action=LogAction.EXECUTE, object_type="emergency_access",
         object_uuid=access.uuid, pupils=[pupil], purpose="noodtoegang: acute zorg om de veiligheid",
         authorisation=f"noodtoegang: {access.reason}", emergency=True)
    return access


@transaction.atomic
def emergency_access_review(*, actor: User, access: EmergencyAccess, review: str, note: str = "") -> EmergencyAccess:
    _require(can_review_emergency_access(actor, access.pupil), _("U mag deze noodtoegang niet beoordelen."))
    if review not in EmergencyAccess.Review.values:
        raise ValidationError({"review": _("Kies of de noodtoegang terecht of onterecht was.")})
    if review == EmergencyAccess.Review.UNJUSTIFIED and not note.strip():
        raise ValidationError({"note": _("Licht toe waarom de noodtoegang onterecht was.")})
    access.review, access.review_note = review, note.strip()
    access.reviewed_by, access.reviewed_at = actor, timezone.now()
    if review == EmergencyAccess.Review.UNJUSTIFIED and access.expires_at > timezone.now():
        access.expires_at = timezone.now()
    access.save()
    _log(actor=actor, event_type="case.emergency_review", action=LogAction.UPDATE, object_type="emergency_access",
         object_uuid=access.uuid, pupils=[access.pupil], purpose="beoordeling noodtoegang",
         authorisation="functionaris gegevensbescherming")
    return access


# ---------------------------------------------------------------------------------------------------------
# From individual to collective


def _alive_pupil_categories(school: School, since: date) -> dict[tuple[str, str], set[int]]:
    """(group, category) -> pupils with a live child signal or an open case in that category since `since`."""
    found: dict[tuple[str, str], set[int]] = defaultdict(set)
    signals = Signal.objects.filter(school=school, level=Signal.Level.CHILD, status__in=workflow.SIGNAL_ALIVE,
                                    created__date__gte=since).values_list("group", "category", "pupil_id")
    for group, category, pupil_id in signals:
        if group:
            found[(group, category)].add(pupil_id)
    groups = dict(Enrolment.objects.filter(school=school, enrolled_until__isnull=True).values_list("pupil_id", "group"))
    cases = Case.objects.filter(school=school, status=Case.Status.OPEN, created__date__gte=since).values_list(
        "category", "pupils")
    for category, pupil_id in cases:
        if pupil_id in groups:
            found[(groups[pupil_id], category)].add(pupil_id)
    return found


@transaction.atomic
def proposals_detect(*, school: School, today: date | None = None) -> list[CollectiveProposal]:
    """Propose a class signal when COLLECTIVE_PROPOSAL_MIN_PUPILS pupils (default 3) in one group have live
    signals or cases in one category within COLLECTIVE_PROPOSAL_PERIOD_WEEKS (default 8), and a school theme
    when a category does so in COLLECTIVE_PROPOSAL_MIN_GROUPS groups (default 2). A proposal that the IPT
    dismissed is not made again for the same period. System level: counts only, no names."""
    today = today or timezone.localdate()
    min_pupils = _setting("COLLECTIVE_PROPOSAL_MIN_PUPILS", 3)
    weeks = _setting("COLLECTIVE_PROPOSAL_PERIOD_WEEKS", 8)
    min_groups = _setting("COLLECTIVE_PROPOSAL_MIN_GROUPS", 2)
    since = today - timedelta(weeks=weeks)
    counts = _alive_pupil_categories(school, since)
    created = []

    def propose(level: str, group: str, category: str, pupils: int, groups: list[str]) -> None:
        existing = CollectiveProposal.objects.filter(school=school, level=level, group=group, category=category)
        if existing.filter(Q(status=CollectiveProposal.Status.PROPOSED) | Q(decided_at__date__gte=since)).exists():
            return
        already = Signal.objects.filter(school=school, level=level, group=group, category=category,
                                        status__in=workflow.SIGNAL_ALIVE, created__date__gte=since)
        if already.exists():
            return
        proposal = CollectiveProposal(school=school, level=level, group=group, category=category, pupil_count=pupils,
                                      groups=groups, period_start=since, period_end=today)
        proposal.full_clean()
        proposal.save()
        created.append(proposal)

    by_category: dict[str, list[str]] = defaultdict(list)
    for (group, category), pupils in sorted(counts.items()):
        if len(pupils) >= min_pupils:
            propose(Signal.Level.CLASS, group, category, len(pupils), [group])
            by_category[category].append(group)
    for category, groups in by_category.items():
        if len(groups) >= min_groups:
            pupils = sum(len(counts[(g, category)]) for g in groups)
            propose(Signal.Level.SCHOOL, "", category, pupils, groups)
    return created


@transaction.atomic
def proposal_accept(*, actor: User, proposal: CollectiveProposal, description: str, offer: str, owner: User,
                    due_date: date) -> Signal:
    """The IPT accepts: the proposal becomes a class or school signal, with the group offer as an action of the
    team (e.g. a group offer instead of taking one pupil out of class; lessons on eating habits)."""
    _require(can_handle_proposals(actor, proposal.school), _("Alleen het kernteam beslist over dit voorstel."))
    proposal = CollectiveProposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != CollectiveProposal.Status.PROPOSED:
        raise ValidationError(_("Over dit voorstel is al beslist."))
    if not offer.strip():
        raise ValidationError({"offer": _("Beschrijf het groepsaanbod.")})
    team = _team(proposal.school)
    if team is None:
        raise ValidationError(_("Deze school heeft nog geen interprofessioneel team."))
    text = description.strip() or _("%(count)s leerlingen met een open signaal of casus over %(category)s in "
                                    "%(where)s, %(start)s tot en met %(end)s.") % {
        "count": proposal.pupil_count, "category": Category(proposal.category).label,
        "where": proposal.group or ", ".join(proposal.groups), "start": date_format(proposal.period_start, "j F Y"),
        "end": date_format(proposal.period_end, "j F Y")}
    signal = signal_raise(actor=actor, school=proposal.school, level=proposal.level, category=proposal.category,
                          seen_in_school=text, group=proposal.group)
    team_services.action_create(actor=actor, team=team, description=_("Groepsaanbod (%(ref)s): %(offer)s") % {
        "ref": signal.reference, "offer": offer.strip()}, owner=owner, due_date=due_date)
    proposal.status, proposal.signal = CollectiveProposal.Status.ACCEPTED, signal
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save()
    return signal


@transaction.atomic
def proposal_dismiss(*, actor: User, proposal: CollectiveProposal, reason: str) -> CollectiveProposal:
    _require(can_handle_proposals(actor, proposal.school), _("Alleen het kernteam beslist over dit voorstel."))
    if proposal.status != CollectiveProposal.Status.PROPOSED:
        raise ValidationError(_("Over dit voorstel is al beslist."))
    if not reason.strip():
        raise ValidationError({"reason": _("Schrijf op waarom het kernteam dit voorstel afwijst.")})
    proposal.status, proposal.dismiss_reason = CollectiveProposal.Status.DISMISSED, reason.strip()
    proposal.decided_by, proposal.decided_at = actor, timezone.now()
    proposal.save()
    return proposal


# ---------------------------------------------------------------------------------------------------------
# Scheduled work (called by tasks.py)


def evaluations_to_agenda(*, today: date) -> int:
    """Evaluations due soon that are not on an agenda yet: put them on, through the regiehouder. One week before
    an evaluation that is still not on an agenda (no meeting planned, or a regiehouder outside the core team),
    the regiehouder and the school's IB'er are told once."""
    window = _setting("CASE_EVALUATION_AGENDA_DAYS", 14)
    placed = 0
    evaluations = Evaluation.objects.filter(
        held_on__isnull=True, meeting_uuid__isnull=True, planned_on__gte=today,
        planned_on__lte=today + timedelta(days=window), case__status=Case.Status.OPEN,
    ).select_related("case__coordinator", "case__school", "case__signal")
    for evaluation in evaluations:
        try:
            with transaction.atomic():
                on_agenda = evaluation_to_agenda(actor=evaluation.case.coordinator, evaluation=evaluation)
        except (PermissionDenied, ValidationError):
            on_agenda = False
        placed += on_agenda
        if not on_agenda and (evaluation.planned_on - today).days == 7:
            case = evaluation.case
            _notify([case.coordinator, *_care_coordinators(case.school)], NOTIFY_CASE,
                    _("De evaluatie van casus %(ref)s op %(date)s staat nog niet op een agenda van het kernteam.") % {
                        "ref": case.reference, "date": date_format(evaluation.planned_on, "j F Y")},
                    reverse("cases:case", kwargs={"uuid": case.uuid}), _("Evaluatie agenderen"))
    return placed


def consents_reask_notify(*, today: date) -> int:
    """Tell whoever recorded a consent that the pupil turns 12 or 16 soon: the consent must be asked again."""
    from werkplaats.consent.selectors import consents_to_reask

    days = _setting("CONSENT_REASK_NOTICE_DAYS", 30)
    sent = 0
    for consent in consents_to_reask(on=today, within_days=days).filter(reask_on=today + timedelta(days=days)):
        _notify([consent.recorded_by], NOTIFY_CONSENT,
                _("Een toestemming die u vastlegde, loopt af op %(date)s: de leerling wordt dan %(age)s en beslist "
                  "(mee). Vraag de toestemming opnieuw.") % {
                    "date": date_format(consent.reask_on, "j F Y"),
                    "age": policy.age_on(consent.pupil.birth_date, consent.reask_on)},
                reverse("consent:pupil", kwargs={"pupil_uuid": consent.pupil.uuid}), _("Toestemming opnieuw vragen"))
        sent += 1
    return sent
