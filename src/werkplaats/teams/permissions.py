"""The access layer of the IPT. Default deny. A user sees a team only:
- as its manager: the care coordinator (IB'er) or process facilitator of the school location — everything;
- as a member (a stakeholder with a layer, linked to the user's account, while the user still works at the
  school or at the stakeholder's organisation) — the team and the meetings of their layers;
- as staff of the school (e.g. a teacher) — the team, its agreements and the actions assigned to them;
- as the guest on the empty chair of one meeting — only what that meeting shares, until the meeting is
  closed or its day has ended.
Policy and admin roles get nothing through a membership alone."""

from dataclasses import dataclass

import rules
from django.db.models import Q
from django.utils import timezone

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Role, User
from werkplaats.accounts.selectors import memberships_active

from .models import Action, AmbitionWorkshop, Guest, Meeting, Stakeholder, Team, TeamAssessment
from .workflow import MEETING_ACTIVE

MANAGER_ROLES = (Role.CARE_COORDINATOR, Role.PROCESS_FACILITATOR)

# A member of a layer sees the meetings of these layers: the wider team includes the core team.
MEETING_LAYERS_OF: dict[str, frozenset[str]] = {
    Team.Layer.CORE: frozenset({Team.Layer.CORE, Team.Layer.WIDER}),
    Team.Layer.WIDER: frozenset({Team.Layer.WIDER}),
    Team.Layer.STEERING: frozenset({Team.Layer.STEERING}),
}
ALL_LAYERS = frozenset(Team.Layer.values)


@dataclass(frozen=True)
class TeamAccess:
    manage: bool = False
    member_layers: frozenset[str] = frozenset()
    staff: bool = False

    @property
    def is_member(self) -> bool:
        return bool(self.member_layers)

    @property
    def can_view(self) -> bool:
        return self.manage or self.is_member or self.staff

    @property
    def meeting_layers(self) -> frozenset[str]:
        if self.manage:
            return ALL_LAYERS
        layers: frozenset[str] = frozenset()
        for layer in self.member_layers:
            layers |= MEETING_LAYERS_OF[layer]
        return layers

    @property
    def sees_all_actions(self) -> bool:
        return self.manage or self.is_member


NO_ACCESS = TeamAccess()


def _working_memberships(user: User):
    return memberships_active(user=user).exclude(role__in=AGGREGATE_ONLY_ROLES)


def school_manager_scope(user: User, prefix: str = "") -> Q:
    """School locations whose IPT the user manages (as care coordinator or process facilitator of the school,
    or of an organisation that works there), as a filter on School (or on Team with prefix "school__")."""
    memberships = _working_memberships(user).filter(role__in=MANAGER_ROLES)
    return Q(**{f"{prefix}pk__in": memberships.filter(school__isnull=False).values("school")}) | Q(
        **{f"{prefix}partners__in": memberships.filter(organisation__isnull=False).values("organisation")}
    )


def member_stakeholders(user: User):
    """The user's stakeholder rows with a layer, while the user still works where the row says."""
    memberships = _working_memberships(user)
    return Stakeholder.objects.filter(user=user).exclude(layer="").filter(
        Q(organisation__isnull=True, team__school__in=memberships.filter(school__isnull=False).values("school"))
        | Q(organisation__in=memberships.filter(organisation__isnull=False).values("organisation"))
    )


def staff_scope(user: User) -> Q:
    return Q(school__in=_working_memberships(user).filter(school__isnull=False).values("school"))


def team_access(user: User, team: Team) -> TeamAccess:
    """How the user may see the team; memoised per request on the user object."""
    if user is None or not user.is_authenticated or team is None:
        return NO_ACCESS
    cache: dict[int, TeamAccess] = user.__dict__.setdefault("_team_access", {})
    if team.pk not in cache:
        teams = Team.objects.filter(pk=team.pk)
        cache[team.pk] = TeamAccess(
            manage=teams.filter(school_manager_scope(user, "school__")).exists(),
            member_layers=frozenset(member_stakeholders(user).filter(team=team).values_list("layer", flat=True)),
            staff=teams.filter(staff_scope(user)).exists(),
        )
    return cache[team.pk]


