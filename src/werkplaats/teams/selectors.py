"""Reads of the IPT, all through the access layer (permissions.py). A missing and a forbidden team, meeting,
action, measurement or workshop both raise Http404. Meetings can hold what was said about children, so
opening one is logged (allowed and refused) in the access log; pupil data (new pupils on the agenda) goes
through the pupils access layer and is logged per pupil."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import connection
from django.db.models import Count, Exists, Func, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Membership, User
from werkplaats.accounts.selectors import access_scope, memberships_active_of
from werkplaats.audit.services import Action as LogAction
from werkplaats.audit.services import Outcome, access_log_write
from werkplaats.core.prepared import PreparedQuery, prepared_shape
from werkplaats.organisations.models import Organisation, School
from werkplaats.pupils.models import Enrolment
from werkplaats.pupils.selectors import _active_on, enrolments_visible_to

from . import content
from .models import (
    FORM_LAYERS,
    Action,
    AgendaItem,
    AmbitionWorkshop,
    AssessmentParticipation,
    AssessmentScore,
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
    MANAGER_ROLES,
    MEETING_LAYERS_OF,
    TeamAccess,
    active_guest,
    can_facilitate_workshop,
    can_run_meeting,
    can_take_part_in_meeting,
    can_view_action,
    member_stakeholders,
    school_manager_scope,
    staff_scope,
    team_access,
)

# Results of a measurement are shown once this many members answered, so no one's answers can be read off.
MIN_RESPONDENTS = 3
MEETING_PURPOSE = "IPT-overleg"


def teams_visible_to(*, user: User) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    return (
        Team.objects.filter(
            school_manager_scope(user, "school__")
            | staff_scope(user)
            | Q(pk__in=member_stakeholders(user).values("team"))
        )
        .distinct()
        .select_related("school")
    )


def schools_without_team(*, user: User) -> QuerySet[School]:
    """School locations whose IPT the user may start and that have none yet."""
    if not user.is_authenticated:
        return School.objects.none()
    return School.objects.filter(school_manager_scope(user)).filter(team__isnull=True).distinct().order_by("name")


def school_for_new_team(*, user: User, uuid: UUID) -> School:
    school = schools_without_team(user=user).filter(uuid=uuid).first()
    if school is None:
        raise Http404
    return school


# Every team page reads its team: compiled once (see core.prepared).
_TEAM_BY_UUID = PreparedQuery(lambda uuid: Team.objects.select_related("school").filter(uuid=uuid), uuid=UUID)


def team_get(*, user: User, uuid: UUID) -> tuple[Team, TeamAccess]:
    """The team and how the user may see it."""
    found = _TEAM_BY_UUID.fetch(uuid=uuid)
    if not found:
        raise Http404
    team = found[0]
    access = team_access(user, team)
    if not access.can_view:
        raise Http404
    return team, access


@dataclass
class LayerView:
    layer: str
    label: str
    members: list[Stakeholder]


def team_layers(*, team: Team) -> list[LayerView]:
    stakeholders = list(team.stakeholders.exclude(layer="").select_related("organisation"))
    return [
        LayerView(
            layer=layer, label=str(Team.Layer(layer).label), members=[s for s in stakeholders if s.layer == layer]
        )
        for layer in FORM_LAYERS[team.form]
    ]


def team_stakeholders(*, team: Team) -> list[Stakeholder]:
    return list(team.stakeholders.select_related("organisation", "user").order_by("organisation__name", "name"))


def stakeholder_get(*, team: Team, uuid: UUID) -> Stakeholder:
    stakeholder = team.stakeholders.select_related("organisation", "user", "team__school").filter(uuid=uuid).first()
    if stakeholder is None:
        raise Http404
    return stakeholder


@dataclass
class ContactRow:
    name: str
    kind: str
    contact: Stakeholder | None
    others: list[Stakeholder] = field(default_factory=list)


def contact_sheet(*, team: Team) -> list[ContactRow]:
    """Every organisation around the school (its partners and those of the involved people, and the school
    itself first) with its contact person, or none yet."""
    stakeholders = team_stakeholders(team=team)
    organisations = {o.pk: o for o in team.school.partners.all()}
    organisations.update({s.organisation.pk: s.organisation for s in stakeholders if s.organisation_id})
    rows = [ContactRow(name=team.school.name, kind=str(team.school.get_type_display()), contact=None)]
    rows += [
        ContactRow(name=o.name, kind=o.get_kind_display(), contact=None)
        for o in sorted(organisations.values(), key=lambda o: (o.get_kind_display(), o.name))
    ]
    index = {
        None: rows[0],
        **{
            o.pk: row
            for o, row in zip(
                sorted(organisations.values(), key=lambda o: (o.get_kind_display(), o.name)), rows[1:], strict=True
            )
        },
    }
    for stakeholder in stakeholders:
        row = index[stakeholder.organisation_id]
        if stakeholder.is_contact_person:
            row.contact = stakeholder
        else:
            row.others.append(stakeholder)
    return rows


def organisation_choices(*, team: Team) -> QuerySet[Organisation]:
    """Any organisation around a school may take part; the school's partners come first in the form."""
    return Organisation.objects.exclude(kind=Organisation.Kind.SCHOOL_BOARD).order_by("kind", "name")


