"""Writes of signals, consultations, cases, plans, actions, evaluations, escalations, handovers, emergency access
and collective proposals."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import EnrolmentFactory, PupilFactory
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import services
from werkplaats.cases.models import (
    Case,
    CaseEvent,
    Category,
    CollectiveProposal,
    Consultation,
    EscalationTarget,
    Handover,
    Signal,
)
from werkplaats.cases.permissions import Basis, case_access
from werkplaats.consent import services as consent_services
from werkplaats.consent.models import Purpose, Section
from werkplaats.teams.models import Action, Meeting, Notification
from werkplaats.teams.services import EditConflict

from .helpers import BAS_SEEN, bas_case, bas_signal, fresh
from .twente import at

TODAY = timezone.localdate


class TestSignals:
    def test_teacher_signal_goes_to_the_ib(self, tw):
        signal = bas_signal(tw)
        assert signal.status == Signal.Status.NEW and signal.addressed_to == tw.ib and signal.group == "groep 4"
        assert Notification.objects.filter(user=tw.ib, kind=services.NOTIFY_SIGNAL).exists()
        assert "Bas" not in Notification.objects.get(user=tw.ib).message
        assert AccessLogEntry.objects.filter(event_type="signal.raise", pupil_uuid=tw.bas.uuid).exists()

    def test_core_member_signal_lands_on_the_next_agenda(self, tw):
        meeting = tw.meeting()
        signal = bas_signal(tw, by=tw.nurse)
        assert signal.status == Signal.Status.ON_AGENDA and signal.meeting_uuid == meeting.uuid
        item = meeting.agenda_items.get(signal=signal)
        assert item.kind == "child" and "Bas" not in item.title

    def test_core_member_signal_without_meeting_stays_new(self, tw):
        assert bas_signal(tw, by=tw.nurse).status == Signal.Status.NEW

    def test_any_ipt_member_raises(self, tw):
        """Not only school staff: the GP practice support (wider team) raises one too; it goes to the IB'er."""
        signal = bas_signal(tw, by=tw.gp_support)
        assert signal.addressed_to == tw.ib

    def test_pupil_must_be_visible_and_enrolled(self, tw):
        with pytest.raises(ValidationError, match="Kies een leerling"):
            services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.CHILD,
                                  category=Category.HEALTH, seen_in_school="x", pupil=tw.tina)

    def test_outsider_refused(self, tw):
        with pytest.raises(PermissionDenied):
            bas_signal(tw, by=tw.other_ib)

    def test_school_signal(self, tw):
        signal = services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.SCHOOL,
                                       category=Category.HEALTH, seen_in_school="Veel leerlingen met overgewicht.")
        assert signal.pupil is None and signal.group == ""

    def test_urgent_meeting(self, tw):
        signal = bas_signal(tw)
        meeting = services.signal_urgent_meeting(actor=tw.ib, signal=signal, starts_at=at(1, 8), duration_minutes=30,
                                                 online_url="https://meet.example.org/spoed")
        assert meeting.kind == Meeting.Kind.URGENT and meeting.agenda_items.filter(signal=signal).exists()
        signal.refresh_from_db()
        assert signal.status == Signal.Status.ON_AGENDA

    def test_schedule_needs_a_meeting(self, tw):
        with pytest.raises(ValidationError, match="nog geen volgend kernteamoverleg"):
            services.signal_schedule(actor=tw.ib, signal=bas_signal(tw))

    def test_teacher_cannot_schedule(self, tw):
        tw.meeting()
        with pytest.raises(PermissionDenied):
            services.signal_schedule(actor=tw.teacher, signal=bas_signal(tw))

    def test_withdraw_and_refused_afterwards(self, tw):
        signal = services.signal_withdraw(actor=tw.teacher, signal=bas_signal(tw))
        assert signal.status == Signal.Status.WITHDRAWN
        with pytest.raises(ValidationError, match="kan niet van ‘ingetrokken’"):
            services.signal_withdraw(actor=tw.teacher, signal=signal)


