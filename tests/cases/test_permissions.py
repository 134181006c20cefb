"""Need-to-know: who sees a case, and on what basis. Each predicate with an allowed and a denied case."""

from datetime import timedelta

import pytest
from django.utils import timezone
from freezegun import freeze_time

from werkplaats.cases import permissions, services
from werkplaats.cases.models import Signal
from werkplaats.cases.permissions import Basis, case_access, signal_access
from werkplaats.consent import services as consent_services
from werkplaats.consent.models import Purpose, Section
from werkplaats.teams import services as team_services

from .helpers import bas_case, bas_signal, fresh


@pytest.fixture
def case(tw):
    return bas_case(tw)


class TestCaseAccess:
    def test_regiehouder_with_consent(self, tw, case):
        access = case_access(fresh(tw.nurse), case)
        assert access.basis == Basis.COORDINATOR and access.can_edit and access.can_manage
        assert len(access.consents) == 1

    def test_member_of_the_school_needs_no_consent(self, tw, case):
        access = case_access(fresh(tw.ib), case)
        assert access.basis == Basis.MEMBER and access.consents == () and access.can_manage

    def test_core_team_without_consent_sees_nothing(self, tw, case):
        assert not case_access(fresh(tw.director), case).can_view

    def test_core_team_with_consent_reads(self, tw, case):
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        access = case_access(fresh(tw.director), case)
        assert access.basis == Basis.CORE_TEAM and access.can_view and not access.can_edit

    def test_wider_team_is_not_the_core_team(self, tw, case):
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        assert not case_access(fresh(tw.gp_support), case).can_view

    @pytest.mark.parametrize("who", ["teacher", "other_ib", "secondary_ib", "adviser", "privacy_officer"])
    def test_others_see_nothing(self, tw, case, who):
        assert not case_access(fresh(getattr(tw, who)), case).can_view

    def test_member_from_outside_without_consent_sees_nothing(self, tw, case):
        """A member row alone is not enough: the consent must name the member's organisation."""
        case.members.create(user=tw.gp_support, added_by=tw.ib)
        assert not case_access(fresh(tw.gp_support), case).can_view

    def test_withdrawal_ends_access_at_once(self, tw, case):
        assert case_access(fresh(tw.nurse), case).can_view
        consent_services.consent_withdraw(actor=tw.ib, consent=tw.bas.consents.get(purpose=Purpose.CASE))
        assert not case_access(fresh(tw.nurse), case).can_view
        assert case_access(fresh(tw.ib), case).can_view  # the school's own member stays

    def test_consent_ends_when_the_pupil_turns_12(self, tw, case):
        twelfth = tw.bas.consents.get(purpose=Purpose.CASE).reask_on
        with freeze_time(twelfth - timedelta(days=1)):
            assert case_access(fresh(tw.nurse), case).can_view
        with freeze_time(twelfth):
            assert not case_access(fresh(tw.nurse), case).can_view

    def test_withheld_sections(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.FAMILY_STORY])
        signal = bas_signal(tw)
        case = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=signal)
        assert case_access(fresh(tw.nurse), case).withheld == {Section.FAMILY_STORY}
        assert case_access(fresh(tw.ib), case).withheld == frozenset()

    def test_emergency_access(self, tw, case):
        assert not case_access(fresh(tw.gp_support), case).can_view
        services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                          reason="Bas vertelde vanochtend dat hij niet naar huis durft.")
        access = case_access(fresh(tw.gp_support), case)
        assert access.basis == Basis.EMERGENCY and access.is_emergency and not access.can_edit
        with freeze_time(timezone.now() + timedelta(hours=25)):
            assert not case_access(fresh(tw.gp_support), case).can_view

    def test_aggregate_roles_never(self, tw, case):
        case.members.create(user=tw.adviser, added_by=tw.ib)
        assert not case_access(fresh(tw.adviser), case).can_view


class TestSignalAccess:
    def test_teacher_raises_to_the_ib(self, tw):
        signal = bas_signal(tw)
        assert signal.addressed_to == tw.ib
        teacher = signal_access(fresh(tw.teacher), signal)
        assert teacher.raiser and not teacher.full and not teacher.consult
        assert signal_access(fresh(tw.ib), signal).consult
        assert signal_access(fresh(tw.nurse), signal).consult

    @pytest.mark.parametrize("who", ["gp_support", "other_ib", "adviser", "privacy_officer"])
    def test_others_do_not_see_a_child_signal(self, tw, who):
        assert not signal_access(fresh(getattr(tw, who)), bas_signal(tw)).can_view

    def test_wider_team_sees_class_signals(self, tw):
        signal = services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.CLASS, group="groep 4",
                                       category="social_emotional", seen_in_school="Onrust in de klas.")
        assert signal_access(fresh(tw.gp_support), signal).full
        assert not signal_access(fresh(tw.other_ib), signal).can_view

    def test_guest_sees_only_a_shared_item_while_invited(self, tw):
        signal = bas_signal(tw)
        meeting = tw.meeting()
        services.signal_schedule(actor=tw.ib, signal=signal, meeting=meeting)
        guest = tw.secondary_ib
        from werkplaats.teams.models import Guest

        Guest.objects.create(meeting=meeting, user=guest, purpose="meedenken", invited_by=tw.ib)
        assert not signal_access(fresh(guest), signal).can_view
        item = meeting.agenda_items.get(signal=signal)
        team_services.agenda_item_share(actor=tw.ib, item=item, shared=True)
        assert signal_access(fresh(guest), signal).guest
        team_services.meeting_transition(actor=tw.ib, meeting=meeting, to="in_progress")
        team_services.meeting_transition(actor=tw.ib, meeting=meeting, to="closed")
        assert not signal_access(fresh(guest), signal).can_view


class TestOtherPredicates:
    def test_emergency_request(self, tw):
        assert permissions.can_request_emergency_access(tw.nurse, tw.bas)
        assert not permissions.can_request_emergency_access(tw.teacher, tw.bas)
        assert not permissions.can_request_emergency_access(tw.other_ib, tw.bas)

    def test_emergency_review(self, tw):
        assert permissions.can_review_emergency_access(tw.privacy_officer, tw.bas)
        assert not permissions.can_review_emergency_access(tw.ib, tw.bas)

    def test_chronology(self, tw, case):
        assert permissions.can_see_chronology(tw.teacher, tw.bas)
        assert permissions.can_see_chronology(tw.nurse, tw.bas)
        assert not permissions.can_see_chronology(tw.other_ib, tw.bas)
        assert not permissions.can_see_chronology(tw.adviser, tw.bas)

    def test_proposals(self, tw):
        assert permissions.can_handle_proposals(tw.director, tw.school)
        assert not permissions.can_handle_proposals(tw.gp_support, tw.school)
        assert not permissions.can_handle_proposals(tw.teacher, tw.school)

    def test_raise_signal(self, tw):
        assert permissions.can_raise_signal(tw.teacher, tw.school)
        assert permissions.can_raise_signal(tw.gp_support, tw.school)
        assert not permissions.can_raise_signal(tw.other_ib, tw.school)
        assert not permissions.can_raise_signal(tw.adviser, tw.school)