def people_around(*, team: Team) -> QuerySet[User]:
    """People with an account who work at the school or at an organisation around it (its partners, and the
    organisations of the involved people); policy and admin roles are not among them."""
    organisations = set(team.school.partners.values_list("pk", flat=True)) | set(
        team.stakeholders.filter(organisation__isnull=False).values_list("organisation", flat=True)
    )
    today = timezone.localdate()
    working_there = Membership.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        Q(school=team.school_id) | Q(organisation__in=organisations),
    )
    return (
        User.objects.filter(is_active=True, pk__in=working_there.values("user"))
        .exclude(pk__in=Membership.objects.filter(role__in=AGGREGATE_ONLY_ROLES).values("user"))
        .order_by("last_name", "first_name", "username")
    )


def user_labels(users: list[User]) -> dict[int, str]:
    """Name and where the person works, for pick lists: {user id: label}, the places of all in one query."""
    places: dict[int, set[str]] = {}
    for membership in memberships_active_of(user_ids=[user.pk for user in users]).select_related(
            "school", "organisation"):
        places.setdefault(membership.user_id, set()).add(
            str(membership.school.name if membership.school_id else membership.organisation.name))
    return {user.pk: f"{user} — {', '.join(sorted(places[user.pk]))}" if user.pk in places else str(user)
            for user in users}


# ---------------------------------------------------------------------------------------------------------
# Meetings


def meetings_of(*, user: User, team: Team, upcoming: bool | None = None) -> QuerySet[Meeting]:
    """The team's meetings the user takes part in (managers: all), upcoming first or past last."""
    layers = team_access(user, team).meeting_layers
    return _meetings_when(team.meetings.filter(layer__in=layers), upcoming=upcoming, now=timezone.now())


def _meetings_when(meetings: QuerySet[Meeting], *, upcoming: bool | None, now: datetime) -> QuerySet[Meeting]:
    if upcoming is True:
        return meetings.filter(ends_at__gte=now).exclude(status=Meeting.Status.CLOSED).order_by("starts_at")
    if upcoming is False:
        return meetings.filter(Q(ends_at__lt=now) | Q(status=Meeting.Status.CLOSED)).order_by("-starts_at")
    return meetings.order_by("starts_at")


def meeting_list(*, user: User, team: Team, upcoming: bool, limit: int | None = None) -> list[Meeting]:
    """`meetings_of(...)[:limit]` as a list, read by a prepared query per set of layers (one of a few), upcoming or
    past and length."""
    layers = team_access(user, team).meeting_layers
    if not layers:
        return []
    ordered = sorted(layers)
    query = prepared_shape(
        ("teams.meeting_list", layers, upcoming, limit),
        lambda team_id, now: _meetings_when(
            Meeting.objects.filter(team=team_id, layer__in=ordered), upcoming=upcoming, now=now
        )[:limit],
        team_id=int,
        now=datetime,
    )
    meetings = query.fetch(team_id=team.pk, now=timezone.now())
    for meeting in meetings:
        meeting.team = team
    return meetings


# The meeting pages' reads: compiled once (see core.prepared).
_MEETING_BY_UUID = PreparedQuery(
    lambda uuid: Meeting.objects.select_related("team__school", "raised_by").filter(uuid=uuid), uuid=UUID
)


@dataclass(frozen=True)
class MeetingView:
    meeting: Meeting
    access: TeamAccess
    guest: Guest | None
    participant: bool
    runner: bool

    @property
    def is_guest(self) -> bool:
        return not self.participant and self.guest is not None


