"""The access layer of the IPT: an allowed and a denied case per rule; missing and forbidden both 404."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone
from freezegun import freeze_time

from tests.factories import EnrolmentFactory, OrganisationFactory, user_with_role
from tests.teams.conftest import at
from werkplaats.accounts.models import Membership, Role
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases.permissions import forget_case_access
from werkplaats.organisations.models import Organisation
from werkplaats.teams import permissions, selectors, services
from werkplaats.teams.models import Meeting, Stakeholder, Team

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same user without the per-request memos of the access layers (as in a new request)."""
    forget_case_access(user)
    return user


def test_who_sees_the_team(ipt):
    region = ipt.region
    visible = [region.ib, region.facilitator, region.nurse, region.director, region.gp_support, region.teacher]
    for user in visible:
        assert list(selectors.teams_visible_to(user=user)) == [ipt.team], user
        assert permissions.can_view_team(user, ipt.team)
    for user in (region.outsider, region.adviser):
        assert not selectors.teams_visible_to(user=user).exists(), user
        assert not permissions.can_view_team(user, ipt.team)
        with pytest.raises(Http404):
            selectors.team_get(user=user, uuid=ipt.team.uuid)
    with pytest.raises(Http404):
        selectors.team_get(user=region.ib, uuid=region.school.uuid)  # missing: the same 404


def test_managers_are_the_care_coordinator_and_the_process_facilitator_of_the_school(ipt):
    region = ipt.region
    assert permissions.can_manage_team(region.ib, ipt.team)
    assert permissions.can_manage_team(region.facilitator, ipt.team)
    assert not permissions.can_manage_team(region.nurse, ipt.team)
    assert not permissions.can_manage_team(region.outsider, ipt.team)
    assert list(selectors.schools_without_team(user=region.outsider)) == [region.other_school]
    assert not selectors.schools_without_team(user=region.ib).exists()


def test_teachers_see_the_team_and_agreements_and_only_their_own_actions(ipt, meeting):
    region = ipt.region
    due = timezone.localdate()
    mine = services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Observeren",
                                  owner=region.teacher, due_date=due)
    services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Bellen",
                           owner=region.nurse, due_date=due)
    access = permissions.team_access(region.teacher, ipt.team)
    assert access.staff and not access.is_member and not access.manage
    assert list(selectors.actions_of(user=region.teacher, team=ipt.team)) == [mine]
    assert permissions.can_view_action(region.teacher, mine)
    assert not permissions.can_see_team_work(region.teacher, ipt.team)
    assert not selectors.meetings_of(user=region.teacher, team=ipt.team).exists()
    with pytest.raises(Http404):
        selectors.meeting_get(user=region.teacher, uuid=meeting.uuid)
    assert selectors.actions_of(user=region.nurse, team=ipt.team).count() == 2


def test_layers_see_their_own_meetings_the_wider_team_includes_the_core(ipt, meeting):
    region = ipt.region
    wider = services.meeting_plan(actor=region.ib, team=ipt.team, layer="wider", starts_at=at(9), ends_at=at(9, 10))
    steering = services.meeting_plan(actor=region.ib, team=ipt.team, layer="steering", starts_at=at(9, 14),
                                     ends_at=at(9, 15))
    seen = {
        user.first_name: set(selectors.meetings_of(user=user, team=ipt.team))
        for user in (region.ib, region.nurse, region.gp_support)
    }
    assert seen == {"Ilse": {meeting, wider, steering}, "Nora": {meeting, wider}, "Greet": {wider}}
    assert permissions.can_take_part_in_meeting(region.nurse, wider)
    assert not permissions.can_take_part_in_meeting(region.gp_support, meeting)
    assert not permissions.can_take_part_in_meeting(region.nurse, steering)
    assert set(selectors.meeting_invitee_users(meeting=wider)) == {
        region.ib.pk, region.nurse.pk, region.director.pk, region.gp_support.pk}


def test_a_member_who_leaves_the_organisation_loses_access(ipt, meeting):
    nurse = ipt.region.nurse
    assert permissions.can_take_part_in_meeting(nurse, meeting)
    Membership.objects.filter(user=nurse).update(valid_until=timezone.localdate() - datetime.timedelta(days=1))
    assert not permissions.can_view_team(fresh(nurse), ipt.team)
    assert not selectors.teams_visible_to(user=nurse).exists()


def test_urgent_meetings_are_raised_by_core_members_and_run_by_who_raised_them(ipt):
    region = ipt.region
    assert permissions.can_raise_urgent_meeting(region.director, ipt.team)
    assert not permissions.can_raise_urgent_meeting(region.gp_support, ipt.team)
    assert not permissions.can_raise_urgent_meeting(region.teacher, ipt.team)
    urgent = services.meeting_plan_urgent(actor=region.director, team=ipt.team, starts_at=at(1, 8),
                                          duration_minutes=30, online_url="https://meet.example.org/a", reason="")
    assert permissions.can_run_meeting(region.director, urgent)
    assert not permissions.can_run_meeting(region.nurse, urgent)


