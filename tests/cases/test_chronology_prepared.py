"""The chronology's prepared reads (`cases.selectors`): the same rows, in the same order, as the ORM querysets
they replaced — the pupils of the pupil's cases (was `prefetch_related`), and the concluded consultations, case
events and actions in one union (were three querysets) — and its log entries."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import selectors, services
from werkplaats.cases.models import Case, CaseEvent, Consultation, Signal
from werkplaats.teams.models import Action

from .helpers import bas_case, fresh
from .test_signal_prepared import _elsewhere_world
from .twente import Twente


def _busy(tw: Twente) -> Case:
    """A case with events, open and done actions (two due the same day) and a signal with two concluded
    consultations and an open one, all at the same moment where that can happen."""
    case = bas_case(tw)
    today = timezone.localdate()
    for description in ("bellen", "mailen", "langsgaan"):
        services.case_action_add(actor=tw.nurse, case=case, description=description, owner=tw.nurse,
                                 due_date=today + timedelta(days=3 if description != "langsgaan" else 1))
    Action.objects.filter(case=case, description="mailen").update(done_at=timezone.now())
    services.plan_version_create(actor=tw.nurse, case=case)
    now = timezone.now()
    CaseEvent.objects.filter(case=case).update(created=now)
    for outcome in (Consultation.Outcome.values[0], Consultation.Outcome.values[-1], ""):
        Consultation.objects.create(signal=case.signal, outcome=outcome, concluded_at=now if outcome else None,
                                    started_by=tw.ib)
    Consultation.objects.filter(signal=case.signal).update(created=now)
    return case


def _union_before(signal_ids: list[int], case_ids: list[int]) -> dict[str, dict[int, list[tuple]]]:
    """What the three querysets read, as `_by_parent` gives the union's rows."""
    found: dict[str, dict[int, list[tuple]]] = {"consultation": {}, "event": {}, "action": {}}
    for c in Consultation.objects.filter(signal__in=signal_ids, concluded_at__isnull=False):
        found["consultation"].setdefault(c.signal_id, []).append(
            ("consultation", c.signal_id, c.pk, c.created, c.concluded_at, None, c.outcome, ""))
    for e in CaseEvent.objects.filter(case__in=case_ids):
        found["event"].setdefault(e.case_id, []).append(
            ("event", e.case_id, e.pk, e.created, None, None, e.kind, e.text))
    for a in Action.objects.filter(case__in=case_ids):
        found["action"].setdefault(a.case_id, []).append(
            ("action", a.case_id, a.pk, a.created, a.done_at, a.due_date, a.description, ""))
    return found


def test_the_union_equals_the_three_querysets(tw: Twente):
    case = _busy(tw)
    other = bas_case(tw, coordinator=tw.ib)
    services.case_action_add(actor=tw.ib, case=other, description="x", owner=tw.ib, due_date=timezone.localdate())
    signals = list(Signal.objects.values_list("pk", flat=True))
    cases = [case.pk, other.pk]
    for signal_ids, case_ids in ((signals, cases), (signals, []), ([], cases), ([], []), (signals[:1], cases[1:])):
        rows = selectors._SHOWN_OF_SIGNALS_AND_CASES.fetch(signal_ids=signal_ids, case_ids=case_ids)
        assert selectors._by_parent(rows) == _union_before(signal_ids, case_ids), (signal_ids, case_ids)
    found = selectors._by_parent(selectors._SHOWN_OF_SIGNALS_AND_CASES.fetch(signal_ids=signals, case_ids=cases))
    assert [len(found[kind][parent]) for kind, parent in (
        ("consultation", case.signal_id), ("event", case.pk), ("action", case.pk))] == [2, 2, 3]