class TestConsultation:
    def test_four_questions_and_advice(self, tw):
        signal = bas_signal(tw)
        consultation = services.consultation_start(actor=tw.ib, signal=signal)
        assert BAS_SEEN in consultation.signals
        assert services.consultation_start(actor=tw.nurse, signal=signal) == consultation
        services.consultation_update(actor=tw.nurse, consultation=consultation, signals=consultation.signals,
                                     already_started="Gesprek met ouders; bestraffen hielp niet.",
                                     active_members=[tw.nurse], active_role_note="gesprek met ouders",
                                     version=consultation.version)
        services.contribution_add(actor=tw.nurse, consultation=consultation,
                                  text="Het gedrag kan samenhangen met de zorgen thuis rond moeder.")
        services.contribution_add(actor=tw.director, consultation=consultation, text="Praktijkondersteuner inzetten.")
        assert consultation.contributions.count() == 2
        services.consultation_conclude(actor=tw.ib, consultation=consultation, outcome=Consultation.Outcome.ADVICE,
                                       advice="Ondersteun Bas meteen bij lastig gedrag in plaats van te straffen.")
        signal.refresh_from_db()
        assert signal.status == Signal.Status.ADVISED and "lastig gedrag" in signal.advice
        assert Notification.objects.filter(user=tw.teacher, kind=services.NOTIFY_SIGNAL).exists()

    def test_stale_version_conflicts(self, tw):
        consultation = services.consultation_start(actor=tw.ib, signal=bas_signal(tw))
        version = consultation.version
        services.consultation_update(actor=tw.nurse, consultation=consultation, signals="a", already_started="",
                                     active_members=[], active_role_note="", version=version)
        with pytest.raises(EditConflict):
            services.consultation_update(actor=tw.ib, consultation=consultation, signals="b", already_started="",
                                         active_members=[], active_role_note="", version=version)
        consultation.refresh_from_db()
        assert consultation.signals == "a"

    def test_active_role_only_for_core_team(self, tw):
        consultation = services.consultation_start(actor=tw.ib, signal=bas_signal(tw))
        with pytest.raises(ValidationError, match="zit niet in het kernteam"):
            services.consultation_update(actor=tw.ib, consultation=consultation, signals="", already_started="",
                                         active_members=[tw.teacher], active_role_note="", version=1)

    def test_teacher_cannot_consult(self, tw):
        with pytest.raises(PermissionDenied):
            services.consultation_start(actor=tw.teacher, signal=bas_signal(tw))

    def test_escalation_outcome(self, tw):
        signal = bas_signal(tw)
        consultation = services.consultation_start(actor=tw.ib, signal=signal)
        services.consultation_conclude(actor=tw.ib, consultation=consultation, outcome="escalation",
                                       escalation_target=EscalationTarget.SUPPORT_TEAM, reason="Past bij het SOT.")
        signal.refresh_from_db()
        assert signal.status == Signal.Status.ESCALATED and signal.escalation == EscalationTarget.SUPPORT_TEAM
        with pytest.raises(ValidationError, match="al besloten"):
            services.consultation_start(actor=tw.ib, signal=signal)

    def test_no_action_and_reopen(self, tw):
        tw.meeting()
        signal = bas_signal(tw)
        consultation = services.consultation_start(actor=tw.ib, signal=signal)
        services.consultation_conclude(actor=tw.ib, consultation=consultation, outcome="no_action")
        signal.refresh_from_db()
        assert signal.status == Signal.Status.NO_ACTION
        services.signal_reopen(actor=tw.ib, signal=signal)
        assert signal.status == Signal.Status.ON_AGENDA

    def test_advice_needs_text(self, tw):
        consultation = services.consultation_start(actor=tw.ib, signal=bas_signal(tw))
        with pytest.raises(ValidationError, match="advies"):
            services.consultation_conclude(actor=tw.ib, consultation=consultation, outcome="advice")