def test_the_guest_sees_only_what_the_meeting_shares_and_only_that_day(ipt, meeting):
    region = ipt.region
    guest_user = region.gp_support
    with pytest.raises(Http404):
        selectors.meeting_get(user=guest_user, uuid=meeting.uuid)
    services.guest_invite(actor=region.ib, meeting=meeting, user=guest_user, purpose="Meedenken over Bas")
    shared = meeting.agenda_items.get(kind="concerns")
    services.agenda_item_share(actor=region.ib, item=shared, shared=True)
    view = selectors.meeting_get(user=guest_user, uuid=meeting.uuid)
    assert view.is_guest and not view.participant and not view.runner
    assert selectors.agenda_of(view=view).items == [shared]
    entry = AccessLogEntry.objects.filter(event_type="team.meeting.guest_view").get()
    assert entry.outcome == "allowed" and entry.object_id == str(meeting.uuid) and "gast" in entry.authorisation
    with pytest.raises(Http404):
        selectors.agenda_item_get(user=guest_user, uuid=shared.uuid)  # guests read, they do not write
    day_after = timezone.localtime(meeting.ends_at) + datetime.timedelta(days=1)
    with freeze_time(day_after):
        with pytest.raises(Http404):
            selectors.meeting_get(user=guest_user, uuid=meeting.uuid)
    refused = AccessLogEntry.objects.filter(event_type="team.meeting.view", outcome="refused")
    assert refused.count() == 2  # before the invitation and the day after


def test_closing_the_meeting_ends_the_guest_access_at_once(ipt, meeting):
    region = ipt.region
    services.guest_invite(actor=region.ib, meeting=meeting, user=region.gp_support, purpose="Meedenken")
    assert selectors.meeting_get(user=region.gp_support, uuid=meeting.uuid).is_guest
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.IN_PROGRESS)
    services.meeting_transition(actor=region.ib, meeting=meeting, to=Meeting.Status.CLOSED)
    with pytest.raises(Http404):
        selectors.meeting_get(user=region.gp_support, uuid=meeting.uuid)


def test_opening_a_meeting_is_logged(ipt, meeting):
    selectors.meeting_get(user=ipt.region.nurse, uuid=meeting.uuid)
    entry = AccessLogEntry.objects.get(event_type="team.meeting.view")
    assert (entry.user_name, entry.outcome, entry.purpose) == ("Nora Jansen", "allowed", "IPT-overleg")
    selectors.meeting_get(user=ipt.region.nurse, uuid=meeting.uuid, log=False)
    assert AccessLogEntry.objects.filter(event_type="team.meeting.view").count() == 1


def test_new_pupils_on_the_agenda_go_through_the_pupils_access_layer_and_are_logged(ipt, meeting):
    region = ipt.region
    recent = EnrolmentFactory(school=region.school, enrolled_from=timezone.localdate() - datetime.timedelta(days=7))
    EnrolmentFactory(school=region.school, enrolled_from=datetime.date(2020, 8, 1))
    EnrolmentFactory(school=region.other_school, enrolled_from=timezone.localdate())
    rows = selectors.new_pupils_for(user=region.nurse, meeting=meeting)
    assert [row.pupil for row in rows] == [recent.pupil]
    entry = AccessLogEntry.objects.get(event_type="pupil.list")
    assert entry.pupil_uuid == recent.pupil.uuid and "nieuwe instromers" in entry.purpose
    # A member whose organisation no longer works at the school sees no pupils there.
    region.school.partners.remove(region.jgz)
    assert selectors.new_pupils_for(user=fresh(region.nurse), meeting=meeting) == []


def test_members_of_other_organisations_are_not_members_here(ipt):
    police = OrganisationFactory(kind=Organisation.Kind.POLICE)
    agent = user_with_role(Role.YOUTH_DIRECTOR, organisation=police)
    assert not permissions.can_view_team(agent, ipt.team)
    ipt.team.refresh_from_db()
    assert ipt.team.form == Team.Form.CORE_WIDER_STEERING


def test_the_prepared_stakeholder_layers_equal_the_orm(ipt):
    region = ipt.region
    seen = 0
    for user in (region.ib, region.facilitator, region.nurse, region.director, region.gp_support, region.teacher,
                 region.outsider, region.adviser):
        rows = Stakeholder.objects.filter(user=user).exclude(layer="")
        seen += rows.count()
        assert permissions._LAYERS_IN_TEAM.fetch(team_id=ipt.team.pk, user_id=user.pk) == list(
            rows.filter(team=ipt.team).values_list("layer", "organisation_id")), user
        assert permissions._LAYERS_BY_SCHOOL.fetch(user_id=user.pk) == list(
            rows.values_list("team__school_id", "layer", "organisation_id")), user
    assert seen  # the comparison covers users with rows
