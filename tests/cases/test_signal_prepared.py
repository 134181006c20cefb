"""The signal page's and the signal API's queries compiled once (core.prepared), and the search that decides the
access of the matching cases only, give what the code they replace gives."""

import pytest
from django.db.models import Model
from django.http import Http404
from django.utils import timezone

from werkplaats.cases import selectors, services
from werkplaats.cases.models import Case, CaseMember, Signal
from werkplaats.cases.permissions import case_access_many, signal_access
from werkplaats.consent.models import Section

from .helpers import bas_case, bas_signal, fresh
from .test_search import _matching
from .twente import Twente


def _row(row: Model | None) -> list | None:
    return None if row is None else [getattr(row, f.attname) for f in row._meta.concrete_fields]


def _signal(signal: Signal) -> tuple:
    """The signal's fields and those of the rows read with it."""
    school = signal.school
    team = school._state.fields_cache.get("team")
    return (_row(signal), _row(school), _row(team), _row(signal.pupil), _row(signal.raised_by),
            _row(signal.addressed_to))


def test_the_signal_queries_equal_the_orm(tw: Twente, django_assert_num_queries):
    with_case = bas_case(tw).signal
    Case.objects.create(school=tw.school, signal=with_case, coordinator=tw.ib, opened_by=tw.ib,
                        category="behaviour").pupils.add(tw.bas)
    addressed = bas_signal(tw, by=tw.ib)
    signals = [with_case, addressed, *Signal.objects.exclude(pk__in=[with_case.pk, addressed.pk])]
    seen = set()
    for signal in signals:
        expected = (Signal.objects.select_related("school__team", "pupil", "raised_by", "addressed_to")
                    .prefetch_related("cases").get(uuid=signal.uuid))
        with django_assert_num_queries(2):
            found = selectors._SIGNAL_BY_UUID.fetch(uuid=signal.uuid)
            described = [_signal(s) for s in found]
            cases = selectors._CASES_OF_SIGNAL.fetch(signal_id=signal.pk)
        assert described == [_signal(expected)]
        assert [_row(c) for c in cases] == [_row(c) for c in expected.cases.all()]
        seen.add(len(cases))
    assert seen >= {0, 2}
    assert selectors._SIGNAL_BY_UUID.fetch(uuid=tw.school.uuid) == []


def test_signal_get_decides_as_with_the_orm(tw: Twente):
    signal = bas_case(tw).signal
    for user in (tw.ib, tw.nurse, tw.teacher, tw.other_ib):
        orm = Signal.objects.select_related("school__team", "pupil", "raised_by").prefetch_related("cases").get(
            pk=signal.pk)
        expected = signal_access(fresh(user), orm)
        if not expected.can_view:
            with pytest.raises(Http404):
                selectors.signal_get(user=fresh(user), uuid=signal.uuid)
            continue
        view = selectors.signal_get(user=fresh(user), uuid=signal.uuid)
        assert view.access == expected
        assert [(case.signal, [p.pk for p in case.pupils.all()]) for case in view.cases] == [
            (signal, [tw.bas.pk]) for _case in view.cases]


def _search_before(user, query: str) -> list[tuple[Case, object]]:
    """The cases of `search` as they were found before: every visible case decided on, then matched."""
    visible = selectors.cases_visible_to(user=user)
    ids = [c.pk for c, _ in visible]
    by_section = {
        Section.FAMILY_STORY: set(_matching(Case.objects.filter(pk__in=ids), ["parents_story", "pupil_voice"],
                                                      query).values_list("pk", flat=True)),
        Section.SIGNALS: set(_matching(Case.objects.filter(pk__in=ids, signal__isnull=False),
                                                 ["signal__seen_in_school", "signal__seen_outside_school"], query)
                             .values_list("pk", flat=True)),
    }
    by_name_or_note = set(_matching(Case.objects.filter(pk__in=ids), ["closing_note"], query,
                                              or_=selectors._text_filter(["pupils__given_name", "pupils__family_name"],
                                                                         query)).values_list("pk", flat=True))
    return [(case, access) for case, access in visible
            if case.pk in by_name_or_note
            or any(case.pk in hits for section, hits in by_section.items() if section not in access.withheld)]


