"""The case page's queries compiled once (core.prepared) give what the ORM querysets they replace give."""

import datetime

from django.db.models import Model, Q
from django.utils import timezone

from werkplaats.cases import selectors, services
from werkplaats.cases.models import Case, CaseMember, Evaluation
from werkplaats.cases.permissions import _current_memberships, case_access_many, forget_case_access
from werkplaats.consent.models import Consent, Purpose, Section
from werkplaats.consent.policy import valid_on_q
from werkplaats.consent.selectors import consents_valid_many
from werkplaats.teams.models import Action, Team
from werkplaats.teams.selectors import people_around

from .helpers import bas_case, fresh
from .test_my_cases import _loaded
from .twente import Twente


def _rows(rows: list[Model]) -> list[tuple]:
    """Every field of each row, and of the rows it was read with (select_related)."""
    described = []
    for row in rows:
        values = [getattr(row, f.attname) for f in row._meta.concrete_fields]
        for name in ("user", "owner", "updated_by", "created_by", "actor", "youth_director", "to_school", "to_user",
                     "sender"):
            related = row._state.fields_cache.get(name)
            if related is not None:
                values.append((name, [getattr(related, f.attname) for f in related._meta.concrete_fields]))
        described.append(tuple(values))
    return described


def _busy_case(tw: Twente) -> Case:
    case = bas_case(tw)
    services.case_member_add(actor=tw.nurse, case=case, user=tw.teacher, role_in_case="leerkracht")
    today = timezone.localdate()
    for days in (9, 3):
        services.case_action_add(actor=tw.nurse, case=case, description=f"bellen over {days} dagen", owner=tw.teacher,
                                 due_date=today + datetime.timedelta(days=days))
        services.evaluation_plan(actor=tw.nurse, case=case, planned_on=today + datetime.timedelta(days=days))
    return case


def test_the_case_page_queries_equal_the_orm(tw: Twente, django_assert_num_queries):
    busy = _busy_case(tw)
    other = bas_case(tw, coordinator=tw.ib)
    for pk in (busy.pk, other.pk):
        case = Case.objects.select_related("plan").get(pk=pk)
        pairs = [
            (selectors._MEMBERS.fetch(case_id=case.pk),
             case.members.filter(left_at__isnull=True).select_related("user").order_by("created")),
            (selectors._STEPS.fetch(plan_id=case.plan.pk), case.plan.steps.select_related("updated_by")),
            (selectors._VERSIONS.fetch(plan_id=case.plan.pk), case.plan.versions.select_related("created_by")),
            (selectors._ACTIONS.fetch(case_id=case.pk),
             case.actions.select_related("owner").order_by("status", "due_date", "pk")),
            (selectors._EVALUATIONS.fetch(case_id=case.pk), case.evaluations.order_by("planned_on")),
            (selectors._EVENTS.fetch(case_id=case.pk), case.events.select_related("actor")[:50]),
            (selectors._HANDOVERS.fetch(case_id=case.pk),
             case.handovers.select_related("to_school", "to_user", "sender")),
            (selectors._PUPILS_OF_CASE.fetch(case_id=case.pk), case.pupils.all()),
        ]
        for prepared, orm in pairs:
            assert _rows(prepared) == _rows(list(orm))
        assert any(prepared for prepared, _orm in pairs[3:5]) or case.pk == other.pk
        found = selectors._CASE_BY_UUID.fetch(uuid=case.uuid)
        expected = Case.objects.select_related("school__team", "coordinator", "signal", "family", "plan").get(
            uuid=case.uuid)
        assert _rows(found) == _rows([expected])
        with django_assert_num_queries(0):
            assert (found[0].school.team.pk, found[0].coordinator.pk, found[0].plan.pk) == (
                expected.school.team.pk, expected.coordinator.pk, expected.plan.pk)


def test_the_case_page_reads_its_lists_once(tw: Twente):
    """The rows come with their case (and plan), as the related managers gave them."""
    case = _busy_case(tw)
    detail = selectors.case_detail(user=fresh(tw.nurse), uuid=case.uuid)
    assert [a.description for a in detail.actions] == ["bellen over 3 dagen", "bellen over 9 dagen"]
    assert len(detail.evaluations) == 2 and len(detail.members) == 3 and len(detail.steps) == 8
    assert all(row.case is detail.case for row in [*detail.members, *detail.actions, *detail.events])
    assert all(view.step.plan is detail.case.plan for view in detail.steps)
    assert [p.pk for p in detail.case.pupils.all()] == [tw.bas.pk]