class TestCases:
    def test_open_with_the_nurse_as_regiehouder(self, tw):
        case = bas_case(tw)
        assert case.coordinator == tw.nurse and case.signal.status == Signal.Status.CASE_OPENED
        assert set(case.members.values_list("user", flat=True)) == {tw.ib.pk, tw.nurse.pk}
        assert case.plan.steps.count() == 8
        assert BAS_SEEN in case.plan.steps.get(number=1).answers["q1"]
        assert case.events.filter(kind=CaseEvent.Kind.OPENED).exists()
        assert AccessLogEntry.objects.filter(event_type="case.open", pupil_uuid=tw.bas.uuid).exists()

    def test_regiehouder_from_outside_needs_consent(self, tw):
        with pytest.raises(ValidationError) as refused:
            bas_case(tw, consent=False)
        assert "geen geldige toestemming" in str(refused.value) and "GGD Twente" in str(refused.value)
        assert not Case.objects.exists()

    def test_only_the_core_team_opens(self, tw):
        signal = bas_signal(tw)
        with pytest.raises(PermissionDenied):
            services.case_open(actor=tw.teacher, school=tw.school, pupils=[tw.bas], coordinator=tw.ib,
                               category="behaviour", signal=signal)

    def test_family_case(self, tw):
        """Gezinsaanpak: siblings in one case, visible only to someone who sees them all."""
        EnrolmentFactory(pupil=tw.sara, school=tw.school, group="groep 1")
        case = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas, tw.sara], coordinator=tw.ib,
                                  category=Category.HOME, family_approach=True)
        assert case.family == tw.bas.family and case.pupils.count() == 2
        with pytest.raises(ValidationError, match="één gezin"):
            services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas, tw.classmate], coordinator=tw.ib,
                               category=Category.HOME)

    def test_member_add_refused_without_consent(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="Gemeente Enschede"):
            services.case_member_add(actor=tw.nurse, case=case, user=tw.director)
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.gemeente])
        services.case_member_add(actor=tw.nurse, case=case, user=tw.director, role_in_case="jeugdregisseur")
        assert case_access(fresh(tw.director), case).basis == Basis.MEMBER

    def test_member_add_by_a_plain_member_refused(self, tw):
        case = bas_case(tw)
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.gp])
        services.case_member_add(actor=tw.nurse, case=case, user=tw.gp_support)
        with pytest.raises(PermissionDenied):
            services.case_member_add(actor=fresh(tw.gp_support), case=case, user=tw.teacher)

    def test_remove_member_and_coordinator_stays(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="regiehouder blijft"):
            services.case_member_remove(actor=tw.nurse, case=case, member=case.members.get(user=tw.nurse))
        services.case_member_remove(actor=tw.nurse, case=case, member=case.members.get(user=tw.ib))
        assert not case_access(fresh(tw.ib), case).can_edit

    def test_coordinator_change(self, tw):
        case = bas_case(tw)
        services.case_coordinator_change(actor=tw.nurse, case=case, user=tw.ib)
        assert case.coordinator == tw.ib
        with pytest.raises(ValidationError, match="eerst toe"):
            services.case_coordinator_change(actor=fresh(tw.ib), case=case, user=tw.teacher)

    def test_story_told_once_with_optimistic_locking(self, tw):
        case = bas_case(tw)
        services.case_story_update(actor=tw.nurse, case=case, parents_story="Moeder is veel in het ziekenhuis.",
                                   pupil_voice="Ik word boos als ze me pesten.", version=1)
        with pytest.raises(EditConflict):
            services.case_story_update(actor=tw.ib, case=case, parents_story="Anders", pupil_voice="", version=1)
        case.refresh_from_db()
        assert case.parents_story == "Moeder is veel in het ziekenhuis." and case.story_version == 2

    def test_close_needs_a_note_and_blocks_edits(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="waarom"):
            services.case_transition(actor=tw.nurse, case=case, to=Case.Status.CLOSED)
        services.case_transition(actor=tw.nurse, case=case, to=Case.Status.CLOSED, note="Het gaat goed met Bas.")
        case.refresh_from_db()
        with pytest.raises(ValidationError, match="afgesloten"):
            services.plan_step_save(actor=tw.nurse, case=case, number=3, answers={}, provisional=True, version=1)
        with pytest.raises(ValidationError, match="kan niet van ‘afgesloten’ naar ‘afgesloten’"):
            services.case_transition(actor=tw.nurse, case=case, to=Case.Status.CLOSED, note="x")
        services.case_transition(actor=tw.nurse, case=case, to=Case.Status.OPEN)
        assert case.events.filter(kind=CaseEvent.Kind.REOPENED).exists()

    def test_core_team_reader_cannot_close(self, tw):
        case = bas_case(tw)
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        with pytest.raises(PermissionDenied):
            services.case_transition(actor=fresh(tw.director), case=case, to=Case.Status.CLOSED, note="x")