def test_search_finds_the_cases_it_found_before(tw: Twente):
    tw.consent(tw.bas, "case", organisations=[tw.jgz], withheld_sections=[Section.FAMILY_STORY])
    withheld = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=bas_signal(tw))
    services.case_story_update(actor=tw.ib, case=withheld, version=1, pupil_voice="",
                               parents_story="Moeder ligt in het ziekenhuis.")
    shown = bas_case(tw, coordinator=tw.ib)
    services.case_story_update(actor=tw.ib, case=shown, version=1, pupil_voice="", parents_story="Het ziekenhuis.")
    services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                      reason="Acute zorg: Bas vertelde over geweld thuis.")
    found_any = set()
    for user in (tw.ib, tw.nurse, tw.teacher, tw.other_ib, tw.gp_support, tw.adviser):
        for query in ("ziekenhuis", "ruzie", "Bas", "niets hiervan"):
            expected = _search_before(fresh(user), query)
            found = selectors.search(user=fresh(user), query=query).cases
            assert [(c.pk, a) for c, a in found] == [(c.pk, a) for c, a in expected], (user, query)
            access_of = case_access_many(fresh(user), [c for c, _ in found])
            assert all(access_of[c.pk] == a for c, a in found)
            found_any.add(len(found))
    assert found_any >= {0, 1, 2}


def _visible_before(user) -> set[int]:
    """The ids of `signals_visible_to` as it read them before: the candidate ids, then the cases elsewhere."""
    from django.db.models import Q

    from werkplaats.consent.selectors import places_of

    if not user.is_authenticated or not places_of(user):
        return set()
    core = selectors.core_school_ids(user)
    elsewhere = list(selectors._case_candidates(user).filter(signal__isnull=False).exclude(signal__school__in=core)
                     .only("school", "signal", "coordinator")) if selectors._case_candidate_ids(user) else []
    access_of = case_access_many(user, elsewhere)
    from_cases = sorted({case.signal_id for case in elsewhere if access_of[case.pk].can_view})
    return set(Signal.objects.filter(
        Q(school__in=core) | Q(addressed_to=user) | Q(raised_by=user)
        | (~Q(level=Signal.Level.CHILD) & Q(school__in=selectors.ipt_school_ids(user) - core))
        | Q(pk__in=from_cases)).values_list("pk", flat=True))


def _list_before(user, status: str, school_uuid) -> list[Signal]:
    """`signal_list` as it read the signals before: every field of the rows, through the ORM."""
    signals = Signal.objects.filter(pk__in=_visible_before(user)).select_related("school", "pupil", "raised_by")
    if status == "open":
        signals = signals.filter(status__in=["new", "on_agenda"])
    elif status:
        signals = signals.filter(status=status)
    if school_uuid:
        signals = signals.filter(school__uuid=school_uuid)
    return list(signals.order_by("-created", "-pk")[:3])