def meeting_get(*, user: User, uuid: UUID, log: bool = True) -> MeetingView:
    """A meeting the user takes part in or is the guest of. Opening it is logged (log=False for the live
    refreshes of a page that was logged when it opened); a refusal is always logged."""
    found = _MEETING_BY_UUID.fetch(uuid=uuid)
    meeting = found[0] if found else None
    participant = meeting is not None and can_take_part_in_meeting(user, meeting)
    guest = None if meeting is None or participant else active_guest(user, meeting)
    if meeting is None or not (participant or guest):
        access_log_write(
            user=user,
            event_type="team.meeting.view",
            action=LogAction.READ,
            object_type="meeting",
            object_ids=[(str(uuid), None)],
            outcome=Outcome.REFUSED,
            purpose=MEETING_PURPOSE,
            authorisation="geen lid van deze laag van het team en geen (geldige) uitnodiging als gast",
        )
        raise Http404
    if log:
        access_log_write(
            user=user,
            event_type="team.meeting.guest_view" if guest else "team.meeting.view",
            action=LogAction.READ,
            object_type="meeting",
            object_ids=[(str(meeting.uuid), None)],
            purpose=MEETING_PURPOSE,
            authorisation=(
                f"gast op de lege stoel (uitnodiging {guest.uuid})"
                if guest
                else "lid of begeleider van het interprofessioneel team"
            ),
        )
    return MeetingView(
        meeting=meeting,
        access=team_access(user, meeting.team),
        guest=guest,
        participant=participant,
        runner=participant and can_run_meeting(user, meeting),
    )


def meeting_change_marks(*, meeting: Meeting) -> tuple[Any, ...]:
    """What changes whenever anything on the meeting page's live part changes: the number of rows and the last
    change of its agenda items, its decisions, the team's actions and its guests. One statement written out:
    the live refresh asks for it every few seconds, and as ORM subqueries it took ten times as long to build
    as to run."""
    parts = [
        (AgendaItem, "meeting_id", meeting.pk),
        (Decision, "meeting_id", meeting.pk),
        (Action, "team_id", meeting.team_id),
        (Guest, "meeting_id", meeting.pk),
    ]
    columns = ", ".join(
        f"(SELECT COUNT(*) FROM {model._meta.db_table} WHERE {key} = %s), "
        f"(SELECT MAX(updated) FROM {model._meta.db_table} WHERE {key} = %s)"
        for model, key, _value in parts
    )
    with connection.cursor() as cursor:
        # Table names from the models, values as parameters.
        cursor.execute(f"SELECT {columns}", [value for _model, _key, value in parts for _ in range(2)])
        return tuple(cursor.fetchone())


def was_invited(*, user: User, uuid: UUID) -> bool:
    """Whether the user was ever the guest of this meeting (so the meeting's existence is no secret to them)."""
    return user.is_authenticated and Guest.objects.filter(meeting__uuid=uuid, user=user).exists()


# What the agenda shows of an item, of the people who prepared it and wrote its minutes, and of its signal.
AGENDA_ITEM_FIELDS = (
    "uuid",
    "meeting",
    "kind",
    "title",
    "position",
    "preparation",
    "minutes",
    "shared_with_guests",
    "version",
    "prepared_by__username",
    "prepared_by__first_name",
    "prepared_by__last_name",
    "minutes_by__username",
    "minutes_by__first_name",
    "minutes_by__last_name",
    "signal__uuid",
)


def _agenda_items(*, meeting_id: int, shared_only: bool) -> QuerySet[AgendaItem]:
    items = (
        AgendaItem.objects.filter(meeting=meeting_id)
        .select_related("prepared_by", "minutes_by", "signal")
        .only(*AGENDA_ITEM_FIELDS)
    )
    return (items.filter(shared_with_guests=True) if shared_only else items).order_by("position", "pk")


_AGENDA_ITEMS = {
    shared_only: PreparedQuery(
        lambda meeting_id, shared_only=shared_only: _agenda_items(meeting_id=meeting_id, shared_only=shared_only),
        meeting_id=int,
    )
    for shared_only in (False, True)
}


# A meeting's decisions and actions, those of its agenda items and its own (of no item) in one query each: a
# decision or action of an item is recorded with the item's meeting (services.decision_record, action_create).
_MEETING_DECISIONS = PreparedQuery(
    lambda meeting_id: Decision.objects.filter(meeting=meeting_id).order_by("created", "pk"), meeting_id=int
)
_MEETING_ACTIONS = PreparedQuery(
    lambda meeting_id: Action.objects.filter(meeting=meeting_id).select_related("owner").order_by("due_date", "pk"),
    meeting_id=int,
)


@dataclass
class Agenda:
    """The agenda items, each with its decisions (`item.listed_decisions`, oldest first) and actions
    (`item.listed_actions`, by due date), and the meeting's own decisions and actions (those of no item)."""

    items: list[AgendaItem]
    decisions: list[Decision]
    actions: list[Action]


def agenda_of(*, view: MeetingView) -> Agenda:
    """The agenda; a guest sees only the items shared with guests, and none of the meeting's own decisions and
    actions."""
    meeting = view.meeting
    items = _AGENDA_ITEMS[not view.participant].fetch(meeting_id=meeting.pk)
    by_id = {item.pk: item for item in items}
    for item in items:
        item.meeting, item.listed_decisions, item.listed_actions = meeting, [], []
    agenda = Agenda(items=items, decisions=[], actions=[])
    for rows, own, listed in (
        (_MEETING_DECISIONS.fetch(meeting_id=meeting.pk), agenda.decisions, "listed_decisions"),
        (_MEETING_ACTIONS.fetch(meeting_id=meeting.pk), agenda.actions, "listed_actions"),
    ):
        for row in rows:
            if row.agenda_item_id in by_id:
                getattr(by_id[row.agenda_item_id], listed).append(row)
            elif row.agenda_item_id is None and view.participant:
                row.meeting = meeting
                own.append(row)
    return agenda