def test_the_pupils_of_the_cases_equal_the_prefetch(tw: Twente):
    from django.db.models import prefetch_related_objects

    _elsewhere_world(tw)
    _busy(tw)
    seen = set()
    for pupil in (tw.bas, tw.tina, tw.sara, tw.classmate, tw.lotte):
        cases = list(Case.objects.filter(
            Q(pk__in=Case.pupils.through.objects.filter(pupil=pupil).values("case_id"))
            | Q(signal__in=Signal.objects.filter(pupil=pupil).values("pk"))))
        prefetch_related_objects(cases, "pupils")
        expected = {case.pk: sorted(p.pk for p in case.pupils.all()) for case in cases if case.pupils.all()}
        found: dict[int, list[int]] = {}
        for row in selectors._PUPILS_OF_CASES_OF_PUPIL.fetch(pupil_id=pupil.pk):
            found.setdefault(row.case_id, []).append(row.pupil.pk)
        assert {pk: sorted(pupils) for pk, pupils in found.items()} == expected
        seen.add(sum(len(pupils) for pupils in expected.values()))
    assert max(seen) >= 2


def test_the_chronology_shows_and_logs_them(tw: Twente):
    case = _busy(tw)
    before = AccessLogEntry.objects.count()
    _pupil, items = selectors.chronology(user=fresh(tw.nurse), pupil_uuid=tw.bas.uuid)
    shown = [(item.kind, item.title, item.detail) for item in items]
    for consultation in Consultation.objects.filter(signal=case.signal, concluded_at__isnull=False):
        assert ("consultation", "Consultatie afgerond", consultation.get_outcome_display()) in shown
    for event in CaseEvent.objects.filter(case=case):
        assert ("case", f"Casus {case.reference}: {event.get_kind_display()}", event.text) in shown
    assert [detail for kind, title, detail in shown if kind == "action"].count("mailen") == 2  # agreed and done
    entries = list(AccessLogEntry.objects.order_by("pk")[before:].values_list(
        "event_type", "object_type", "object_id", "pupil_uuid", "purpose", "outcome"))
    purpose = "chronologie van een leerling"
    assert sorted(entries) == sorted([
        ("case.chronology", "case", str(case.uuid), tw.bas.uuid, purpose, "allowed"),
        ("pupil.chronology", "pupil", str(tw.bas.uuid), tw.bas.uuid, purpose, "allowed"),
        *[("attendance.pupil", "pupil", str(tw.bas.uuid), tw.bas.uuid, purpose, "allowed")] * len(
            [e for e in entries if e[0] == "attendance.pupil"]),
    ])
    assert AccessLogEntry.objects.filter(event_type="pupil.chronology").latest("pk").authorisation == (
        "relatie met de leerling (school of casus)")
    moments = {moment for (moment,) in AccessLogEntry.objects.order_by("pk")[before:].values_list("occurred_at")}
    assert len(moments) == 1  # cases, pupil and attendance reports in one insert


def test_the_queue_and_the_reports_equal_the_two_reads(tw: Twente):
    """The attendance reports and the derivation queue of the enrolments in one union: the same rows as the queue
    read `reports_derive` made and the reports queryset the chronology read afterwards."""
    from werkplaats.attendance.models import AbsenceReport, PendingDerivation
    from werkplaats.pupils.models import Enrolment

    enrolment = tw.bas.enrolments.get()
    others = list(Enrolment.objects.exclude(pk=enrolment.pk).values_list("pk", flat=True)[:2])
    today = timezone.localdate()
    for reason, day in (("luxe", today), ("16_uur", today - timedelta(days=3)), ("luxe", today - timedelta(days=400))):
        AbsenceReport.objects.create(enrolment=enrolment, pupil=tw.bas, school=enrolment.school, reason=reason,
                                     start_date=day, threshold_date=day, status="open")
    PendingDerivation.objects.filter(enrolment_id__in=[enrolment.pk, *others]).delete()
    PendingDerivation.objects.create(enrolment_id=others[0])
    start, end = today - timedelta(days=30), today
    for ids in ([enrolment.pk], others, [enrolment.pk, *others], others[1:]):
        rows = selectors._pending_and_reports_query().fetch(enrolment_ids=ids, start=start, end=end)
        assert sorted(row[1] for row in rows if row[0] == "pending") == sorted(PendingDerivation.objects.filter(
            enrolment_id__in=Enrolment.objects.filter(pk__in=ids).values("pk")).values_list("enrolment_id", flat=True))
        assert sorted(row[1:] for row in rows if row[0] == "report") == sorted(AbsenceReport.objects.filter(
            enrolment_id__in=ids, threshold_date__gte=start, threshold_date__lte=end,
        ).values_list("enrolment_id", "threshold_date", "start_date", "reason", "status"))