def _elsewhere_world(tw: Twente) -> None:
    """Signals of every level at three schools; cases opened from a signal where the user is not in the core team
    (a member from outside, emergency access, a case of the core team's school from another school's signal)."""
    from werkplaats.cases.models import Category

    bas_case(tw)
    services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.CLASS, group="groep 4",
                          category=Category.BEHAVIOUR, seen_in_school="De klas is onrustig.")
    services.signal_raise(actor=tw.ib, school=tw.school, level=Signal.Level.SCHOOL, category=Category.BEHAVIOUR,
                          seen_in_school="Pesten op het plein.", urgency=Signal.Urgency.URGENT)
    tina = services.signal_raise(actor=tw.secondary_ib, school=tw.secondary, level=Signal.Level.CHILD,
                                 category=Category.BEHAVIOUR, seen_in_school="Tina verzuimt.", pupil=tw.tina)
    tw.consent(tw.tina, "case", organisations=[tw.jgz], by=tw.secondary_ib)
    outside = Case.objects.create(school=tw.secondary, signal=tina, coordinator=tw.nurse, opened_by=tw.secondary_ib,
                                  category="behaviour")
    outside.pupils.add(tw.tina)
    CaseMember.objects.create(case=outside, user=tw.nurse)
    services.signal_raise(actor=tw.other_ib, school=tw.other_school, level=Signal.Level.SCHOOL,
                          category=Category.BEHAVIOUR, seen_in_school="Veel verzuim.")
    crossed = Case.objects.create(school=tw.school, signal=tina, coordinator=tw.ib, opened_by=tw.ib,
                                  category="behaviour")
    crossed.pupils.add(tw.bas)
    CaseMember.objects.create(case=crossed, user=tw.ib)
    services.emergency_access_request(actor=tw.gp_support, pupil=tw.bas,
                                      reason="Acute zorg: Bas vertelde over geweld thuis.")


def _listed(signal: Signal) -> tuple:
    """What the list and the API show of a signal."""
    from werkplaats.cases.api.serializers import SignalOutput

    return (signal.pk, SignalOutput(signal).data, str(signal.pupil) if signal.pupil else None, signal.reference,
            signal.get_category_display(), signal.get_status_display(), signal.pupil_id)


