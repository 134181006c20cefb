"""Reads through the access layer: case pages, the chronology, search, the regiehouder's dashboard — each
filtered to what the viewer may see, and each logged (allowed and refused)."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext

from werkplaats.attendance.models import AbsenceReport
from werkplaats.attendance.selectors import pupil_attendance_status
from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import selectors, services
from werkplaats.cases.models import Handover
from werkplaats.consent.models import Purpose, Section

from .helpers import bas_case, bas_signal, fresh

TODAY = timezone.localdate


class TestCaseGet:
    def test_logged_with_basis_and_consent(self, tw):
        case = bas_case(tw)
        selectors.case_get(user=fresh(tw.nurse), uuid=case.uuid)
        entry = AccessLogEntry.objects.filter(event_type="case.view").latest("id")
        assert entry.pupil_uuid == tw.bas.uuid and entry.authorisation == "regiehouder van de casus"
        assert entry.consent.startswith("toestemming ") and not entry.emergency

    def test_refused_logged_and_404(self, tw):
        case = bas_case(tw)
        with pytest.raises(Http404):
            selectors.case_get(user=fresh(tw.teacher), uuid=case.uuid)
        entry = AccessLogEntry.objects.filter(event_type="case.view").latest("id")
        assert entry.outcome == "refused" and entry.pupil_uuid == tw.bas.uuid

    def test_emergency_reads_are_flagged(self, tw):
        case = bas_case(tw)
        services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                          reason="Acute zorg: Bas vertelde over geweld thuis.")
        selectors.case_detail(user=fresh(tw.gp_support), uuid=case.uuid)
        entry = AccessLogEntry.objects.filter(event_type="case.view").latest("id")
        assert entry.emergency and entry.authorisation.startswith("noodtoegang: Acute zorg")

    def test_withheld_parts_left_out(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.FAMILY_STORY,
                                                                                     Section.PLAN])
        signal = bas_signal(tw)
        case = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=signal)
        detail = selectors.case_detail(user=fresh(tw.nurse), uuid=case.uuid)
        assert detail.steps is None and not detail.shows_story and detail.evaluations is not None
        assert selectors.case_detail(user=fresh(tw.ib), uuid=case.uuid).steps is not None
        with pytest.raises(Http404):
            selectors.plan_print(user=fresh(tw.nurse), uuid=case.uuid)

    def test_read_only_basis_cannot_edit(self, tw):
        case = bas_case(tw)
        tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
        assert selectors.case_get(user=fresh(tw.director), uuid=case.uuid).access.can_view
        with pytest.raises(Http404):
            selectors.case_for_edit(user=fresh(tw.director), uuid=case.uuid)


class TestLists:
    def test_cases_visible(self, tw):
        case = bas_case(tw)
        assert [c for c, _ in selectors.case_list(user=fresh(tw.nurse))] == [case]
        assert selectors.case_list(user=fresh(tw.director)) == []
        assert selectors.case_list(user=fresh(tw.adviser)) == []

    def test_signals_visible(self, tw):
        signal = bas_signal(tw)
        assert selectors.signal_list(user=fresh(tw.teacher), status="") == [signal]
        assert selectors.signal_list(user=fresh(tw.director)) == [signal]
        assert selectors.signal_list(user=fresh(tw.gp_support)) == []
        assert selectors.signal_list(user=fresh(tw.other_ib)) == []
        assert AccessLogEntry.objects.filter(event_type="signal.list", pupil_uuid=tw.bas.uuid).exists()


class TestChronology:
    def test_newest_first_and_filtered(self, tw):
        case = bas_case(tw)
        services.case_action_add(actor=tw.nurse, case=case, description="Gesprek met ouders", owner=tw.nurse,
                                 due_date=TODAY() + timedelta(days=3))
        services.plan_version_create(actor=tw.nurse, case=case)
        pupil, items = selectors.chronology(user=fresh(tw.nurse), pupil_uuid=tw.bas.uuid)
        kinds = [item.kind for item in items]
        assert {"signal", "case", "action"} <= set(kinds)
        assert [i.when for i in items] == sorted((i.when for i in items), reverse=True)
        _pupil, teacher_items = selectors.chronology(user=fresh(tw.teacher), pupil_uuid=tw.bas.uuid)
        assert {i.kind for i in teacher_items} == {"signal"}  # the teacher raised it; the case is not theirs

    def test_handover_in_the_chronology(self, tw):
        tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
        handover = services.handover_create(actor=tw.childcare_worker, pupil=tw.sara, to_school=tw.school,
                                            kind=Handover.Kind.CHILDCARE_PRIMARY, summary="x")
        services.handover_send(actor=tw.childcare_worker, handover=handover)
        _pupil, items = selectors.chronology(user=fresh(tw.childcare_worker), pupil_uuid=tw.sara.uuid)
        assert [i.kind for i in items] == ["handover"]

    def test_refused(self, tw):
        with pytest.raises(Http404):
            selectors.chronology(user=fresh(tw.other_ib), pupil_uuid=tw.bas.uuid)
        assert AccessLogEntry.objects.filter(event_type="pupil.chronology", outcome="refused").exists()

    def test_attendance_reports_as_the_attendance_app_shows_them(self, tw):
        enrolment = tw.bas.enrolments.get()
        today = TODAY()
        for reason, day, status in (("16_uur", today, "open"), ("luxe", today - timedelta(days=400), "open"),
                                    ("luxe", today, "closed")):
            AbsenceReport.objects.create(enrolment=enrolment, pupil=tw.bas, school=enrolment.school, reason=reason,
                                         start_date=day, threshold_date=day, status=status)
        _pupil, items = selectors.chronology(user=fresh(tw.ib), pupil_uuid=tw.bas.uuid)
        logged = AccessLogEntry.objects.filter(event_type="attendance.pupil").latest("id")
        statuses = pupil_attendance_status(user=fresh(tw.ib), pupil_uuid=tw.bas.uuid, on=today,
                                           purpose="chronologie van een leerling")
        expected = AccessLogEntry.objects.filter(event_type="attendance.pupil").latest("id")
        assert [(item.title, item.detail) for item in items if item.kind == "attendance"] == [
            (gettext("Verzuimmelding: %(reason)s") % {"reason": AbsenceReport.Kind(report.reason).label},
             AbsenceReport.Status(report.status).label)
            for status in statuses for report in status.reports
        ]
        assert len([item for item in items if item.kind == "attendance"]) == 2  # not last school year's
        assert (logged.pupil_uuid, logged.purpose, logged.authorisation, logged.outcome) == (
            expected.pupil_uuid, expected.purpose, expected.authorisation, expected.outcome)


class TestSearch:
    def test_full_text_dutch(self, tw):
        case = bas_case(tw)
        services.case_story_update(actor=tw.nurse, case=case, version=1, pupil_voice="",
                                   parents_story="De ziekenhuisbezoeken van moeder vragen veel aandacht.")
        result = selectors.search(user=fresh(tw.nurse), query="ziekenhuisbezoek")
        assert [c for c, _ in result.cases] == [case]
        assert selectors.search(user=fresh(tw.ib), query="ruzie schoolplein").signals == [case.signal]
        assert selectors.search(user=fresh(tw.ib), query="Twente").signals == [case.signal]
        assert selectors.search(user=fresh(tw.other_ib), query="ruzie").signals == []
        assert AccessLogEntry.objects.filter(event_type="case.search").exists()

    def test_withheld_text_not_searchable(self, tw):
        tw.consent(tw.bas, Purpose.CASE, organisations=[tw.jgz], withheld_sections=[Section.FAMILY_STORY])
        case = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=bas_signal(tw))
        services.case_story_update(actor=tw.ib, case=case, version=1, pupil_voice="",
                                   parents_story="Moeder ligt in het ziekenhuis.")
        assert selectors.search(user=fresh(tw.ib), query="ziekenhuis").cases
        assert selectors.search(user=fresh(tw.nurse), query="ziekenhuis").cases == []


class TestDashboard:
    def test_regiehouder_sees_overdue_and_due(self, tw):
        case = bas_case(tw)
        action = services.case_action_add(actor=tw.nurse, case=case, description="Huisbezoek", owner=tw.nurse,
                                          due_date=TODAY())
        services.evaluation_plan(actor=tw.nurse, case=case, planned_on=TODAY() + timedelta(days=5))
        from freezegun import freeze_time

        with freeze_time(TODAY() + timedelta(days=2)):
            board = selectors.dashboard(user=fresh(tw.nurse))
        (row,) = board.coordinated
        assert row.overdue == 1 and row.evaluation_due
        assert board.my_overdue_actions == [action]
        assert board.involved == []
        assert (board.coordinated_count, board.involved_count, board.attention_more) == (1, 0, 0)
        ib_board = selectors.dashboard(user=fresh(tw.ib))
        assert [r.case for r in ib_board.involved] == [case]