class TestPlan:
    def test_step_save_and_version(self, tw):
        case = bas_case(tw)
        step = services.plan_step_save(actor=tw.nurse, case=case, number=3, version=1, provisional=False,
                                       answers={"q1": "Bas speelt weer samen op het plein; iedereen is het eens.",
                                                "q2": "Leerkracht, ouders, praktijkondersteuner."})
        assert step.version == 2 and not step.provisional and step.updated_by == tw.nurse
        version = services.plan_version_create(actor=tw.nurse, case=case, note="Eerste versie")
        assert version.number == 1 and version.steps[3]["answers"][0]["answer"].startswith("Bas speelt")
        assert version.steps[3]["plain_title"] == "Waar willen we samen naartoe?"
        assert services.plan_version_create(actor=tw.ib, case=case).number == 2

    def test_unknown_question_refused(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="hoort niet bij stap 0"):
            services.plan_step_save(actor=tw.nurse, case=case, number=0, answers={"q9": "x"}, provisional=True,
                                    version=1)

    def test_two_members_same_version_nothing_lost(self, tw):
        case = bas_case(tw)
        services.plan_step_save(actor=tw.nurse, case=case, number=4, answers={"q1": "Gesprek met ouders"},
                                provisional=True, version=1)
        with pytest.raises(EditConflict) as conflict:
            services.plan_step_save(actor=tw.ib, case=case, number=4, answers={"q1": "Iets anders"},
                                    provisional=True, version=1)
        assert conflict.value.current.answers == {"q1": "Gesprek met ouders"}
        assert "Nora Jansen heeft dit intussen gewijzigd" in conflict.value.message

    def test_read_only_access_cannot_write(self, tw):
        case = bas_case(tw)
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        with pytest.raises(PermissionDenied):
            services.plan_step_save(actor=fresh(tw.director), case=case, number=1, answers={}, provisional=True,
                                    version=1)


class TestActionsAndEvaluations:
    def test_action_is_a_team_action_of_the_case(self, tw):
        case = bas_case(tw)
        action = services.case_action_add(actor=tw.nurse, case=case, description="Gesprek met ouders en Bas",
                                          owner=tw.nurse, due_date=TODAY() + timedelta(days=7))
        assert action.case == case and action.team == tw.team
        services.case_action_transition(actor=tw.nurse, case=case, action=action, to=Action.Status.DONE,
                                        version=action.version)
        action.refresh_from_db()
        assert action.status == Action.Status.DONE

    def test_action_owner_is_a_member(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="betrokken bij de casus"):
            services.case_action_add(actor=tw.nurse, case=case, description="x", owner=tw.teacher,
                                     due_date=TODAY() + timedelta(days=7))

    def test_evaluation_puts_the_case_on_the_agenda(self, tw):
        case = bas_case(tw)
        meeting = tw.meeting(days=10)
        evaluation = services.evaluation_plan(actor=tw.ib, case=case, planned_on=TODAY() + timedelta(days=12))
        assert evaluation.meeting_uuid == meeting.uuid
        item = meeting.agenda_items.get(title__contains=case.reference)
        assert "Bas" not in item.title

    def test_evaluation_without_meeting_goes_on_later(self, tw):
        case = bas_case(tw)
        evaluation = services.evaluation_plan(actor=tw.nurse, case=case, planned_on=TODAY() + timedelta(days=12))
        assert evaluation.meeting_uuid is None
        tw.meeting(days=5)
        assert services.evaluations_to_agenda(today=TODAY()) == 1
        evaluation.refresh_from_db()
        assert evaluation.meeting_uuid is not None

    def test_record_with_dissent(self, tw):
        case = bas_case(tw)
        evaluation = services.evaluation_plan(actor=tw.nurse, case=case, planned_on=TODAY())
        services.evaluation_record(actor=tw.nurse, evaluation=evaluation, held_on=TODAY(),
                                   right_agreements="Ja", progress="yes",
                                   dissenting_opinions="Vader vindt dat het te langzaam gaat.")
        assert case.events.filter(kind=CaseEvent.Kind.EVALUATION_HELD).exists()
        with pytest.raises(ValidationError, match="nadat hij is gehouden"):
            services.evaluation_record(actor=tw.nurse, evaluation=evaluation, held_on=TODAY() + timedelta(days=1),
                                       right_agreements="Ja", progress="yes")