def test_the_prepared_signal_list_equals_the_orm(tw: Twente, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from werkplaats.audit.models import AccessLogEntry
    from werkplaats.cases.api.serializers import SignalOutput, created_in_current_timezone, signal_row_output
    from werkplaats.cases.templatetags.signal_rows import signal_rows

    _elsewhere_world(tw)
    elsewhere = {user: selectors._signals_from_cases(fresh(user), selectors.core_school_ids(fresh(user)))
                 for user in (tw.nurse, tw.gp_support, tw.ib)}
    # a member from outside; emergency access to Bas (his case, and the case of Tina's signal); the core team's case
    assert [len(found) for found in elsewhere.values()] == [1, 2, 1]
    users = [tw.ib, tw.teacher, tw.nurse, tw.director, tw.gp_support, tw.other_ib, tw.secondary_ib, tw.adviser,
             tw.privacy_officer, tw.childcare_worker]
    seen = set()
    for user in users:
        assert set(selectors.signals_visible_to(user=fresh(user)).values_list("pk", flat=True)) == _visible_before(
            fresh(user)), user
        for status in ("open", "", "new", "case_opened", "bogus"):
            for school in (None, tw.school.uuid, tw.secondary.uuid):
                expected = _list_before(fresh(user), status, school)
                found = selectors.signal_list(user=fresh(user), status=status, school_uuid=school, limit=3)
                with django_assert_num_queries(0):  # what is shown came with the list
                    assert [_listed(s) for s in found] == [_listed(s) for s in expected], (user, status, school)
                    assert signal_rows(found, "c", "e") == signal_rows(expected, "c", "e")
                # the API's rows: the same output, logged the same
                logged = AccessLogEntry.objects.filter(user_id=user.pk).count()
                rows = selectors.signal_list_rows(user=fresh(user), status=status, school_uuid=school, limit=3)
                assert [signal_row_output(row) for row in rows] == [SignalOutput(s).data for s in expected]
                in_list = created_in_current_timezone()  # as the API's list writes them
                assert [signal_row_output(row, in_list) for row in rows] == [SignalOutput(s).data for s in expected]
                entries = list(AccessLogEntry.objects.filter(user_id=user.pk).order_by("pk").values_list(
                    "event_type", "object_id", "pupil_uuid", "authorisation", "purpose"))
                assert entries[logged:] == entries[logged - len(found):logged]
                seen.add(len(found))
    assert seen == {0, 1, 2, 3}
    assert selectors.signal_list(user=AnonymousUser()) == []
    assert selectors.signal_list_rows(user=AnonymousUser()) == []
    assert not selectors.signals_visible_to(user=AnonymousUser()).exists()


def test_the_chronology_reads_equal_the_orm(tw: Twente, django_assert_num_queries):
    from django.db.models import Q

    from werkplaats.cases.models import Handover
    from werkplaats.consent.models import Purpose
    from werkplaats.pupils.models import Pupil

    _elsewhere_world(tw)
    tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
    for kind in (Handover.Kind.CHILDCARE_PRIMARY, Handover.Kind.CHILDCARE_PRIMARY):
        services.handover_create(actor=tw.childcare_worker, pupil=tw.sara, to_school=tw.school, kind=kind, summary="x")
    services.handover_send(actor=tw.childcare_worker, handover=Handover.objects.filter(pupil=tw.sara).first())
    seen = set()
    for pupil in (tw.bas, tw.tina, tw.sara, tw.classmate, tw.lotte):
        signals = list(Signal.objects.filter(pupil=pupil).only(
            "uuid", "created", "school", "level", "addressed_to", "raised_by", "category", "status"))
        cases = list(Case.objects.filter(
            Q(pk__in=Case.pupils.through.objects.filter(pupil=pupil).values("case_id"))
            | Q(signal__in=[signal.pk for signal in signals])).prefetch_related("pupils"))
        handovers = list(Handover.objects.filter(pupil=pupil).exclude(status=Handover.Status.DRAFT).only(
            "uuid", "created", "sent_at", "kind", "status", "sender", "to_user", "to_school", "consent"))
        assert [_row(p) for p in selectors._PUPIL_BY_UUID.fetch(uuid=pupil.uuid)] == [
            _row(Pupil.objects.filter(uuid=pupil.uuid).first())]
        assert [_row(s) for s in selectors._SIGNALS_OF_PUPIL.fetch(pupil_id=pupil.pk)] == [_row(s) for s in signals]
        assert [_row(c) for c in selectors._CASES_OF_PUPIL.fetch(pupil_id=pupil.pk)] == [_row(c) for c in cases]
        assert [_row(h) for h in selectors._HANDOVERS_OF_PUPIL.fetch(pupil_id=pupil.pk)] == [
            _row(h) for h in handovers]
        seen.add((len(signals), len(cases), len(handovers)))
    assert {size for sizes in seen for size in sizes} >= {0, 1, 2}
    assert selectors._PUPIL_BY_UUID.fetch(uuid=tw.school.uuid) == []


def test_the_api_signal_query_shows_and_decides_as_the_orm(tw: Twente, django_assert_num_queries):
    """The signal API reads only what it shows and decides on: the same output, the same access and log."""
    from werkplaats.audit.models import AccessLogEntry
    from werkplaats.cases.api.serializers import SignalOutput

    with_case = bas_case(tw).signal
    class_signal = services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.SCHOOL,
                                         category="health", seen_in_school="x")
    for signal in (with_case, class_signal):
        expected = Signal.objects.select_related("school__team", "pupil", "raised_by").get(pk=signal.pk)
        with django_assert_num_queries(1):
            found = selectors._SIGNAL_SHOWN_BY_UUID.fetch(uuid=signal.uuid)
            assert SignalOutput(found[0]).data == SignalOutput(expected).data
            assert (found[0].school_id, found[0].addressed_to_id, found[0].raised_by_id, found[0].pupil_id,
                    found[0].school.team.pk, found[0].school.team.school_id) == (
                expected.school_id, expected.addressed_to_id, expected.raised_by_id, expected.pupil_id,
                expected.school.team.pk, expected.school.team.school_id)
        for user in (tw.ib, tw.nurse, tw.teacher, tw.other_ib):
            try:
                page = selectors.signal_get(user=fresh(user), uuid=signal.uuid)
            except Http404:
                with pytest.raises(Http404):
                    selectors.signal_get(user=fresh(user), uuid=signal.uuid, details=False)
                continue
            api = selectors.signal_get(user=fresh(user), uuid=signal.uuid, event_type="signal.api", details=False)
            assert api.access == page.access
            assert SignalOutput(api.signal).data == SignalOutput(page.signal).data
            logged = list(AccessLogEntry.objects.filter(user_id=user.pk, object_type="signal").order_by("-pk")
                          .values_list("event_type", "authorisation", "pupil_uuid")[:2])
            assert logged[0][0] == "signal.api" and logged[0][1:] == logged[1][1:]
    assert selectors._SIGNAL_SHOWN_BY_UUID.fetch(uuid=tw.school.uuid) == []