def test_current_memberships_of_one_case_equal_those_of_a_list(tw: Twente):
    case = _busy_case(tw)
    other = bas_case(tw, coordinator=tw.ib)
    member = CaseMember.objects.get(case=case, user=tw.teacher)
    member.read_only_until = timezone.localdate()
    member.save()
    for user in (tw.nurse, tw.teacher, tw.ib, tw.gp_support):
        for cases in ([case], [other]):
            expected = list(CaseMember.objects.filter(case__in=[c.pk for c in cases], user=user, left_at__isnull=True)
                            .order_by("created", "pk").values_list("case_id", "read_only_until"))
            assert _current_memberships(user, cases) == expected
        assert _current_memberships(user, [case, other]) == (
            _current_memberships(user, [case]) + _current_memberships(user, [other]))


def test_member_choices_are_the_member_candidates(tw: Twente):
    case = _busy_case(tw)
    expected = list(selectors.member_candidates(case=case).only("uuid", "first_name", "last_name", "username"))
    assert tw.teacher not in expected and len(expected) > 2
    found = selectors.member_choices(case=case)
    assert [(u.pk, u.uuid, str(u)) for u in found] == [(u.pk, u.uuid, str(u)) for u in expected]
    assert [u.pk for u in found] == [u.pk for u in people_around(team=tw.team).exclude(
        pk__in=case.members.filter(left_at__isnull=True, read_only_until__isnull=True).values("user"))]
    tw.team.stakeholders.create(name="Huisarts", organisation=tw.gp, function="huisarts")
    tw.school.partners.remove(*tw.school.partners.all())
    forget_case_access(tw.nurse)
    assert [u.pk for u in selectors.member_choices(case=case)] == [
        u.pk for u in selectors.member_candidates(case=case)]


def test_the_consents_of_one_pupil_equal_the_orm(tw: Twente):
    bas_case(tw)
    tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
    tw.consent(tw.bas, Purpose.CASE, schools=[tw.secondary], valid_until=timezone.localdate())
    today = timezone.localdate()
    for pupil in (tw.bas, tw.sara, tw.tina):
        for purposes in ([Purpose.CASE], [Purpose.CASE, Purpose.CORE_TEAM], [Purpose.CORE_TEAM]):
            for on in (today, today - datetime.timedelta(days=400), today + datetime.timedelta(days=4000)):
                found = consents_valid_many(pupil_ids=[pupil.pk, pupil.pk], purposes=purposes, on=on)
                expected = list(Consent.objects.filter(pupil__in={pupil.pk}, purpose__in=purposes)
                                .filter(valid_on_q(on)))
                grouped: dict[tuple[int, str], list[int]] = {}
                for consent in expected:
                    grouped.setdefault((consent.pupil_id, consent.purpose), []).append(consent.pk)
                assert {key: [c.pk for c in cs] for key, cs in found.consents.items()} == grouped
                assert set(found.terms) == {c.pk for c in expected}


def test_the_dashboard_queries_equal_the_orm(tw: Twente):
    case = _busy_case(tw)
    bas_case(tw, coordinator=tw.ib)
    today = timezone.localdate()
    case.actions.filter(description="bellen over 3 dagen").update(due_date=today - datetime.timedelta(days=1))
    for user in (tw.nurse, tw.teacher, tw.ib, tw.gp_support):
        member = CaseMember.objects.filter(user=user, left_at__isnull=True, read_only_until__isnull=True).values("case")
        cases = Case.objects.filter(pk__in=member, status=Case.Status.OPEN)
        assert selectors._WORKED_ON.fetch(user_id=user.pk) == list(
            cases.order_by("-created", "-pk").values_list("pk", "coordinator_id"))
        ids = list(cases.values_list("pk", flat=True))
        for some in ([], ids[:1], ids, ids * 3):
            assert selectors._late_actions_and_evaluations(some, today) == (list(
                Action.objects.filter(case__in=some, status=Action.Status.OPEN, due_date__lt=today)
                .order_by("due_date", "pk").values_list("pk", "case_id", "owner_id", "due_date")), list(
                Evaluation.objects.filter(case__in=some, held_on__isnull=True).order_by("planned_on", "pk")
                .values_list("pk", "case_id", "planned_on")))
            assert _rows(selectors._CASES_BY_IDS.fetch(case_ids=some)) == _rows(list(
                Case.objects.filter(pk__in=some).select_related("school")))
            assert _rows(selectors._PUPILS_OF_CASES.fetch(case_ids=some)) == _rows(list(
                Case.pupils.through.objects.filter(case__in=some).select_related("pupil").order_by("pk")))
    board = selectors.dashboard(user=fresh(tw.teacher))
    assert [(a.description, a.case.pk) for a in board.my_overdue_actions] == [("bellen over 3 dagen", case.pk)]
    assert [(row.case.pk, row.overdue, row.next_evaluation.planned_on) for row in board.involved] == [
        (case.pk, 1, today + datetime.timedelta(days=3))]