def agenda_item_get(*, user: User, uuid: UUID) -> AgendaItem:
    """An agenda item of a meeting the user takes part in (guests read, they do not write)."""
    item = (
        AgendaItem.objects.select_related("meeting__team__school", "minutes_by", "prepared_by")
        .filter(uuid=uuid)
        .first()
    )
    if item is None or not can_take_part_in_meeting(user, item.meeting):
        raise Http404
    return item


def _open_actions_before(*, team_id: int, layer: str, starts_at: datetime, ends_at: datetime) -> QuerySet[Action]:
    earlier = Q(meeting__starts_at__lt=starts_at, meeting__layer__in=sorted(_visible_layers_in(layer)))
    return (
        # A case's actions stay with the case (need-to-know): they are followed up on the case page.
        Action.objects.filter(team=team_id, status=Action.Status.OPEN, case__isnull=True)
        .filter(earlier | Q(meeting__isnull=True, created__lt=ends_at))
        .select_related("owner", "meeting")
        .order_by("due_date", "pk")
    )


# Per layer of the meeting (the layers whose actions it carries): compiled once (see core.prepared).
_OPEN_ACTIONS_BEFORE = {
    layer: PreparedQuery(
        lambda team_id, starts_at, ends_at, layer=layer: _open_actions_before(
            team_id=team_id, layer=layer, starts_at=starts_at, ends_at=ends_at
        ),
        team_id=int,
        starts_at=datetime,
        ends_at=datetime,
    )
    for layer in Team.Layer.values
}


def open_actions_before(*, meeting: Meeting) -> list[Action]:
    """The open actions the meeting carries on its agenda: open actions of earlier meetings of layers that
    this meeting's participants see, and of the team's workshops."""
    actions = _OPEN_ACTIONS_BEFORE[meeting.layer].fetch(
        team_id=meeting.team_id, starts_at=meeting.starts_at, ends_at=meeting.ends_at
    )
    for action in actions:
        action.team = meeting.team
    return actions


def _visible_layers_in(layer: str) -> set[str]:
    """Layers whose actions every participant of a meeting of this layer may see: a core meeting sees core and
    wider actions, a wider meeting only wider ones, a steering meeting only its own."""
    participant_layers = [member for member, seen in MEETING_LAYERS_OF.items() if layer in seen]
    visible = set(Team.Layer.values)
    for member in participant_layers:
        visible &= MEETING_LAYERS_OF[member]
    return visible


_NEXT_MEETING_OF_LAYER = PreparedQuery(
    lambda team_id, layer, starts_at: Meeting.objects.filter(
        team=team_id, layer=layer, status=Meeting.Status.PLANNED, starts_at__gt=starts_at
    ).order_by("starts_at")[:1],
    team_id=int,
    layer=str,
    starts_at=datetime,
)


def next_meeting_of_layer(*, meeting: Meeting) -> Meeting | None:
    """The same layer's next planned meeting: where "whom do we invite on the empty chair next time" leads."""
    found = _NEXT_MEETING_OF_LAYER.fetch(team_id=meeting.team_id, layer=meeting.layer, starts_at=meeting.starts_at)
    if not found:
        return None
    found[0].team = meeting.team
    return found[0]


_MEETING_GUESTS = PreparedQuery(
    lambda meeting_id: Guest.objects.filter(meeting=meeting_id).select_related("user"), meeting_id=int
)


def meeting_guests(*, meeting: Meeting) -> list[Guest]:
    """The meeting's guests with their accounts, oldest invitation first."""
    guests = _MEETING_GUESTS.fetch(meeting_id=meeting.pk)
    for guest in guests:
        guest.meeting = meeting
    return guests


def guest_candidates(*, meeting: Meeting) -> QuerySet[User]:
    """Who can be invited on the empty chair: people around the school who do not already take part."""
    participants = meeting_invitee_users(meeting=meeting)
    invited = meeting.guests.values("user")
    return people_around(team=meeting.team).exclude(pk__in=participants).exclude(pk__in=invited)


def meeting_invitees(meeting: Meeting) -> QuerySet[Stakeholder]:
    """The members invited to a meeting: those whose layer sees the meeting's layer (core members attend
    the wider team as well)."""
    layers = [layer for layer, seen in MEETING_LAYERS_OF.items() if meeting.layer in seen]
    return meeting.team.stakeholders.filter(layer__in=layers)