class TestEscalation:
    def test_up_and_down_recorded_with_reason(self, tw):
        case = bas_case(tw)
        services.escalation_record(actor=tw.nurse, case=case, to_level=EscalationTarget.SUPPORT_TEAM,
                                   reason="Meer expertise nodig.")
        services.escalation_record(actor=tw.nurse, case=case, to_level="", reason="Het gaat beter.")
        case.refresh_from_db()
        assert case.escalation == "" and list(case.escalations.values_list("direction", flat=True)) == ["down", "up"]
        with pytest.raises(ValidationError, match="kan niet worden op- of afgeschaald"):
            services.escalation_record(actor=tw.nurse, case=case, to_level="", reason="x")
        with pytest.raises(ValidationError, match="waarom"):
            services.escalation_record(actor=tw.nurse, case=case, to_level=EscalationTarget.SUPPORT_TEAM, reason="")

    def test_specialist_care_through_the_youth_director(self, tw):
        case = bas_case(tw)
        with pytest.raises(ValidationError, match="jeugdregisseur"):
            services.escalation_record(actor=tw.nurse, case=case, to_level=EscalationTarget.SPECIALIST_CARE,
                                       reason="Specialistische hulp nodig.")
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.gemeente])
        services.escalation_record(actor=tw.nurse, case=case, to_level=EscalationTarget.SPECIALIST_CARE,
                                   reason="Specialistische hulp nodig.", youth_director=tw.director)
        assert case_access(fresh(tw.director), case).basis == Basis.MEMBER

    def test_school_theme_to_management(self, tw):
        """Appendix D example 3: the core team scales a recurring theme up to management, as a recorded step."""
        signal = services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.SCHOOL,
                                       category=Category.SOCIAL_EMOTIONAL, seen_in_school="Rode draad: pesten.")
        escalation = services.escalation_record(actor=tw.ib, signal=signal, to_level=EscalationTarget.MANAGEMENT,
                                                reason="Collectieve preventie nodig.")
        signal.refresh_from_db()
        assert escalation.direction == "up" and signal.status == Signal.Status.ESCALATED