def test_the_chronology_derives_what_is_queued(tw: Twente, monkeypatch):
    """A queued enrolment is derived before the reports are shown, as `reports_derive` did first; nothing queued:
    the queue and the reports in one query, nothing derived."""
    from werkplaats.attendance import services as attendance_services
    from werkplaats.attendance.models import AbsenceReport, PendingDerivation

    enrolment = tw.bas.enrolments.get()
    today = timezone.localdate()
    derived: list[list[int]] = []

    def derive(*, enrolment_ids: list[int]) -> int:
        derived.append(enrolment_ids)
        PendingDerivation.objects.filter(enrolment_id__in=enrolment_ids).delete()
        AbsenceReport.objects.create(enrolment=enrolment, pupil=tw.bas, school=enrolment.school, reason="luxe",
                                     start_date=today, threshold_date=today, status="open")
        return 1

    monkeypatch.setattr(attendance_services, "reports_derive", derive)
    PendingDerivation.objects.filter(enrolment=enrolment).delete()
    _pupil, items = selectors.chronology(user=fresh(tw.ib), pupil_uuid=tw.bas.uuid)
    assert derived == [] and not [item for item in items if item.kind == "attendance"]
    PendingDerivation.objects.create(enrolment=enrolment)
    _pupil, items = selectors.chronology(user=fresh(tw.ib), pupil_uuid=tw.bas.uuid)
    assert derived == [[enrolment.pk]]
    assert [item.title for item in items if item.kind == "attendance"] == [
        f"Verzuimmelding: {AbsenceReport.Kind('luxe').label}"]


def test_the_team_with_the_layers_equals_the_two_reads(tw: Twente):
    """`is_core_team` / `is_ipt_member` read the school's team and the user's layers in it in one query: the same
    team (with its school) and the same (layer, organisation) rows as the team query and `_LAYERS_IN_TEAM`, and
    the same decisions as `team_access` deciding on those two reads."""
    from werkplaats.cases import permissions
    from werkplaats.teams.models import Stakeholder, Team
    from werkplaats.teams.permissions import team_access

    Stakeholder.objects.create(team=tw.team, user=tw.teacher, name="zonder laag", layer="")
    users = (tw.ib, tw.teacher, tw.nurse, tw.director, tw.gp_support, tw.other_ib, tw.secondary_ib, tw.adviser)
    seen = set()
    for school in (tw.school, tw.secondary, tw.other_school, tw.childcare):
        team = Team.objects.select_related("school").filter(school=school).first()
        for user in users:
            rows = permissions._TEAM_AND_LAYERS_OF_SCHOOL.fetch(school_id=school.pk, user_id=user.pk)
            assert {row.pk for row in rows} == ({team.pk} if team else set())
            assert all(row.school == school and row.school.name == school.name for row in rows)
            layers = sorted((row.member_layer, row.member_organisation) for row in rows
                            if row.member_layer is not None)
            expected = sorted(Stakeholder.objects.filter(team=team, user=user).exclude(layer="").values_list(
                "layer", "organisation_id")) if team else []
            assert layers == expected, (school, user)
            seen.add(len(layers))
            before = team_access(fresh(user), team) if team else None
            assert permissions.is_core_team(fresh(user), school.pk) == (
                before is not None and (before.manage or Team.Layer.CORE in before.member_layers))
            assert permissions.is_ipt_member(fresh(user), school.pk) == (
                before is not None and (before.manage or before.is_member))
    assert seen == {0, 1}  # one row per user and team (stakeholder_unique_user)