def meeting_invitee_users(*, meeting: Meeting) -> set[int]:
    return {pk for pk in meeting_invitees(meeting).values_list("user", flat=True) if pk}


def meeting_attendance(*, meeting: Meeting) -> list[tuple[Stakeholder, Any]]:
    recorded = {a.stakeholder_id: a for a in meeting.attendances.all()}
    return [(s, recorded.get(s.pk)) for s in meeting_invitees(meeting).select_related("organisation")]


def guest_get(*, user: User, uuid: UUID) -> Guest:
    guest = Guest.objects.select_related("meeting__team__school", "user").filter(uuid=uuid).first()
    if guest is None or not can_run_meeting(user, guest.meeting):
        raise Http404
    return guest


_PREVIOUS_MEETING_START = PreparedQuery(
    lambda team_id, layer, starts_at: Meeting.objects.filter(team=team_id, layer=layer, starts_at__lt=starts_at)
    .exclude(status=Meeting.Status.CANCELLED)
    .order_by("-starts_at")
    .only("starts_at")[:1],
    team_id=int,
    layer=str,
    starts_at=datetime,
)


def _new_pupils(enrolments: QuerySet[Enrolment], *, school_id: int, since: date, until: date) -> QuerySet[Enrolment]:
    return (
        enrolments.filter(school=school_id, enrolled_from__gt=since, enrolled_from__lte=until)
        .select_related("pupil")
        .only("group", "enrolled_from", "pupil__uuid", "pupil__given_name", "pupil__family_name")
        .order_by("group", "pupil__family_name", "pk")[:100]
    )


# `enrolments_visible_to` for a user who sees the whole school: its current enrolments.
_NEW_PUPILS_OF_SCHOOL = PreparedQuery(
    lambda school_id, since, until, on: _new_pupils(
        Enrolment.objects.filter(_active_on(on)), school_id=school_id, since=since, until=until
    ),
    school_id=int,
    since=date,
    until=date,
    on=date,
)


def new_pupils_for(*, user: User, meeting: Meeting) -> list[Enrolment]:
    """The fixed item "nieuwe instromers": pupils enrolled at the school since the previous meeting of the
    same layer (or six weeks before), through the pupils access layer; logged per pupil shown."""
    found = _PREVIOUS_MEETING_START.fetch(team_id=meeting.team_id, layer=meeting.layer, starts_at=meeting.starts_at)
    previous = found[0].starts_at if found else None
    until = timezone.localtime(meeting.starts_at).date()
    since = timezone.localtime(previous).date() if previous else until - timedelta(weeks=6)
    school_id = meeting.team.school_id
    if school_id in access_scope(user=user).school_ids:
        # The user sees every pupil of the school (the usual case): its enrolments are what the access layer
        # would give, read by a prepared query.
        rows = _NEW_PUPILS_OF_SCHOOL.fetch(school_id=school_id, since=since, until=until, on=timezone.localdate())
    else:
        rows = list(_new_pupils(enrolments_visible_to(user=user), school_id=school_id, since=since, until=until))
    if rows:
        access_log_write(
            user=user,
            event_type="pupil.list",
            action=LogAction.READ,
            object_type="pupil",
            object_ids=[(str(e.pupil.uuid), e.pupil.uuid) for e in rows],
            purpose="IPT-overleg: nieuwe instromers",
            authorisation="relatie met de school van de leerling (lidmaatschap met rol)",
        )
    return rows


# ---------------------------------------------------------------------------------------------------------
# Actions


# What the team page and the actions page show of an action, its owner and its meeting.
ACTION_LIST_FIELDS = (
    "uuid",
    "team",
    "case",
    "workshop",
    "description",
    "due_date",
    "status",
    "version",
    "owner__username",
    "owner__first_name",
    "owner__last_name",
    "meeting__starts_at",
)


def actions_of(*, user: User, team: Team, status: str | None = None) -> QuerySet[Action]:
    """Managers and members: the team's actions (of the meetings they see); staff: their own. Only the
    columns the lists show are read (`ACTION_LIST_FIELDS`)."""
    access = team_access(user, team)
    scope, layers = _action_scope(access)
    actions = _actions_in_scope(team.actions.all(), user_id=user.pk, scope=scope, layers=layers)
    return actions.filter(status=status) if status else actions


def _action_scope(access: TeamAccess) -> tuple[str, frozenset[str]]:
    """"all" (managers), "layers" (members: the actions of the meetings of `layers`) or "own"."""
    if not access.sees_all_actions:
        return "own", frozenset()
    return ("all", frozenset()) if access.manage else ("layers", access.meeting_layers)


