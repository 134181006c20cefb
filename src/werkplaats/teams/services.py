"""Writes of the IPT: keyword-only, typed, atomic. Each checks the access layer (permissions.py) and
validates with full_clean; notifications and reminders go to Celery after the commit (tasks.py).

Concurrent edits of minutes, preparations, agreements and workshop notes use optimistic locking: the
writer sends the version it started from, and a write based on an old version raises `EditConflict`
(carrying the current text), so nothing anyone typed is silently overwritten."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mass_mail
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.accounts.selectors import memberships_active
from werkplaats.cases.models import Case, Signal
from werkplaats.cases.permissions import case_access, forget_case_access, signal_access
from werkplaats.organisations.models import Organisation, School

from . import content
from .models import (
    FORM_LAYERS,
    Action,
    AgendaItem,
    AmbitionWorkshop,
    AssessmentParticipation,
    AssessmentScore,
    Attendance,
    Decision,
    Guest,
    Meeting,
    Notification,
    Stakeholder,
    Team,
    TeamAgreement,
    TeamAssessment,
    WorkshopNote,
)
from .permissions import (
    can_facilitate_workshop,
    can_manage_team,
    can_raise_urgent_meeting,
    can_respond_to_assessment,
    can_run_meeting,
    can_see_team_work,
    can_start_team,
    can_take_part_in_meeting,
    can_take_part_in_workshop,
    can_update_action,
)
from .selectors import action_owner_candidates, guest_candidates, meeting_invitees
from .workflow import MEETING_ACTIVE, MEETING_RECORDABLE, action_can_transition, meeting_can_transition

URGENT_MAX_DAYS = 14
REMIND_DAYS_BEFORE = 2
REMIND_EVERY_DAYS = 7
Kind = AgendaItem.Kind
# Appendix D: on every core-team agenda. Open actions of earlier meetings are on every agenda.
CORE_FIXED_KINDS = (Kind.CONCERNS, Kind.NEW_PUPILS, Kind.COLLABORATION, Kind.EMPTY_CHAIR)
# Attendance is a standing item of the IPT (§3.3 d), on a regular core agenda by default (it can go).
CORE_DEFAULT_KINDS = (Kind.OPEN_ACTIONS, Kind.CONCERNS, Kind.NEW_PUPILS, Kind.ATTENDANCE, Kind.COLLABORATION,
                      Kind.EMPTY_CHAIR)
URGENT_DEFAULT_KINDS = (Kind.OPEN_ACTIONS, Kind.CONCERNS, Kind.NEW_PUPILS, Kind.COLLABORATION, Kind.EMPTY_CHAIR)
OTHER_DEFAULT_KINDS = (Kind.OPEN_ACTIONS,)
# Kinds a member may add (the fixed ones are there already).
ADDABLE_KINDS = (Kind.CHILD, Kind.CLASS, Kind.SCHOOL, Kind.ATTENDANCE, Kind.PREVENTION, Kind.THEMES, Kind.FREE)


class EditConflict(Exception):
    """Someone else saved a newer version first. `current` is that version; nothing was written."""

    def __init__(self, current: models.Model, message: str) -> None:
        super().__init__(message)
        self.current = current
        self.message = message


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _forget_access(*users: User | None) -> None:
    """After a change of who is in the team: drop what the access layers memoised on these user objects."""
    forget_case_access(*users)


def _versioned_update(obj: models.Model, *, version: int, describe: Callable[[Any], str], **fields: Any) -> None:
    """UPDATE … WHERE version = the writer's version: on PostgreSQL a concurrent writer waits for the row
    lock and then finds the version changed, so exactly one of two writers with the same version wins.
    The loser gets EditConflict with the current row and `describe(current)` as the message."""
    model = type(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.full_clean(exclude=["version"])
    written = model.objects.filter(pk=obj.pk, version=version).update(
        version=F("version") + 1, updated=timezone.now(), **fields
    )
    if not written:
        current = model.objects.get(pk=obj.pk)
        raise EditConflict(current=current, message=describe(current))
    obj.refresh_from_db()


def _conflict_message(who: User | None, when: datetime) -> str:
    moment = date_format(timezone.localtime(when), "j F Y H:i")
    if who is None:
        return _("Iemand anders heeft dit intussen gewijzigd (%(when)s). Uw tekst is niet opgeslagen maar ook niet "
                 "weg: hij staat hieronder. Neem de nieuwe tekst over en sla opnieuw op.") % {"when": moment}
    return _("%(who)s heeft dit intussen gewijzigd (%(when)s). Uw tekst is niet opgeslagen maar ook niet weg: hij "
             "staat hieronder. Neem de nieuwe tekst over en sla opnieuw op.") % {"who": who, "when": moment}


def _enqueue(task: Any, *args: Any) -> None:
    transaction.on_commit(lambda: task.delay(*args))


# ---------------------------------------------------------------------------------------------------------
# Team and its composition


@transaction.atomic
def team_create(*, actor: User, school: School, form: str, cadence_core: int = 4, cadence_wider: int = 2,
                cadence_steering: int = 2) -> Team:
    _require(can_start_team(actor, school), _("U mag voor deze school geen team samenstellen."))
    if Team.objects.filter(school=school).exists():
        raise ValidationError(_("Deze school heeft al een interprofessioneel team."))
    team = Team(school=school, form=form, cadence_core=cadence_core, cadence_wider=cadence_wider,
                cadence_steering=cadence_steering, created_by=actor)
    team.full_clean()
    team.save()
    _forget_access(actor)
    return team


@transaction.atomic
def team_update(*, actor: User, team: Team, form: str, cadence_core: int, cadence_wider: int,
                cadence_steering: int) -> Team:
    _require(can_manage_team(actor, team), _("U mag dit team niet wijzigen."))
    dropped = [layer for layer in Team.Layer.values if layer not in FORM_LAYERS.get(form, ())]
    in_dropped = team.stakeholders.filter(layer__in=dropped)
    if in_dropped.exists():
        layers = ", ".join(sorted({str(Team.Layer(s.layer).label) for s in in_dropped}))
        raise ValidationError({"form": _("In deze vorm is er geen %(layers)s. Kies eerst een andere laag voor de "
                                         "leden daarvan.") % {"layers": layers}})
    team.form, team.cadence_core, team.cadence_wider, team.cadence_steering = (
        form, cadence_core, cadence_wider, cadence_steering
    )
    team.full_clean()
    team.save()
    return team


def _check_stakeholder(stakeholder: Stakeholder) -> None:
    team = stakeholder.team
    if stakeholder.layer and stakeholder.layer not in FORM_LAYERS[team.form]:
        raise ValidationError({"layer": _("Dit team heeft de vorm ‘%(form)s’: daarin is geen %(layer)s.") % {
            "form": team.get_form_display(), "layer": Team.Layer(stakeholder.layer).label}})
    if stakeholder.user_id is not None:
        memberships = memberships_active(user=stakeholder.user)
        works_there = (
            memberships.filter(school=team.school_id).exists() if stakeholder.organisation_id is None
            else memberships.filter(organisation=stakeholder.organisation_id).exists()
        )
        if not works_there:
            where = stakeholder.organisation.name if stakeholder.organisation_id else team.school.name
            raise ValidationError({"user": _("Volgens Werkplaats werkt deze persoon niet bij %(where)s. Kies de "
                                             "organisatie waar deze persoon werkt.") % {"where": where}})
    stakeholder.full_clean()


@transaction.atomic
def stakeholder_add(*, actor: User, team: Team, name: str = "", function: str,
                    organisation: Organisation | None = None, user: User | None = None, email: str = "",
                    phone: str = "", is_manager: bool = False, is_contact_person: bool = False,
                    layer: str = "") -> Stakeholder:
    _require(can_manage_team(actor, team), _("U mag de samenstelling van dit team niet wijzigen."))
    stakeholder = Stakeholder(
        team=team, name=name or (str(user) if user else ""), function=function, organisation=organisation,
        user=user, email=email or (user.email if user else ""), phone=phone, is_manager=is_manager,
        is_contact_person=is_contact_person, layer=layer,
    )
    _check_stakeholder(stakeholder)
    stakeholder.save()
    _forget_access(actor, user)
    return stakeholder


@transaction.atomic
def stakeholder_update(*, actor: User, stakeholder: Stakeholder, name: str, function: str,
                       organisation: Organisation | None, user: User | None, email: str, phone: str,
                       is_manager: bool, is_contact_person: bool, layer: str) -> Stakeholder:
    _require(can_manage_team(actor, stakeholder.team), _("U mag de samenstelling van dit team niet wijzigen."))
    previous_user = stakeholder.user
    stakeholder.name, stakeholder.function, stakeholder.organisation, stakeholder.user = (
        name or (str(user) if user else ""), function, organisation, user
    )
    stakeholder.email, stakeholder.phone, stakeholder.is_manager = email, phone, is_manager
    stakeholder.is_contact_person, stakeholder.layer = is_contact_person, layer
    _check_stakeholder(stakeholder)
    stakeholder.save()
    _forget_access(actor, user, previous_user)
    return stakeholder


@transaction.atomic
def stakeholders_assign_layers(*, actor: User, team: Team, layers: dict[Any, str]) -> int:
    """Step two of composing the team: who sits in which layer (keys: stakeholder uuids). Returns changes."""
    _require(can_manage_team(actor, team), _("U mag de samenstelling van dit team niet wijzigen."))
    changed = 0
    for stakeholder in team.stakeholders.filter(uuid__in=list(layers)).select_for_update():
        layer = layers[stakeholder.uuid]
        if stakeholder.layer != layer:
            stakeholder.layer = layer
            _check_stakeholder(stakeholder)
            stakeholder.save(update_fields=["layer", "updated"])
            _forget_access(stakeholder.user)
            changed += 1
    _forget_access(actor)
    return changed


@transaction.atomic
def stakeholder_remove(*, actor: User, stakeholder: Stakeholder) -> None:
    _require(can_manage_team(actor, stakeholder.team), _("U mag de samenstelling van dit team niet wijzigen."))
    stakeholder.delete()
    _forget_access(actor, stakeholder.user)


# ---------------------------------------------------------------------------------------------------------
# Meetings


def _default_kinds(meeting: Meeting) -> tuple[str, ...]:
    if meeting.layer != Team.Layer.CORE:
        return OTHER_DEFAULT_KINDS
    return URGENT_DEFAULT_KINDS if meeting.kind == Meeting.Kind.URGENT else CORE_DEFAULT_KINDS


def agenda_item_is_fixed(item: AgendaItem) -> bool:
    if item.kind == Kind.OPEN_ACTIONS:
        return True
    return item.kind in CORE_FIXED_KINDS and item.meeting.layer == Team.Layer.CORE


def _check_meeting_layer(team: Team, layer: str) -> None:
    if layer not in FORM_LAYERS[team.form]:
        raise ValidationError({"layer": _("Dit team heeft geen %(layer)s.") % {"layer": Team.Layer(layer).label}})


def _create_meeting(meeting: Meeting) -> Meeting:
    meeting.full_clean()
    meeting.save()
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, kind=kind, position=(index + 1) * 10,
                   preparation=meeting.reason if kind == Kind.CONCERNS else "")
        for index, kind in enumerate(_default_kinds(meeting))
    )
    return meeting


@transaction.atomic
def meeting_plan(*, actor: User, team: Team, layer: str, starts_at: datetime, ends_at: datetime,
                 location: str = "", online_url: str = "") -> Meeting:
    _require(can_manage_team(actor, team), _("U mag voor dit team geen overleg plannen."))
    _check_meeting_layer(team, layer)
    meeting = _create_meeting(Meeting(team=team, layer=layer, starts_at=starts_at, ends_at=ends_at,
                                      location=location, online_url=online_url))
    from .tasks import notify_meetings_planned

    _enqueue(notify_meetings_planned, [meeting.pk])
    return meeting


@transaction.atomic
def meetings_plan_series(*, actor: User, team: Team, layer: str, first_starts_at: datetime, duration_minutes: int,
                         count: int, location: str = "", online_url: str = "") -> list[Meeting]:
    """A layer's meetings for the rest of the school year (the cadence, e.g. 4 per year): spread evenly over
    the weeks to the end of the school year, on the weekday and time of the first, moved to the next school
    day when a date falls in a holiday of the school's calendar."""
    from werkplaats.attendance.calendars import CalendarCache, school_year_end

    _require(can_manage_team(actor, team), _("U mag voor dit team geen overleg plannen."))
    _check_meeting_layer(team, layer)
    if count < 1:
        raise ValidationError({"count": _("Plan ten minste één overleg.")})
    first = timezone.localtime(first_starts_at)
    weeks_left = (school_year_end(first.date()) - first.date()).days // 7
    if weeks_left < count - 1 or (count > 1 and weeks_left // (count - 1) < 1):
        raise ValidationError({"count": _("Er passen geen %(count)s overleggen meer in dit schooljaar (nog "
                                          "%(weeks)s weken).") % {"count": count, "weeks": weeks_left}})
    interval = weeks_left // count if count > 1 else 0
    school_days = CalendarCache().for_school(team.school)
    meetings = []
    for index in range(count):
        day = first.date() + timedelta(weeks=index * interval)
        if not school_days.is_school_day(day):
            day = school_days.next_school_day(day) or day
        starts_at = timezone.make_aware(datetime.combine(day, first.time().replace(tzinfo=None)))
        meetings.append(_create_meeting(Meeting(
            team=team, layer=layer, starts_at=starts_at, ends_at=starts_at + timedelta(minutes=duration_minutes),
            location=location, online_url=online_url,
        )))
    from .tasks import notify_meetings_planned

    _enqueue(notify_meetings_planned, [meeting.pk for meeting in meetings])
    return meetings


@transaction.atomic
def meeting_plan_urgent(*, actor: User, team: Team, starts_at: datetime, duration_minutes: int, online_url: str,
                        reason: str) -> Meeting:
    """The kernteam-spoedoverleg: planned online at short notice by whoever raises it (appendix D)."""
    _require(can_raise_urgent_meeting(actor, team), _("Alleen leden van het kernteam plannen een spoedoverleg."))
    now = timezone.now()
    if starts_at <= now:
        raise ValidationError({"starts_at": _("Kies een moment in de toekomst.")})
    if starts_at > now + timedelta(days=URGENT_MAX_DAYS):
        raise ValidationError({"starts_at": _("Een spoedoverleg plant u op korte termijn: binnen %(days)s dagen. "
                                              "Plan anders een gewoon overleg.") % {"days": URGENT_MAX_DAYS}})
    if not online_url:
        raise ValidationError({"online_url": _("Een spoedoverleg is online: vul de link naar het overleg in.")})
    meeting = _create_meeting(Meeting(
        team=team, layer=Team.Layer.CORE, kind=Meeting.Kind.URGENT, starts_at=starts_at,
        ends_at=starts_at + timedelta(minutes=duration_minutes), online_url=online_url, reason=reason,
        raised_by=actor,
    ))
    from .tasks import notify_meetings_planned

    _enqueue(notify_meetings_planned, [meeting.pk])
    return meeting


@transaction.atomic
def meeting_reschedule(*, actor: User, meeting: Meeting, starts_at: datetime, ends_at: datetime, location: str,
                       online_url: str) -> Meeting:
    _require(can_run_meeting(actor, meeting), _("U mag dit overleg niet wijzigen."))
    if meeting.status not in MEETING_ACTIVE:
        raise ValidationError(_("Een afgerond of geannuleerd overleg verplaatst u niet."))
    meeting.starts_at, meeting.ends_at, meeting.location, meeting.online_url = (
        starts_at, ends_at, location, online_url
    )
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_transition(*, actor: User, meeting: Meeting, to: str) -> Meeting:
    _require(can_run_meeting(actor, meeting), _("U mag de status van dit overleg niet wijzigen."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting_can_transition(meeting.status, to):
        raise ValidationError(_("Van ‘%(from)s’ kan dit overleg niet naar ‘%(to)s’.") % {
            "from": meeting.get_status_display(), "to": Meeting.Status(to).label})
    now = timezone.now()
    meeting.status = to
    if to == Meeting.Status.CLOSED:
        meeting.closed_at = now
        # The empty chair is for one meeting: closing it ends every guest's access.
        meeting.guests.filter(access_ended_at__isnull=True).update(access_ended_at=now, updated=now)
    if to == Meeting.Status.CANCELLED:
        meeting.sequence += 1
        meeting.guests.filter(access_ended_at__isnull=True).update(access_ended_at=now, updated=now)
        from .tasks import notify_meeting_cancelled

        _enqueue(notify_meeting_cancelled, meeting.pk)
    meeting.save()
    return meeting


# ---------------------------------------------------------------------------------------------------------
# Agenda


def _renumber(items: list[AgendaItem]) -> None:
    for index, item in enumerate(items):
        item.position = (index + 1) * 10
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def agenda_item_add(*, actor: User, meeting: Meeting, kind: str, title: str = "", preparation: str = "",
                    shared_with_guests: bool = False, signal: Signal | None = None) -> AgendaItem:
    """Any participant adds an item beforehand (they prepare the meeting); it goes before the empty chair.
    A signal of the school (cases app) can be put on the agenda by whoever may act on that signal."""
    allowed = can_take_part_in_meeting(actor, meeting) or (
        signal is not None and signal.school_id == meeting.team.school_id and signal_access(actor, signal).full
    )
    _require(allowed, _("U mag de agenda van dit overleg niet aanvullen."))
    if signal is not None and signal.school_id != meeting.team.school_id:
        raise ValidationError({"signal": _("Dit signaal hoort bij een andere school.")})
    if meeting.status not in MEETING_RECORDABLE:
        raise ValidationError(_("De agenda van een afgerond of geannuleerd overleg ligt vast."))
    if kind not in ADDABLE_KINDS:
        raise ValidationError({"kind": _("Kies een onderwerp uit de lijst.")})
    if kind == Kind.FREE and not title.strip():
        raise ValidationError({"title": _("Geef een vrij agendapunt een titel.")})
    item = AgendaItem(meeting=meeting, kind=kind, title=title.strip(), preparation=preparation,
                      prepared_by=actor if preparation else None, shared_with_guests=shared_with_guests, signal=signal)
    item.full_clean(exclude=["position"])
    item.save()
    items = list(meeting.agenda_items.select_for_update().order_by("position", "pk"))
    items.remove(item)
    before = next((i for i, other in enumerate(items) if other.kind == Kind.EMPTY_CHAIR), len(items))
    items.insert(before, item)
    _renumber(items)
    return item


@transaction.atomic
def agenda_item_move(*, actor: User, item: AgendaItem, up: bool) -> None:
    _require(can_take_part_in_meeting(actor, item.meeting), _("U mag de agenda van dit overleg niet wijzigen."))
    items = list(item.meeting.agenda_items.select_for_update().order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
        _renumber(items)


@transaction.atomic
def agenda_item_remove(*, actor: User, item: AgendaItem) -> None:
    _require(can_take_part_in_meeting(actor, item.meeting), _("U mag de agenda van dit overleg niet wijzigen."))
    if agenda_item_is_fixed(item):
        raise ValidationError(_("‘%(item)s’ is een vast agendapunt en blijft op de agenda.") % {"item": item})
    if item.minutes or item.decisions.exists() or item.actions.exists():
        raise ValidationError(_("Dit agendapunt heeft al een verslag, besluit of actie en blijft op de agenda."))
    item.delete()


@transaction.atomic
def agenda_item_prepare(*, actor: User, item: AgendaItem, preparation: str, version: int) -> AgendaItem:
    _require(can_take_part_in_meeting(actor, item.meeting), _("U mag dit overleg niet voorbereiden."))
    if item.meeting.status not in MEETING_RECORDABLE:
        raise ValidationError(_("Dit overleg is afgerond of geannuleerd."))
    _versioned_update(item, version=version, preparation=preparation, prepared_by=actor,
                      describe=lambda current: _conflict_message(current.prepared_by, current.updated))
    return item


@transaction.atomic
def agenda_item_record_minutes(*, actor: User, item: AgendaItem, minutes: str, version: int) -> AgendaItem:
    _require(can_take_part_in_meeting(actor, item.meeting), _("U mag het verslag van dit overleg niet schrijven."))
    if item.meeting.status not in MEETING_RECORDABLE:
        raise ValidationError(_("Dit overleg is afgerond: heropen het verslag om het te wijzigen."))
    _versioned_update(item, version=version, minutes=minutes, minutes_by=actor,
                      describe=lambda current: _conflict_message(current.minutes_by, current.updated))
    return item


@transaction.atomic
def agenda_item_share(*, actor: User, item: AgendaItem, shared: bool) -> AgendaItem:
    _require(can_run_meeting(actor, item.meeting), _("U mag niet bepalen wat gasten zien."))
    AgendaItem.objects.filter(pk=item.pk).update(shared_with_guests=shared, updated=timezone.now())
    item.shared_with_guests = shared
    return item


# ---------------------------------------------------------------------------------------------------------
# Guests on the empty chair


@transaction.atomic
def guest_invite(*, actor: User, meeting: Meeting, user: User, purpose: str) -> Guest:
    _require(can_run_meeting(actor, meeting), _("U mag voor dit overleg geen gast uitnodigen."))
    if meeting.status not in MEETING_ACTIVE:
        raise ValidationError(_("Een afgerond of geannuleerd overleg krijgt geen gasten meer."))
    if not purpose.strip():
        raise ValidationError({"purpose": _("Schrijf op met welk doel u de gast uitnodigt.")})
    if not guest_candidates(meeting=meeting).filter(pk=user.pk).exists():
        raise ValidationError({"user": _("Kies iemand die rond deze school werkt en nog niet aan dit overleg "
                                         "deelneemt.")})
    guest = Guest(meeting=meeting, user=user, purpose=purpose.strip(), invited_by=actor)
    guest.full_clean()
    guest.save()
    from .tasks import notify_guest_invited

    _enqueue(notify_guest_invited, guest.pk)
    return guest


@transaction.atomic
def guest_remove(*, actor: User, guest: Guest) -> None:
    _require(can_run_meeting(actor, guest.meeting), _("U mag deze gast niet verwijderen."))
    guest.delete()


# ---------------------------------------------------------------------------------------------------------
# Recording the meeting


@dataclass(frozen=True)
class AttendanceEntry:
    stakeholder: Stakeholder
    status: str
    substitute: str = ""


@transaction.atomic
def attendance_record(*, actor: User, meeting: Meeting, entries: Iterable[AttendanceEntry],
                      guests_present: Iterable[Guest] = ()) -> None:
    _require(can_take_part_in_meeting(actor, meeting), _("U mag de aanwezigheid van dit overleg niet bijhouden."))
    invitees = set(meeting_invitees(meeting).values_list("pk", flat=True))
    errors = []
    for entry in entries:
        if entry.stakeholder.pk not in invitees:
            errors.append(_("%(name)s is geen lid van deze laag.") % {"name": entry.stakeholder.name})
            continue
        if entry.status == Attendance.Status.SUBSTITUTED and not entry.substitute.strip():
            errors.append(_("%(name)s: vul in wie de vervanger was.") % {"name": entry.stakeholder.name})
            continue
        attendance = Attendance.objects.filter(meeting=meeting, stakeholder=entry.stakeholder).first() or Attendance(
            meeting=meeting, stakeholder=entry.stakeholder
        )
        attendance.status = entry.status
        attendance.substitute = entry.substitute.strip() if entry.status == Attendance.Status.SUBSTITUTED else ""
        attendance.full_clean(validate_unique=False)
        attendance.save()
    if errors:
        raise ValidationError(errors)
    present = {guest.pk for guest in guests_present}
    for guest in meeting.guests.all():
        Guest.objects.filter(pk=guest.pk).update(attended=guest.pk in present)


@transaction.atomic
def decision_record(*, actor: User, meeting: Meeting, text: str, agenda_item: AgendaItem | None = None) -> Decision:
    _require(can_take_part_in_meeting(actor, meeting), _("U mag in dit overleg geen besluiten vastleggen."))
    if meeting.status not in MEETING_RECORDABLE:
        raise ValidationError(_("Dit overleg is afgerond: heropen het verslag om een besluit toe te voegen."))
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Dit agendapunt hoort niet bij dit overleg.")})
    decision = Decision(meeting=meeting, agenda_item=agenda_item, text=text.strip(), recorded_by=actor)
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def action_create(*, actor: User, team: Team, description: str, owner: User, due_date: date,
                  meeting: Meeting | None = None, agenda_item: AgendaItem | None = None,
                  workshop: AmbitionWorkshop | None = None, case: Case | None = None) -> Action:
    """An action with an owner and a due date on the team's list. An action of a case (cases app) is agreed
    by those who work on the case, and its owner is one of them."""
    if case is not None:
        _require(case.school_id == team.school_id and case_access(actor, case).can_edit,
                 _("U mag voor deze casus geen acties vastleggen."))
    elif meeting is not None:
        _require(meeting.team_id == team.pk and can_take_part_in_meeting(actor, meeting),
                 _("U mag in dit overleg geen acties vastleggen."))
    else:
        _require(can_see_team_work(actor, team), _("U mag voor dit team geen acties vastleggen."))
    if agenda_item is not None and (meeting is None or agenda_item.meeting_id != meeting.pk):
        raise ValidationError({"agenda_item": _("Dit agendapunt hoort niet bij dit overleg.")})
    if case is None and not action_owner_candidates(team=team).filter(pk=owner.pk).exists():
        raise ValidationError({"owner": _("De eigenaar moet lid van het team zijn of op de school werken.")})
    if case is not None and not case.members.filter(user=owner, left_at__isnull=True).exists():
        raise ValidationError({"owner": _("De eigenaar van een actie is betrokken bij de casus.")})
    action = Action(team=team, meeting=meeting, agenda_item=agenda_item, workshop=workshop, case=case,
                    description=description.strip(), owner=owner, due_date=due_date, created_by=actor)
    action.full_clean()
    action.save()
    if owner.pk != actor.pk:
        from .tasks import notify_action_assigned

        _enqueue(notify_action_assigned, action.pk)
    return action


@transaction.atomic
def action_transition(*, actor: User, action: Action, to: str, version: int) -> Action:
    _require(can_update_action(actor, action), _("U mag deze actie niet wijzigen."))
    if not action_can_transition(action.status, to):
        raise ValidationError(_("Deze actie kan niet van ‘%(from)s’ naar ‘%(to)s’.") % {
            "from": action.get_status_display(), "to": Action.Status(to).label})
    _versioned_update(
        action, version=version, status=to, done_at=timezone.now() if to == Action.Status.DONE else None,
        describe=lambda current: _("Iemand anders heeft deze actie intussen gewijzigd (nu: %(status)s). Bekijk de "
                                   "nieuwe stand en probeer het opnieuw.") % {"status": current.get_status_display()},
    )
    return action


def actions_remind(*, today: date) -> list[int]:
    """Mark the open actions whose owner gets a reminder today: due within REMIND_DAYS_BEFORE days or overdue,
    at most once every REMIND_EVERY_DAYS days. Several workers can run this at once (SKIP LOCKED). Returns the
    ids; the caller sends the notifications."""
    with transaction.atomic():
        due = (
            Action.objects.select_for_update(skip_locked=True)
            .filter(status=Action.Status.OPEN, due_date__lte=today + timedelta(days=REMIND_DAYS_BEFORE))
            .filter(models.Q(reminded_on__isnull=True)
                    | models.Q(reminded_on__lte=today - timedelta(days=REMIND_EVERY_DAYS)))
            .order_by("pk")
        )
        ids = list(due.values_list("pk", flat=True))
        Action.objects.filter(pk__in=ids).update(reminded_on=today)
    return ids


# ---------------------------------------------------------------------------------------------------------
# Team agreements (§3.4), versioned


@transaction.atomic
def agreement_record(*, actor: User, team: Team, topic: str, text: str, base_version: int) -> TeamAgreement:
    """Add a version of the agreement on `topic`. `base_version` is the version the writer started from (0 when
    there was none); when someone saved a newer one meanwhile, EditConflict carries it."""
    _require(can_manage_team(actor, team), _("U mag de werkafspraken van dit team niet wijzigen."))
    if topic not in TeamAgreement.Topic.values:
        raise ValidationError({"topic": _("Onbekend onderwerp.")})
    latest = TeamAgreement.objects.filter(team=team, topic=topic).order_by("-version").first()
    latest_version = latest.version if latest else 0

    def conflict(current: TeamAgreement) -> EditConflict:
        return EditConflict(current, _conflict_message(current.recorded_by, current.created))

    if latest is not None and latest_version != base_version:
        raise conflict(latest)
    if latest is not None and latest.text.strip() == text.strip():
        return latest
    agreement = TeamAgreement(team=team, topic=topic, text=text.strip(), version=base_version + 1, recorded_by=actor)
    agreement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            agreement.save()
    except IntegrityError:
        raise conflict(TeamAgreement.objects.get(team=team, topic=topic, version=base_version + 1)) from None
    return agreement


# ---------------------------------------------------------------------------------------------------------
# Team assessment (zero measurement)


@transaction.atomic
def assessment_open(*, actor: User, team: Team, title: str, workshop: AmbitionWorkshop | None = None,
                    notify: bool = True) -> TeamAssessment:
    _require(can_manage_team(actor, team), _("U mag voor dit team geen meting starten."))
    if team.assessments.filter(status=TeamAssessment.Status.OPEN).exists():
        raise ValidationError(_("Er loopt al een meting. Sluit die eerst af."))
    assessment = TeamAssessment(team=team, title=title.strip(), opened_by=actor, workshop=workshop)
    assessment.full_clean()
    assessment.save()
    if notify:
        from .tasks import notify_assessment_opened

        _enqueue(notify_assessment_opened, assessment.pk)
    return assessment


@transaction.atomic
def assessment_respond(*, actor: User, assessment: TeamAssessment, scores: dict[str, int]) -> None:
    """Store one member's answers. Who answered and what was answered are stored apart (anonymous)."""
    _require(can_respond_to_assessment(actor, assessment), _("U mag deze meting niet invullen."))
    if assessment.status != TeamAssessment.Status.OPEN:
        raise ValidationError(_("Deze meting is afgesloten."))
    answered = {key: score for key, score in scores.items() if score is not None}
    unknown = set(answered) - set(content.ITEM_KEYS)
    if unknown or any(not content.SCORE_MIN <= score <= content.SCORE_MAX for score in answered.values()):
        raise ValidationError(_("Kies bij elke stelling een score van %(min)s tot en met %(max)s.") % {
            "min": content.SCORE_MIN, "max": content.SCORE_MAX})
    if not answered:
        raise ValidationError(_("Geef bij ten minste één stelling een score."))
    try:
        with transaction.atomic():
            AssessmentParticipation.objects.create(assessment=assessment, user=actor)
    except IntegrityError:
        raise ValidationError(_("U heeft deze meting al ingevuld.")) from None
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=assessment, item=key, score=score) for key, score in answered.items()
    )


@transaction.atomic
def assessment_close(*, actor: User, assessment: TeamAssessment) -> TeamAssessment:
    _require(can_manage_team(actor, assessment.team), _("U mag deze meting niet afsluiten."))
    assessment.status = TeamAssessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save(update_fields=["status", "closed_at", "updated"])
    return assessment


# ---------------------------------------------------------------------------------------------------------
# Ambition workshop (taart van ambities, appendix F)


def _open_workshop(workshop: AmbitionWorkshop) -> None:
    if workshop.status != AmbitionWorkshop.Status.OPEN:
        raise ValidationError(_("Deze taart van ambities is afgerond."))


@transaction.atomic
def workshop_start(*, actor: User, team: Team, meeting: Meeting | None = None) -> AmbitionWorkshop:
    _require(can_manage_team(actor, team), _("Alleen de intern begeleider of procesbegeleider start de taart."))
    if meeting is not None and meeting.team_id != team.pk:
        raise ValidationError({"meeting": _("Dit overleg hoort niet bij dit team.")})
    workshop = AmbitionWorkshop(team=team, meeting=meeting, facilitator=actor)
    workshop.full_clean()
    workshop.save()
    return workshop


@transaction.atomic
def workshop_note_add(*, actor: User, workshop: AmbitionWorkshop, step: int, text: str) -> WorkshopNote:
    _require(can_take_part_in_workshop(actor, workshop), _("U doet niet mee aan deze taart van ambities."))
    _open_workshop(workshop)
    if step not in content.STEP_NUMBERS:
        raise ValidationError({"step": _("Kies een stap van 1 tot en met 7.")})
    note = WorkshopNote(workshop=workshop, step=step, author=actor, text=text.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def workshop_note_update(*, actor: User, note: WorkshopNote, text: str, version: int) -> WorkshopNote:
    _require(note.author_id == actor.pk or can_facilitate_workshop(actor, note.workshop),
             _("Alleen de schrijver of de begeleider wijzigt deze notitie."))
    _open_workshop(note.workshop)
    _versioned_update(note, version=version, text=text.strip(),
                      describe=lambda current: _conflict_message(None, current.updated))
    return note


@transaction.atomic
def workshop_note_remove(*, actor: User, note: WorkshopNote) -> None:
    _require(note.author_id == actor.pk or can_facilitate_workshop(actor, note.workshop),
             _("Alleen de schrijver of de begeleider verwijdert deze notitie."))
    _open_workshop(note.workshop)
    note.delete()


@transaction.atomic
def workshop_note_cluster(*, actor: User, note: WorkshopNote, cluster: str) -> WorkshopNote:
    """The facilitator groups notes; only the group changes, so it never conflicts with the author's text."""
    _require(can_facilitate_workshop(actor, note.workshop), _("Alleen de begeleider groepeert notities."))
    _open_workshop(note.workshop)
    note.cluster = cluster.strip()[:100]
    WorkshopNote.objects.filter(pk=note.pk).update(cluster=note.cluster, updated=timezone.now())
    return note


@transaction.atomic
def workshop_step_set(*, actor: User, workshop: AmbitionWorkshop, step: int) -> AmbitionWorkshop:
    _require(can_facilitate_workshop(actor, workshop), _("Alleen de begeleider gaat naar een andere stap."))
    _open_workshop(workshop)
    if step not in content.STEP_NUMBERS:
        raise ValidationError({"step": _("Kies een stap van 1 tot en met 7.")})
    AmbitionWorkshop.objects.filter(pk=workshop.pk).update(current_step=step, updated=timezone.now())
    workshop.current_step = step
    return workshop


@transaction.atomic
def workshop_summary_update(*, actor: User, workshop: AmbitionWorkshop, joint_wish: str, first_step: str,
                            version: int) -> AmbitionWorkshop:
    _require(can_facilitate_workshop(actor, workshop), _("Alleen de begeleider legt het gezamenlijk verlangen vast."))
    _open_workshop(workshop)
    _versioned_update(workshop, version=version, joint_wish=joint_wish.strip(), first_step=first_step.strip(),
                      describe=lambda current: _conflict_message(None, current.updated))
    return workshop


@transaction.atomic
def workshop_complete(*, actor: User, workshop: AmbitionWorkshop, due_date: date) -> AmbitionWorkshop:
    """Close the workshop: every participant's note in the last ring ("En nu") becomes their action on the
    team's action list, and the result is kept as the team's zero measurement (linked to the open
    measurement, or a new one that the members then score)."""
    _require(can_facilitate_workshop(actor, workshop), _("Alleen de begeleider rondt de taart af."))
    workshop = AmbitionWorkshop.objects.select_for_update().get(pk=workshop.pk)
    _open_workshop(workshop)
    if due_date < timezone.localdate():
        raise ValidationError({"due_date": _("Kies een datum vanaf vandaag.")})
    for note in workshop.notes.filter(step=content.ACTION_STEP).select_related("author").order_by("created", "pk"):
        action_create(actor=actor, team=workshop.team, description=note.text, owner=note.author, due_date=due_date,
                      workshop=workshop)
    workshop.status = AmbitionWorkshop.Status.COMPLETED
    workshop.completed_at = timezone.now()
    workshop.save(update_fields=["status", "completed_at", "updated"])
    open_assessment = workshop.team.assessments.filter(status=TeamAssessment.Status.OPEN).first()
    if open_assessment is None:
        title = _("Nulmeting (taart van ambities %(date)s)") % {
            "date": date_format(timezone.localdate(), "j F Y")}
        assessment_open(actor=actor, team=workshop.team, title=title, workshop=workshop)
    elif open_assessment.workshop_id is None:
        open_assessment.workshop = workshop
        open_assessment.save(update_fields=["workshop", "updated"])
    return workshop


# ---------------------------------------------------------------------------------------------------------
# Notifications (in the app and by e-mail; never personal data of pupils)


def notify(*, users: Iterable[User], kind: str, message: str, link: str, subject: str) -> list[Notification]:
    """Store an in-app notification per user and e-mail it (after the commit) to those with an address.
    The e-mail says what happened and where to look, nothing more."""
    users = [user for user in {user.pk: user for user in users}.values() if user.is_active]
    notifications = Notification.objects.bulk_create(
        Notification(user=user, kind=kind, message=message[:300], link=link) for user in users
    )
    body = _("%(message)s\n\nBekijk het in Werkplaats (Team & overleg): %(link)s\n\nDit bericht bevat bewust geen "
             "gegevens van leerlingen.") % {"message": message, "link": link}
    mails = [(subject, body, None, [user.email]) for user in users if user.email]
    if mails:
        transaction.on_commit(lambda: send_mass_mail(mails, fail_silently=False))
    return notifications


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "l j F Y \\o\\m H:i")


def _meeting_users(meeting: Meeting) -> list[User]:
    return [s.user for s in meeting_invitees(meeting).select_related("user") if s.user_id]


def notify_meetings_planned(*, meetings: list[Meeting]) -> int:
    sent = 0
    for meeting in meetings:
        link = reverse("teams:meeting", kwargs={"uuid": meeting.uuid})
        school = meeting.team.school.name
        users = [user for user in _meeting_users(meeting) if user.pk != meeting.raised_by_id]
        if meeting.kind == Meeting.Kind.URGENT:
            message = _("Kernteam-spoedoverleg %(school)s: %(moment)s, online.") % {
                "school": school, "moment": _moment(meeting.starts_at)}
            kind, subject = Notification.Kind.URGENT_MEETING, _("Kernteam-spoedoverleg %(school)s") % {
                "school": school}
        else:
            message = _("Overleg %(layer)s %(school)s gepland: %(moment)s.") % {
                "layer": meeting.get_layer_display(), "school": school, "moment": _moment(meeting.starts_at)}
            kind, subject = Notification.Kind.MEETING_PLANNED, _("Overleg gepland: %(school)s") % {"school": school}
        sent += len(notify(users=users, kind=kind, message=message, link=link, subject=subject))
    return sent


def notify_meeting_cancelled(*, meeting: Meeting) -> int:
    school = meeting.team.school.name
    message = _("Overleg %(layer)s %(school)s van %(moment)s is geannuleerd.") % {
        "layer": meeting.get_layer_display(), "school": school, "moment": _moment(meeting.starts_at)}
    users = _meeting_users(meeting) + [guest.user for guest in meeting.guests.select_related("user")]
    return len(notify(users=users, kind=Notification.Kind.MEETING_CANCELLED, message=message,
                      link=reverse("teams:team", kwargs={"uuid": meeting.team.uuid}),
                      subject=_("Overleg geannuleerd: %(school)s") % {"school": school}))


def notify_guest_invited(*, guest: Guest) -> int:
    meeting = guest.meeting
    school = meeting.team.school.name
    message = _("U bent uitgenodigd op de lege stoel van het overleg %(layer)s %(school)s: %(moment)s.") % {
        "layer": meeting.get_layer_display(), "school": school, "moment": _moment(meeting.starts_at)}
    return len(notify(users=[guest.user], kind=Notification.Kind.GUEST_INVITED, message=message,
                      link=reverse("teams:meeting", kwargs={"uuid": meeting.uuid}),
                      subject=_("Uitnodiging lege stoel: %(school)s") % {"school": school}))


def notify_action_assigned(*, action: Action) -> int:
    message = _("U heeft een nieuwe actie van het IPT van %(school)s, uiterlijk klaar op %(due)s.") % {
        "school": action.team.school.name, "due": date_format(action.due_date, "j F Y")}
    return len(notify(users=[action.owner], kind=Notification.Kind.ACTION_ASSIGNED, message=message,
                      link=reverse("teams:actions", kwargs={"uuid": action.team.uuid}),
                      subject=_("Nieuwe actie: IPT %(school)s") % {"school": action.team.school.name}))


def notify_action_reminders(*, actions: Iterable[Action], today: date) -> int:
    sent = 0
    for action in actions:
        when = (_("was uiterlijk klaar op %(due)s") if action.due_date < today else _("is uiterlijk klaar op %(due)s"))
        message = _("Herinnering: uw actie van het IPT van %(school)s %(when)s.") % {
            "school": action.team.school.name, "when": when % {"due": date_format(action.due_date, "j F Y")}}
        sent += len(notify(users=[action.owner], kind=Notification.Kind.ACTION_REMINDER, message=message,
                           link=reverse("teams:actions", kwargs={"uuid": action.team.uuid}),
                           subject=_("Herinnering actie: IPT %(school)s") % {"school": action.team.school.name}))
    return sent


def notify_assessment_opened(*, assessment: TeamAssessment) -> int:
    team = assessment.team
    users = [s.user for s in team.stakeholders.exclude(layer="").select_related("user") if s.user_id]
    message = _("Vul de teammeting ‘%(title)s’ van het IPT van %(school)s in. Uw antwoorden zijn anoniem.") % {
        "title": assessment.title, "school": team.school.name}
    return len(notify(users=users, kind=Notification.Kind.ASSESSMENT_OPENED, message=message,
                      link=reverse("teams:assessment", kwargs={"uuid": assessment.uuid}),
                      subject=_("Teammeting IPT %(school)s") % {"school": team.school.name}))


@transaction.atomic
def notifications_mark_read(*, actor: User, uuids: Iterable[Any] | None = None) -> int:
    unread = Notification.objects.filter(user=actor, read_at__isnull=True)
    if uuids is not None:
        unread = unread.filter(uuid__in=list(uuids))
    return unread.update(read_at=timezone.now())

