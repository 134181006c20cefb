"""The access layer of the IPT. Default deny. A user sees a team only:
- as its manager: the care coordinator (IB'er) or process facilitator of the school location — everything;
- as a member (a stakeholder with a layer, linked to the user's account, while the user still works at the
  school or at the stakeholder's organisation) — the team and the meetings of their layers;
- as staff of the school (e.g. a teacher) — the team, its agreements and the actions assigned to them;
- as the guest on the empty chair of one meeting — only what that meeting shares, until the meeting is
  closed or its day has ended.
Policy and admin roles get nothing through a membership alone."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import rules
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Membership, Role, User
from werkplaats.accounts.selectors import memberships_active
from werkplaats.core.prepared import PreparedQuery
from werkplaats.organisations.models import School

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
    """How a user may see a team. `member_layers` is read on first use (`read_member_layers`): a manager's
    checks are decided by `manage` and never need it."""

    manage: bool = False
    staff: bool = False
    read_member_layers: Callable[[], frozenset[str]] = field(default=frozenset, repr=False, compare=False)

    @cached_property
    def member_layers(self) -> frozenset[str]:
        return self.read_member_layers()

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


def team_access(user: User, team: Team, layer_rows: list[tuple[str, int | None]] | None = None) -> TeamAccess:
    """How the user may see the team; memoised per request on the user object. Decided on the places where the
    user works today (`places_of`, memoised too), and on the user's rows in the team (one query, when first
    needed; or `layer_rows`, those rows' (layer, organisation id) with a layer, when read with the team)."""
    if user is None or not user.is_authenticated or team is None:
        return NO_ACCESS
    cache: dict[int, TeamAccess] = user.__dict__.setdefault("_team_access", {})
    if team.pk not in cache:
        from werkplaats.consent.selectors import places_of

        places = places_of(user)
        schools = {place.school_id for place in places if place.school_id}
        organisations = {place.organisation_id for place in places if place.organisation_id}
        manage = manages_school_id(user, team.school_id)

        def member_layers() -> frozenset[str]:
            rows = _LAYERS_IN_TEAM.fetch(team_id=team.pk, user_id=user.pk) if layer_rows is None else layer_rows
            return frozenset(layer for layer, organisation in rows if (
                team.school_id in schools if organisation is None else organisation in organisations))

        cache[team.pk] = TeamAccess(manage=manage, staff=team.school_id in schools, read_member_layers=member_layers)
    return cache[team.pk]


def manages_school_id(user: User, school_id: int) -> bool:
    """Whether the user runs the IPT of the school location (`school_manager_scope` for one school): a care
    coordinator or process facilitator of the school, or of an organisation that works there."""
    from werkplaats.consent.selectors import places_of

    places = places_of(user)
    if any(place.school_id == school_id and place.role in MANAGER_ROLES for place in places):
        return True
    organisations = {place.organisation_id for place in places if place.organisation_id and place.role in MANAGER_ROLES}
    return bool(organisations) and School.partners.through.objects.filter(
        school_id=school_id, organisation_id__in=organisations).exists()


def managed_school_ids(user: User) -> set[int]:
    """The school locations whose IPT the user runs (`manages_school_id` for all of them at once)."""
    from werkplaats.consent.selectors import places_of

    places = places_of(user)
    schools = {place.school_id for place in places if place.school_id and place.role in MANAGER_ROLES}
    organisations = {place.organisation_id for place in places if place.organisation_id and place.role in MANAGER_ROLES}
    if organisations:
        schools |= set(School.partners.through.objects.filter(organisation_id__in=organisations).values_list(
            "school_id", flat=True))
    return schools


# The user's stakeholder rows with a layer, in one team and in every team: compiled once (they run on most pages).
_LAYERS_IN_TEAM = PreparedQuery(
    lambda team_id, user_id: Stakeholder.objects.filter(team=team_id, user=user_id).exclude(layer="").values_list(
        "layer", "organisation_id"), team_id=int, user_id=int)
_LAYERS_BY_SCHOOL = PreparedQuery(
    lambda user_id: Stakeholder.objects.filter(user=user_id).exclude(layer="").values_list(
        "team__school_id", "layer", "organisation_id"), user_id=int)


def member_layers_by_school(user: User) -> dict[int, frozenset[str]]:
    """`member_stakeholders` as {school id: layers}: the user's rows with a layer, while the user still works where
    the row says (at the school, or at the row's organisation)."""
    from werkplaats.consent.selectors import places_of

    places = places_of(user)
    schools = {place.school_id for place in places if place.school_id}
    organisations = {place.organisation_id for place in places if place.organisation_id}
    layers: dict[int, set[str]] = {}
    for school_id, layer, organisation_id in _LAYERS_BY_SCHOOL.fetch(user_id=user.pk):
        if school_id in schools if organisation_id is None else organisation_id in organisations:
            layers.setdefault(school_id, set()).add(layer)
    return {school_id: frozenset(found) for school_id, found in layers.items()}


def core_team_of(team: Team) -> QuerySet[User]:
    """Everyone whose `team_access` manages the team or has its core layer, as one query: the managers of the
    school location, and the members of the core layer while they still work where their row says."""
    working = Membership.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=timezone.localdate()),
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()),
    ).exclude(role__in=AGGREGATE_ONLY_ROLES)
    managers = working.filter(role__in=MANAGER_ROLES).filter(
        Q(school=team.school_id) | Q(organisation__in=School.partners.through.objects.filter(
            school=team.school_id).values("organisation"))
    )
    core = team.stakeholders.filter(layer=Team.Layer.CORE, user__isnull=False).filter(
        Q(organisation__isnull=True, user__in=working.filter(school=team.school_id).values("user"))
        | Q(Exists(working.filter(user=OuterRef("user"), organisation=OuterRef("organisation"))),
            organisation__isnull=False)
    )
    return User.objects.filter(Q(pk__in=managers.values("user")) | Q(pk__in=core.values("user")))


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