def test_the_signal_pages_consultations_and_escalations_equal_the_orm(tw: Twente, django_assert_num_queries):
    """`signal_consultations` and the escalations query give what the queryset with its two prefetches gave."""
    from werkplaats.cases.models import Consultation, Contribution, Escalation

    signal, other, empty = bas_signal(tw), bas_signal(tw, by=tw.ib), bas_signal(tw)
    for target in (signal, other):
        first = Consultation.objects.create(signal=target, started_by=tw.ib, concluded_by=tw.ib,
                                            concluded_at=timezone.now(), outcome=Consultation.Outcome.values[0])
        second = Consultation.objects.create(signal=target, started_by=tw.nurse)
        first.active_members.add(tw.nurse, tw.ib)
        second.active_members.add(tw.ib)
        Contribution.objects.create(consultation=first, author=tw.nurse, text="zorgen")
        Contribution.objects.create(consultation=first, author=tw.ib, text="ook")
        Contribution.objects.create(consultation=second, author=tw.ib, text="later")
        for direction in ("up", "down"):
            Escalation.objects.create(signal=target, direction=direction, reason="r", actor=tw.ib)
    Consultation.objects.create(signal=empty, started_by=tw.ib)
    for target in (signal, other, empty, bas_signal(tw)):
        expected = list(target.consultations.select_related("started_by", "concluded_by")
                        .prefetch_related("contributions__author", "active_members").order_by("created"))
        with django_assert_num_queries(3 if expected else 1):
            found = selectors.signal_consultations(target)
        with django_assert_num_queries(0):
            assert [_row(c) + [_row(c.started_by), _row(c.concluded_by)] for c in found] == [
                _row(c) + [_row(c.started_by), _row(c.concluded_by)] for c in expected]
            for got, want in zip(found, expected, strict=True):
                assert [(_row(item), _row(item.author), item.consultation is got)
                        for item in got.contributions.all()] == [
                    (_row(item), _row(item.author), True) for item in want.contributions.all()]
                assert sorted(_row(u) for u in got.active_members.all()) == sorted(
                    _row(u) for u in want.active_members.all())
        assert [_row(e) + [_row(e.actor)] for e in selectors._ESCALATIONS_OF_SIGNAL.fetch(signal_id=target.pk)] == [
            _row(e) + [_row(e.actor)] for e in target.escalations.select_related("actor").order_by("-created")]


def test_the_next_core_meeting_equals_the_orm(tw: Twente):
    """The signal page's next core-team meeting: the former queryset's first row."""
    from werkplaats.teams.models import Meeting, Team

    def former() -> Meeting | None:
        return (tw.team.meetings.filter(layer=Team.Layer.CORE, status=Meeting.Status.PLANNED,
                                        ends_at__gte=timezone.now()).order_by("starts_at").first())

    assert selectors.next_core_meeting(school=tw.school) is None is former()
    later, sooner, past = tw.meeting(days=9), tw.meeting(days=2), tw.meeting(days=-3)
    for expected in (sooner, later, None):
        found = selectors.next_core_meeting(school=tw.school)
        assert _row(found) == _row(former()) and (found.pk if found else None) == (expected.pk if expected else None)
        if expected is not None:
            Meeting.objects.filter(pk=expected.pk).update(status=Meeting.Status.CLOSED)
    assert past.status == Meeting.Status.PLANNED