def _visible_before(user, status: str = "") -> list[tuple]:
    """`cases_visible_to` as it read the cases before: the candidate ids, then the ORM with prefetched pupils."""
    candidates = selectors._case_candidates(user).select_related("school", "coordinator")
    cases = list((candidates.filter(status=status) if status else candidates).order_by("-created", "-pk"))
    access_of = case_access_many(user, cases)
    return [(c.pk, c.school.code, str(c.coordinator), sorted(p.pk for p in c.pupils.all()), access_of[c.pk])
            for c in cases if access_of[c.pk].can_view]


def test_the_case_list_queries_equal_the_orm(tw: Twente):
    case = _busy_case(tw)
    bas_case(tw, coordinator=tw.ib)
    closed = bas_case(tw, coordinator=tw.ib)
    Case.objects.filter(pk=closed.pk).update(status=Case.Status.CLOSED)
    closed.pupils.add(tw.sara)
    CaseMember.objects.filter(case=case, user=tw.teacher).update(read_only_until=timezone.localdate())
    for user in (tw.nurse, tw.teacher, tw.ib, tw.gp_support, tw.other_ib, tw.adviser):
        for status in ("", Case.Status.OPEN, Case.Status.CLOSED):
            found = [(c.pk, c.school.code, str(c.coordinator), sorted(p.pk for p in c.pupils.all()), access)
                     for c, access in selectors.cases_visible_to(user=fresh(user), status=status)]
            assert found == _visible_before(fresh(user), status)
    assert [c.pk for c, _access in selectors.cases_visible_to(user=fresh(tw.ib), status=Case.Status.CLOSED)] == [
        closed.pk]


def test_the_dashboard_signal_counts_equal_the_orm(tw: Twente):
    from werkplaats.cases import workflow
    from werkplaats.cases.models import Signal

    from .helpers import bas_signal

    bas_signal(tw)
    bas_signal(tw, by=tw.ib)
    withdrawn = bas_signal(tw)
    services.signal_withdraw(actor=tw.teacher, signal=withdrawn)
    for user in (tw.nurse, tw.teacher, tw.ib, tw.other_ib):
        core = selectors.core_school_ids(fresh(user))
        open_signals = Signal.objects.filter(status__in=workflow.SIGNAL_OPEN)
        found = selectors._OPEN_SIGNALS_COUNTED.fetch(user_id=user.pk, core=sorted(core))
        assert sorted(map(str, found)) == sorted(map(str, open_signals.filter(
            Q(school__in=core) | Q(addressed_to=user) | Q(raised_by=user)).values_list(
            "school_id", "addressed_to_id", "raised_by_id")))
        assert selectors._open_signal_counts(fresh(user), core) == (
            open_signals.filter(Q(school__in=core) | Q(addressed_to=user)).count(),
            open_signals.filter(raised_by=user).count())