class TestHandovers:
    def test_sara_childcare_to_primary(self, tw):
        handover = services.handover_create(
            actor=tw.childcare_worker, pupil=tw.sara, kind=Handover.Kind.CHILDCARE_PRIMARY, to_school=tw.school,
            summary="Sara vindt nieuwe situaties lastig; veranderingen geven stress.", check_in_weeks=6)
        assert handover.from_school == tw.childcare and handover.status == Handover.Status.DRAFT
        with pytest.raises(ValidationError, match="geen geldige toestemming.*De Esch"):
            services.handover_send(actor=tw.childcare_worker, handover=handover)
        tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
        services.handover_send(actor=tw.childcare_worker, handover=handover)
        assert handover.consent is not None and handover.status == Handover.Status.SENT
        assert Notification.objects.filter(user=tw.ib, kind=services.NOTIFY_HANDOVER).exists()
        with pytest.raises(PermissionDenied):
            services.handover_accept(actor=tw.teacher, handover=handover)
        services.handover_accept(actor=fresh(tw.ib), handover=handover)
        assert handover.check_in_on == TODAY() + timedelta(weeks=6)
        assert services.handover_check_ins_notify(today=handover.check_in_on) == 2
        services.handover_check_in(actor=tw.ib, handover=handover, note="Sara is goed gestart in groep 1.")
        assert handover.status == Handover.Status.COMPLETED

    def test_withdrawing_consent_closes_the_handover_for_the_receiver(self, tw):
        consent = tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
        handover = services.handover_create(actor=tw.childcare_worker, pupil=tw.sara, to_school=tw.school,
                                            kind=Handover.Kind.CHILDCARE_PRIMARY, summary="x")
        services.handover_send(actor=tw.childcare_worker, handover=handover)
        consent_services.consent_withdraw(actor=tw.childcare_worker, consent=consent)
        with pytest.raises(PermissionDenied):
            services.handover_accept(actor=fresh(tw.ib), handover=handover)

    def test_return_needs_a_reason(self, tw):
        tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
        handover = services.handover_create(actor=tw.childcare_worker, pupil=tw.sara, to_school=tw.school,
                                            kind=Handover.Kind.CHILDCARE_PRIMARY, summary="x")
        services.handover_send(actor=tw.childcare_worker, handover=handover)
        with pytest.raises(ValidationError, match="waarom"):
            services.handover_return(actor=tw.ib, handover=handover, reason="")
        services.handover_return(actor=tw.ib, handover=handover, reason="Sara komt niet bij ons.")
        services.handover_sender_step(actor=tw.childcare_worker, handover=handover, to=Handover.Status.DRAFT)
        assert handover.status == Handover.Status.DRAFT and handover.consent is None

    def test_primary_to_secondary_moves_the_case(self, tw):
        """Access moves with the handover: the receiving school takes over, the sender keeps what was agreed."""
        case = bas_case(tw, coordinator=tw.ib)
        services.case_member_add(actor=tw.ib, case=case, user=tw.nurse)
        services.case_story_update(actor=tw.ib, case=case, parents_story="Het verhaal", pupil_voice="", version=1)
        tw.consent(tw.bas, Purpose.HANDOVER, schools=[tw.secondary])
        handover = services.handover_create(
            actor=tw.ib, pupil=tw.bas, case=case, kind=Handover.Kind.PRIMARY_SECONDARY, to_school=tw.secondary,
            summary="Bas heeft baat bij vaste structuur.", parts=[Section.PLAN, Section.FAMILY_STORY],
            sender_access_until=TODAY() + timedelta(days=30))
        services.handover_send(actor=tw.ib, handover=handover)
        assert handover.contents["family_story"]["parents"] == "Het verhaal" and "plan" in handover.contents
        assert "evaluations" not in handover.contents
        services.handover_accept(actor=tw.secondary_ib, handover=handover)
        case.refresh_from_db()
        assert case.school == tw.secondary and case.coordinator == tw.secondary_ib
        assert case_access(fresh(tw.secondary_ib), case).basis == Basis.COORDINATOR
        assert case_access(fresh(tw.ib), case).basis == Basis.RETAINED
        assert not case_access(fresh(tw.ib), case).can_edit
        assert case_access(fresh(tw.nurse), case).basis == Basis.MEMBER  # GGD continues with the consent

    def test_professional_handover_needs_consent_for_the_new_organisation(self, tw):
        case = bas_case(tw)
        handover = services.handover_create(actor=tw.nurse, pupil=tw.bas, case=case, kind=Handover.Kind.PROFESSIONAL,
                                            to_user=tw.director, summary="Afschalen naar de jeugdregisseur.")
        with pytest.raises(ValidationError, match="Gemeente Enschede"):
            services.handover_send(actor=tw.nurse, handover=handover)
        tw.consent(tw.bas, Purpose.HANDOVER, organisations=[tw.gemeente])
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.gemeente])
        services.handover_send(actor=tw.nurse, handover=handover)
        services.handover_accept(actor=fresh(tw.director), handover=handover)
        case.refresh_from_db()
        assert case.coordinator == tw.director and case.school == tw.school
        assert not case_access(fresh(tw.nurse), case).can_view