def _actions_in_scope(
    actions: QuerySet[Action], *, user_id: int, scope: str, layers: frozenset[str]
) -> QuerySet[Action]:
    actions = actions.select_related("owner", "meeting").only(*ACTION_LIST_FIELDS)
    # A case's actions are need-to-know: in the team's list only their owner sees them.
    actions = actions.filter(Q(case__isnull=True) | Q(owner=user_id))
    if scope == "own":
        actions = actions.filter(owner=user_id)
    elif scope == "layers":
        actions = actions.filter(Q(meeting__isnull=True) | Q(meeting__layer__in=sorted(layers)) | Q(owner=user_id))
    return actions.order_by("status", "due_date", "pk")


def action_list(*, user: User, team: Team, status: str | None = None, limit: int | None = None) -> list[Action]:
    """`actions_of(...)[:limit]` as a list, read by a prepared query per scope, set of layers, with or without a
    status, and length."""
    scope, layers = _action_scope(team_access(user, team))

    def build(team_id: int, user_id: int, status: str = "") -> QuerySet[Action]:
        actions = _actions_in_scope(Action.objects.filter(team=team_id), user_id=user_id, scope=scope, layers=layers)
        return (actions.filter(status=status) if status else actions)[:limit]

    parameters: dict[str, type] = {"team_id": int, "user_id": int, **({"status": str} if status else {})}
    query = prepared_shape(("teams.action_list", scope, layers, bool(status), limit), build, **parameters)
    actions = query.fetch(team_id=team.pk, user_id=user.pk, **({"status": status} if status else {}))
    for action in actions:
        action.team = team
    return actions


def action_get(*, user: User, uuid: UUID) -> Action:
    action = Action.objects.select_related("team__school", "owner", "meeting").filter(uuid=uuid).first()
    if action is None or not can_view_action(user, action):
        raise Http404
    return action


def my_open_actions(*, user: User) -> QuerySet[Action]:
    """The user's open actions in teams they may still see."""
    if not user.is_authenticated:
        return Action.objects.none()
    return (
        Action.objects.filter(owner=user, status=Action.Status.OPEN, team__in=teams_visible_to(user=user))
        .select_related("team__school")
        .order_by("due_date", "pk")
    )