def test_the_consents_of_many_pupils_and_their_terms_equal_the_orm(tw: Twente):
    bas_case(tw)
    tw.consent(tw.bas, Purpose.CORE_TEAM, schools=[tw.school])
    jgz = tw.nurse.memberships.first().organisation
    tw.consent(tw.bas, Purpose.CASE, schools=[tw.secondary], organisations=[jgz], withheld_from=[jgz],
               withheld_sections=[Section.values[0]])
    today = timezone.localdate()
    pupils = [tw.bas.pk, tw.sara.pk, tw.tina.pk]
    for count in range(len(pupils) + 1):
        for purposes in ([Purpose.CASE], [Purpose.CASE, Purpose.CORE_TEAM]):
            found = consents_valid_many(pupil_ids=pupils[:count] * 2, purposes=purposes, on=today)
            expected = list(Consent.objects.filter(pupil__in=set(pupils[:count]), purpose__in=purposes)
                            .filter(valid_on_q(today)))
            grouped: dict[tuple[int, str], list[int]] = {}
            for consent in expected:
                grouped.setdefault((consent.pupil_id, consent.purpose), []).append(consent.pk)
            assert {key: [c.pk for c in cs] for key, cs in found.consents.items()} == grouped
            assert set(found.terms) == {c.pk for c in expected}
            for consent in expected:
                terms = found.terms[consent.pk]
                assert terms.schools == {s.pk for s in consent.schools.all()}
                assert terms.organisations == {o.pk for o in consent.organisations.all()}
                assert terms.withheld_from == {o.pk for o in consent.withheld_from.all()}


def test_the_chronology_list_reads_equal_the_orm(tw: Twente):
    from werkplaats.attendance.models import AbsenceReport
    from werkplaats.cases.models import Consultation
    from werkplaats.pupils.models import Enrolment

    from .helpers import bas_signal
    from .test_chronology_prepared import _union_before

    cases = [_busy_case(tw).pk, bas_case(tw, coordinator=tw.ib).pk]
    signal = bas_signal(tw)
    consultation = services.consultation_start(actor=tw.ib, signal=signal)
    Consultation.objects.filter(pk=consultation.pk).update(concluded_at=timezone.now())
    enrolment = tw.bas.enrolments.get()
    today = timezone.localdate()
    for day in (today, today - datetime.timedelta(days=400)):
        AbsenceReport.objects.create(enrolment=enrolment, pupil=tw.bas, school=enrolment.school, reason="luxe",
                                     start_date=day, threshold_date=day, status="open")
    # The concluded consultations, the events and the actions: one union (tests/cases/test_chronology_prepared.py).
    for ids in ([], cases[:1], cases, cases * 3):
        for signal_ids in ([], [signal.pk], [signal.pk, signal.pk + 1000]):
            assert selectors._by_parent(selectors._SHOWN_OF_SIGNALS_AND_CASES.fetch(
                signal_ids=signal_ids, case_ids=ids)) == _union_before(signal_ids, ids)
    start, end = today - datetime.timedelta(days=500), today
    assert sorted(row[1:] for row in selectors._pending_and_reports_query().fetch(
        enrolment_ids=[enrolment.pk], start=start, end=end) if row[0] == "report") == sorted(
        AbsenceReport.objects.filter(enrolment_id__in=[enrolment.pk], threshold_date__gte=start,
                                     threshold_date__lte=end)
        .values_list("enrolment_id", "threshold_date", "start_date", "reason", "status"))
    from werkplaats.cases import permissions

    for pupil in (tw.bas, tw.sara):
        assert _rows(permissions._ENROLMENTS_OF_PUPIL.fetch(pupil_id=pupil.pk)) == _rows(list(
            Enrolment.objects.filter(pupil_id=pupil.pk).only(
                "enrolled_from", "enrolled_until", "pupil_number", "school_id", "group")))
    for school in (tw.school, tw.secondary):
        expected = Team.objects.select_related("school").filter(school_id=school.pk).first()
        found = permissions._TEAM_OF_SCHOOL.fetch(school_id=school.pk)
        assert _rows(found) == _rows([expected] if expected else [])
        assert [t.school.name for t in found] == ([expected.school.name] if expected else [])