def active_guest(user: User, meeting: Meeting) -> Guest | None:
    """The user's invitation to this meeting while it gives access: the meeting is not closed or cancelled,
    the access was not ended, and the meeting's day (Europe/Amsterdam) has not passed."""
    if user is None or not user.is_authenticated or meeting.status not in MEETING_ACTIVE:
        return None
    if timezone.localtime(meeting.ends_at).date() < timezone.localdate():
        return None
    return Guest.objects.filter(meeting=meeting, user=user, access_ended_at__isnull=True).first()


@rules.predicate
def can_view_team(user, team: Team) -> bool:
    return team_access(user, team).can_view


@rules.predicate
def can_manage_team(user, team: Team) -> bool:
    return team_access(user, team).manage


@rules.predicate
def can_see_team_work(user, team: Team) -> bool:
    """Meetings, all actions, measurements and workshops: managers and members."""
    access = team_access(user, team)
    return access.manage or access.is_member


@rules.predicate
def can_raise_urgent_meeting(user, team: Team) -> bool:
    access = team_access(user, team)
    return access.manage or Team.Layer.CORE in access.member_layers


@rules.predicate
def can_take_part_in_meeting(user, meeting: Meeting) -> bool:
    return meeting.layer in team_access(user, meeting.team).meeting_layers


@rules.predicate
def can_view_meeting(user, meeting: Meeting) -> bool:
    return can_take_part_in_meeting(user, meeting) or active_guest(user, meeting) is not None


@rules.predicate
def can_run_meeting(user, meeting: Meeting) -> bool:
    """Change status and time, invite guests, share items: the managers, and whoever raised an urgent meeting."""
    if team_access(user, meeting.team).manage:
        return True
    return meeting.kind == Meeting.Kind.URGENT and meeting.raised_by_id == user.pk and can_take_part_in_meeting(
        user, meeting
    )


@rules.predicate
def can_view_action(user, action: Action) -> bool:
    """Managers; the owner while they can see the team; members for the meetings they see; and for the action of
    a case (cases app), who works on that case."""
    if action.case_id is not None:
        from werkplaats.cases.permissions import case_access  # the cases app builds on this module

        if case_access(user, action.case).can_edit:
            return True
    access = team_access(user, action.team)
    if access.manage or (action.owner_id == user.pk and access.can_view):
        return True
    if not access.is_member:
        return False
    return action.meeting_id is None or action.meeting.layer in access.meeting_layers


can_update_action = can_view_action


@rules.predicate
def can_take_part_in_workshop(user, workshop: AmbitionWorkshop) -> bool:
    return can_see_team_work(user, workshop.team)


@rules.predicate
def can_facilitate_workshop(user, workshop: AmbitionWorkshop) -> bool:
    return workshop.facilitator_id == user.pk or can_manage_team(user, workshop.team)


@rules.predicate
def can_respond_to_assessment(user, assessment: TeamAssessment) -> bool:
    return can_see_team_work(user, assessment.team)


rules.add_perm("teams.view_team", can_view_team)
rules.add_perm("teams.manage_team", can_manage_team)
rules.add_perm("teams.view_meeting", can_view_meeting)
rules.add_perm("teams.take_part_in_meeting", can_take_part_in_meeting)
rules.add_perm("teams.run_meeting", can_run_meeting)
rules.add_perm("teams.view_action", can_view_action)
rules.add_perm("teams.facilitate_workshop", can_facilitate_workshop)



@rules.predicate
def can_start_team(user, school) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return type(school).objects.filter(pk=school.pk).filter(school_manager_scope(user)).exists()


rules.add_perm("teams.start_team", can_start_team)