class TestEmergency:
    def test_reason_required_and_logged(self, tw):
        with pytest.raises(ValidationError, match="acute zorg"):
            services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas, reason="kort")
        access = services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                                   reason="Bas heeft blauwe plekken en wil niet naar huis.")
        assert AccessLogEntry.objects.filter(event_type="case.emergency_access", emergency=True).exists()
        assert access.expires_at <= timezone.now() + timedelta(hours=24)

    def test_teacher_cannot(self, tw):
        with pytest.raises(PermissionDenied):
            services.emergency_access_request(actor=tw.teacher, pupil=tw.bas, reason="x" * 40)

    def test_review_by_the_privacy_officer(self, tw):
        case = bas_case(tw)
        access = services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                                   reason="Bas heeft blauwe plekken en wil niet naar huis.")
        with pytest.raises(PermissionDenied):
            services.emergency_access_review(actor=tw.ib, access=access, review="justified")
        with pytest.raises(ValidationError, match="waarom"):
            services.emergency_access_review(actor=tw.privacy_officer, access=access, review="unjustified")
        services.emergency_access_review(actor=tw.privacy_officer, access=access, review="unjustified",
                                         note="Geen acute situatie.")
        assert not case_access(fresh(tw.gp_support), case).can_view  # an unjustified access ends


class TestCollective:
    def _class_signals(self, tw, count: int, category: str = Category.SOCIAL_EMOTIONAL, group: str = "groep 4"):
        pupils = [tw.bas, tw.classmate]
        for _ in range(count - len(pupils)):
            pupil = PupilFactory()
            EnrolmentFactory(pupil=pupil, school=tw.school, group=group)
            pupils.append(pupil)
        for pupil in pupils[:count]:
            services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.CHILD, category=category,
                                  seen_in_school="Valt buiten de groep.", pupil=pupil)

    def test_three_pupils_in_a_group_make_a_proposal(self, tw):
        self._class_signals(tw, 2)
        assert services.proposals_detect(school=tw.school) == []
        self._class_signals(tw, 3)
        (proposal,) = services.proposals_detect(school=tw.school)
        assert proposal.level == Signal.Level.CLASS and proposal.group == "groep 4" and proposal.pupil_count == 3
        assert services.proposals_detect(school=tw.school) == []  # not twice

    def test_setting_and_period(self, tw, settings):
        settings.COLLECTIVE_PROPOSAL_MIN_PUPILS = 2
        self._class_signals(tw, 2)
        assert len(services.proposals_detect(school=tw.school)) == 1
        CollectiveProposal.objects.all().delete()
        assert services.proposals_detect(school=tw.school, today=TODAY() + timedelta(weeks=9)) == []

    def test_school_theme_across_groups(self, tw):
        self._class_signals(tw, 3)
        for _ in range(3):
            pupil = PupilFactory()
            EnrolmentFactory(pupil=pupil, school=tw.school, group="groep 6")
            services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.CHILD,
                                  category=Category.SOCIAL_EMOTIONAL, seen_in_school="x", pupil=pupil)
        levels = sorted(p.level for p in services.proposals_detect(school=tw.school))
        assert levels == ["class", "class", "school"]

    def test_accept_becomes_a_class_signal_with_a_group_offer(self, tw):
        self._class_signals(tw, 3)
        (proposal,) = services.proposals_detect(school=tw.school)
        with pytest.raises(PermissionDenied):
            services.proposal_accept(actor=tw.teacher, proposal=proposal, description="", offer="x", owner=tw.ib,
                                     due_date=TODAY())
        signal = services.proposal_accept(actor=tw.ib, proposal=proposal, description="",
                                          offer="Groepsaanbod sociale vaardigheden in de klas", owner=tw.nurse,
                                          due_date=TODAY() + timedelta(days=30))
        assert signal.level == Signal.Level.CLASS and signal.group == "groep 4" and "3 leerlingen" in \
            signal.seen_in_school
        assert Action.objects.filter(team=tw.team, owner=tw.nurse, description__contains="Groepsaanbod").exists()
        proposal.refresh_from_db()
        assert proposal.status == CollectiveProposal.Status.ACCEPTED and proposal.signal == signal

    def test_dismiss_is_remembered(self, tw):
        self._class_signals(tw, 3)
        (proposal,) = services.proposals_detect(school=tw.school)
        services.proposal_dismiss(actor=tw.ib, proposal=proposal, reason="Al besproken met de leerkracht.")
        assert services.proposals_detect(school=tw.school) == []