def test_the_dashboard_school_reads_equal_the_orm(tw: Twente):
    from werkplaats.cases import permissions
    from werkplaats.cases.models import CollectiveProposal, Handover
    from werkplaats.cases.permissions import RECEIVER_SEES

    handover = services.handover_create(actor=tw.childcare_worker, pupil=tw.sara,
                                        kind=Handover.Kind.CHILDCARE_PRIMARY, to_school=tw.school, summary="Sara.")
    tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
    services.handover_send(actor=tw.childcare_worker, handover=handover)
    schools = [tw.school.pk, tw.secondary.pk]
    for ids in ([], schools[:1], schools, schools[1:]):
        assert sorted(selectors._SCHOOLS_WITH_TEAM.fetch(school_ids=ids)) == sorted(
            Team.objects.filter(school__in=ids).order_by().values_list("school_id"))
        assert _rows(selectors._PROPOSALS_OF_SCHOOLS.fetch(school_ids=ids)) == _rows(list(
            CollectiveProposal.objects.filter(school__in=ids, status=CollectiveProposal.Status.PROPOSED)
            .select_related("school")))
        for user in (tw.ib, tw.nurse):
            for statuses in (RECEIVER_SEES, frozenset({Handover.Status.SENT}), frozenset()):
                expected = Handover.objects.filter(Q(to_user=user) | Q(to_user__isnull=True, to_school__in=ids)).filter(
                    status__in=sorted(RECEIVER_SEES & statuses)).order_by("-sent_at")
                found = selectors._incoming(tuple(sorted(RECEIVER_SEES & statuses)), False).fetch(
                    user_id=user.pk, school_ids=ids)
                assert _rows(found) == _rows(list(expected.select_related(
                    "pupil", "to_school", "sender", "consent", "from_school", "from_organisation")))
                found = selectors._incoming(tuple(sorted(RECEIVER_SEES & statuses)), True).fetch(
                    user_id=user.pk, school_ids=ids)
                assert _loaded(found, "pupil") == _loaded(list(
                    expected.select_related("pupil").only(*selectors.HANDOVER_LISTED)), "pupil")
    consents = list(Consent.objects.values_list("pk", flat=True)) + [-1]
    today = timezone.localdate()
    for on in (today, today - datetime.timedelta(days=400)):
        for ids in ([], consents[:1], consents):
            assert {pk for (pk,) in permissions._VALID_CONSENTS.fetch(consent_ids=ids, on=on)} == set(
                Consent.objects.filter(pk__in=ids).filter(valid_on_q(on)).values_list("pk", flat=True))
    assert [h.pk for h in selectors.handovers_incoming(user=fresh(tw.ib))] == [handover.pk]


def test_the_plan_page_counts_equal_the_orm(tw: Twente):
    busy = _busy_case(tw)
    other = bas_case(tw, coordinator=tw.ib)
    for case in (busy, other):
        assert selectors._COUNTS_OF_CASE.fetch(case_id=case.pk) == [
            (case.actions.count(), case.evaluations.count())]
    assert selectors._COUNTS_OF_CASE.fetch(case_id=busy.pk) == [(2, 2)]
    detail = selectors.plan_detail(user=fresh(tw.nurse), uuid=busy.uuid)
    case_page = selectors.case_detail(user=fresh(tw.nurse), uuid=busy.uuid)
    assert (detail.action_count, detail.evaluation_count) == (len(case_page.actions), len(case_page.evaluations))
    assert [(s.spec.number, s.step.pk, s.answers) for s in detail.steps] == [
        (s.spec.number, s.step.pk, s.answers) for s in case_page.steps]
    assert case_page.latest_version == (
        (detail.versions[0].number, detail.versions[0].created) if detail.versions else None)


def test_the_case_pages_steps_with_the_latest_version_equal_the_orm(tw: Twente):
    """One query gives the steps (as `_STEPS`) and the number and date of the latest version, which the case page
    read as the plan's versions (`_VERSIONS`, newest first) and showed the first of."""
    busy = _busy_case(tw)
    other = bas_case(tw, coordinator=tw.ib)
    for round_ in range(3):
        for case in (busy, other):
            plan = Case.objects.select_related("plan").get(pk=case.pk).plan
            steps = selectors._STEPS_WITH_LATEST_VERSION.fetch(plan_id=plan.pk)
            assert _rows(steps) == _rows(list(plan.steps.select_related("updated_by")))
            versions = list(plan.versions.all())
            latest = (versions[0].number, versions[0].created) if versions else None
            assert {(s.latest_version_number, s.latest_version_created) for s in steps} == {latest or (None, None)}
            reader = fresh(tw.nurse if case is busy else tw.ib)
            assert selectors.case_detail(user=reader, uuid=case.uuid).latest_version == latest
        services.plan_version_create(actor=tw.nurse, case=busy, note=f"versie {round_}")
        if round_ == 1:
            services.plan_version_create(actor=tw.ib, case=other, note="versie")
    assert len(busy.plan.versions.all()) == 3 and len(other.plan.versions.all()) == 1