def action_owner_candidates(*, team: Team) -> QuerySet[User]:
    """Who can own an action: members and people with an account among the involved, and the school's staff."""
    linked = team.stakeholders.filter(user__isnull=False).values("user")
    today = timezone.localdate()
    staff = (
        User.objects.filter(memberships__school=team.school_id)
        .filter(Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today))
        .exclude(memberships__role__in=AGGREGATE_ONLY_ROLES)
    )
    return (
        User.objects.filter(is_active=True)
        .filter(Q(pk__in=linked) | Q(pk__in=staff.values("pk")) | Q(pk__in=_manager_users(team).values("pk")))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def _manager_users(team: Team) -> QuerySet[User]:
    today = timezone.localdate()
    return User.objects.filter(
        Q(memberships__school=team.school_id) | Q(memberships__organisation__in=team.school.partners.all()),
        memberships__role__in=MANAGER_ROLES,
    ).filter(Q(memberships__valid_until__isnull=True) | Q(memberships__valid_until__gte=today))


# ---------------------------------------------------------------------------------------------------------
# Agreements


@dataclass
class AgreementView:
    topic: str
    label: str
    current: TeamAgreement | None


def _latest_agreements(team_id: int) -> QuerySet[TeamAgreement]:
    newer = TeamAgreement.objects.filter(
        team=OuterRef("team"), topic=OuterRef("topic"), version__gt=OuterRef("version")
    )
    return (
        TeamAgreement.objects.filter(team=team_id)
        .filter(~Exists(newer))
        .select_related("recorded_by")
        .only(
            "team",
            "topic",
            "text",
            "version",
            "created",
            "recorded_by__username",
            "recorded_by__first_name",
            "recorded_by__last_name",
        )
    )


_LATEST_AGREEMENTS = PreparedQuery(_latest_agreements, team_id=int)


def agreements_current(*, team: Team) -> list[AgreementView]:
    """Every topic with its latest version, if any; only the latest versions and the columns shown are read
    (no DISTINCT ON: the demo runs on SQLite), by a prepared query."""
    latest = {agreement.topic: agreement for agreement in _LATEST_AGREEMENTS.fetch(team_id=team.pk)}
    for agreement in latest.values():
        agreement.team = team
    return [
        AgreementView(topic=topic, label=str(label), current=latest.get(topic))
        for topic, label in TeamAgreement.Topic.choices
    ]


def agreement_latest(*, team: Team, topic: str) -> TeamAgreement | None:
    if topic not in TeamAgreement.Topic.values:
        raise Http404
    return team.agreements.filter(topic=topic).select_related("recorded_by").order_by("-version").first()


@dataclass
class AgreementChange:
    agreement: TeamAgreement
    label: str
    diff: list[tuple[str, str]]  # ("equal"|"insert"|"delete", text)


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    before, after = (old.split(" ") if old else []), (new.split(" ") if new else [])
    parts: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", " ".join(before[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(("delete", " ".join(before[i1:i2])))
        if op in ("insert", "replace"):
            parts.append(("insert", " ".join(after[j1:j2])))
    return parts


def agreement_history(*, team: Team, topic: str | None = None) -> list[AgreementChange]:
    """Every change, newest first, with what changed in words compared with the version before."""
    agreements = team.agreements.select_related("recorded_by").order_by("topic", "version")
    if topic:
        agreements = agreements.filter(topic=topic)
    previous: dict[str, str] = {}
    changes = []
    for agreement in agreements:
        changes.append(
            AgreementChange(
                agreement=agreement,
                label=agreement.get_topic_display(),
                diff=_word_diff(previous.get(agreement.topic, ""), agreement.text),
            )
        )
        previous[agreement.topic] = agreement.text
    return sorted(changes, key=lambda change: (change.agreement.created, change.agreement.pk), reverse=True)


# ---------------------------------------------------------------------------------------------------------
# Measurements


def assessment_get(*, user: User, uuid: UUID, figures: bool = False) -> TeamAssessment:
    """A measurement of a team the user manages or is a member of; with `figures`, annotated as
    `assessments_of` annotates."""
    if figures:
        found = _ASSESSMENT_WITH_FIGURES.fetch(uuid=uuid, user_id=user.pk)
    else:
        found = list(_assessments_with_team().filter(uuid=uuid))
    if not found:
        raise Http404
    assessment = found[0]
    access = team_access(user, assessment.team)
    if not (access.manage or access.is_member):
        raise Http404
    return assessment


def _with_figures(assessments: QuerySet[TeamAssessment], *, user: User) -> QuerySet[TeamAssessment]:
    """Counted in a subquery rather than by a join and GROUP BY over every selected column, which takes
    PostgreSQL longer to plan and to run. The subquery is a plain COUNT (a Func, not an aggregate: no GROUP BY,
    and 0 rather than no row for a measurement without answers), which is also cheaper to build."""
    participations = AssessmentParticipation.objects.filter(assessment=OuterRef("pk")).order_by()
    return assessments.annotate(
        respondents=Subquery(
            participations.annotate(n=Func("pk", function="COUNT")).values("n"), output_field=IntegerField()
        ),
        responded=Exists(participations.filter(user=user)),
    )


def _assessments_with_team() -> QuerySet[TeamAssessment]:
    return TeamAssessment.objects.select_related("team__school", "workshop")


# The measurement pages read these on every view: compiled once (see core.prepared).
_ASSESSMENT_WITH_FIGURES = PreparedQuery(
    lambda uuid, user_id: _with_figures(_assessments_with_team(), user=User(pk=user_id)).filter(uuid=uuid),
    uuid=UUID,
    user_id=int,
)
_ASSESSMENTS_OF_TEAM = PreparedQuery(
    lambda team_id, user_id: _with_figures(TeamAssessment.objects.filter(team=team_id), user=User(pk=user_id)).order_by(
        "created", "pk"
    ),
    team_id=int,
    user_id=int,
)


def assessments_of(*, user: User, team: Team) -> list[TeamAssessment]:
    """The team's measurements, oldest first, each with its number of respondents (`respondents`) and whether
    the user responded (`responded`), in one query."""
    assessments = _ASSESSMENTS_OF_TEAM.fetch(team_id=team.pk, user_id=user.pk)
    for assessment in assessments:
        assessment.team = team
    return assessments


@dataclass
class ItemResult:
    key: str
    text: str
    kind: str  # "statement" | "aspect"
    means: list[float | None]  # one per measurement
    counts: list[int]

    @property
    def cells(self) -> list[tuple[float | None, int]]:
        return list(zip(self.means, self.counts, strict=True))


@dataclass
class Growth:
    assessments: list[TeamAssessment]
    respondents: list[int]
    shown: list[bool]  # enough respondents to show the result
    items: list[ItemResult]


def _mean(scores: list[int]) -> float:
    """What `statistics.mean` gives for whole scores (an int when the mean is whole, as the page prints "4" in
    the chart then), without its exact fractions, which cost most of the growth table."""
    total, count = sum(scores), len(scores)
    return total // count if total % count == 0 else total / count


def team_growth(*, team: Team, assessments: list[TeamAssessment] | None = None) -> Growth:
    """The mean score per statement and aspect per measurement, oldest first; a measurement's figures are
    shown only with at least MIN_RESPONDENTS respondents."""
    assessments = (
        assessments
        if assessments is not None
        else list(team.assessments.annotate(respondents=Count("participations")).order_by("created", "pk"))
    )
    respondents = [a.respondents if hasattr(a, "respondents") else a.participations.count() for a in assessments]
    shown = [n >= MIN_RESPONDENTS for n in respondents]
    scores: dict[tuple[int, str], list[int]] = {}
    for assessment_id, item, score in AssessmentScore.objects.filter(
        assessment__in=[a for a, ok in zip(assessments, shown, strict=True) if ok]
    ).values_list("assessment", "item", "score"):
        scores.setdefault((assessment_id, item), []).append(score)
    items = []
    for kind, source in (("statement", content.STATEMENTS), ("aspect", content.ASPECTS)):
        for entry in source:
            values = [scores.get((a.pk, entry.key), []) for a in assessments]
            items.append(
                ItemResult(
                    key=entry.key,
                    text=str(entry.text),
                    kind=kind,
                    means=[round(_mean(v), 1) if v and ok else None for v, ok in zip(values, shown, strict=True)],
                    counts=[len(v) if ok else 0 for v, ok in zip(values, shown, strict=True)],
                )
            )
    return Growth(assessments=assessments, respondents=respondents, shown=shown, items=items)


# ---------------------------------------------------------------------------------------------------------
# Workshops


def workshop_get(*, user: User, uuid: UUID) -> AmbitionWorkshop:
    workshop = (
        AmbitionWorkshop.objects.select_related("team__school", "facilitator", "meeting").filter(uuid=uuid).first()
    )
    if workshop is None:
        raise Http404
    access = team_access(user, workshop.team)
    if not (access.manage or access.is_member):
        raise Http404
    return workshop


def workshop_is_facilitator(*, user: User, workshop: AmbitionWorkshop) -> bool:
    return can_facilitate_workshop(user, workshop)


@dataclass
class Cluster:
    name: str
    notes: list[WorkshopNote]


@dataclass
class Ring:
    step: content.WorkshopStep
    clusters: list[Cluster]
    count: int


def workshop_board(*, workshop: AmbitionWorkshop) -> list[Ring]:
    """The notes per ring (step 1–7), grouped by the facilitator's groups (ungrouped last)."""
    notes = list(workshop.notes.select_related("author").order_by("step", "created", "pk"))
    rings = []
    for step in content.WORKSHOP_STEPS:
        in_step = [note for note in notes if note.step == step.number]
        names = sorted({note.cluster for note in in_step if note.cluster}, key=str.casefold)
        clusters = [Cluster(name=name, notes=[n for n in in_step if n.cluster == name]) for name in names]
        ungrouped = [note for note in in_step if not note.cluster]
        if ungrouped:
            clusters.append(Cluster(name="", notes=ungrouped))
        rings.append(Ring(step=step, clusters=clusters, count=len(in_step)))
    return rings


def workshop_note_get(*, user: User, uuid: UUID) -> WorkshopNote:
    note = WorkshopNote.objects.select_related("workshop__team__school", "author").filter(uuid=uuid).first()
    if note is None:
        raise Http404
    workshop_get(user=user, uuid=note.workshop.uuid)
    return note


def workshops_of(*, team: Team) -> QuerySet[AmbitionWorkshop]:
    return team.workshops.select_related("facilitator").annotate(note_count=Count("notes")).order_by("-created")


# ---------------------------------------------------------------------------------------------------------
# Notifications and the start page


def notifications_for(*, user: User, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    if not user.is_authenticated:
        return []
    notifications = Notification.objects.filter(user=user)
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return list(notifications.order_by("-created", "-pk")[:limit])


@dataclass
class StartArea:
    has_teams: bool
    notifications: list[Notification]
    unread: int
    next_meetings: list[Meeting]
    actions: list[Action]
    overdue: int
    today: date


def start_area(*, user: User) -> StartArea:
    """What the start page (Mijn overzicht) shows of Team & overleg: unread notifications, the next meetings
    the user takes part in and the user's open actions."""
    today = timezone.localdate()
    unread = Notification.objects.filter(user=user, read_at__isnull=True) if user.is_authenticated else None
    meetings: list[Meeting] = []
    teams = list(teams_visible_to(user=user)[:20])
    for team in teams:
        meetings += list(meetings_of(user=user, team=team, upcoming=True).select_related("team__school")[:2])
    actions = list(my_open_actions(user=user)[:10])
    return StartArea(
        has_teams=bool(teams),
        notifications=list(unread.order_by("-created")[:5]) if unread is not None else [],
        unread=unread.count() if unread is not None else 0,
        next_meetings=sorted(meetings, key=lambda m: m.starts_at)[:3],
        actions=actions,
        overdue=sum(1 for action in actions if action.due_date < today),
        today=today,
    )
