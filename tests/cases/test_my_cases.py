"""The dashboard as a start page (the first rows of each list, counts and links to the full lists) and the page
"my cases" (all open cases of one role, paged): what they list, count and log."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from werkplaats.audit.models import AccessLogEntry
from werkplaats.cases import permissions, selectors, services
from werkplaats.cases.models import Case, Handover
from werkplaats.consent.models import Consent, Purpose
from werkplaats.consent.selectors import DECIDING_FIELDS
from werkplaats.teams.models import Action

from .helpers import bas_case, bas_signal, fresh
from .test_views import client_for

TODAY = timezone.localdate


def _cases(tw, count: int) -> list[Case]:
    """`count` cases of Bas with the youth nurse as regiehouder and the IB'er as member, newest first."""
    return [bas_case(tw) for _ in range(count)][::-1]


def _refused_case(tw) -> Case:
    """A case of Bas coordinated by the youth nurse, newer than the others, that also has Bas's classmate without a
    consent: the nurse (from outside the school) may not edit it."""
    case = bas_case(tw)
    case.pupils.add(tw.classmate)
    return case


def _late(tw, case: Case, owner) -> None:
    """An open action of `owner` in the case, due yesterday."""
    action = services.case_action_add(actor=tw.nurse, case=case, description="Bellen", owner=owner, due_date=TODAY())
    Action.objects.filter(pk=action.pk).update(due_date=TODAY() - timedelta(days=1))


def _logged(event_type: str) -> list[str]:
    return sorted(AccessLogEntry.objects.filter(event_type=event_type).values_list("object_id", flat=True))


def _uuids(cases) -> list[str]:
    return sorted(str(case.uuid) for case in cases)


class TestDashboardCaps:
    def test_ten_rows_of_each_table_and_a_link_to_all(self, tw):
        cases = _cases(tw, 12)
        board = selectors.dashboard(user=fresh(tw.nurse))
        assert [row.case for row in board.coordinated] == cases[:10]
        assert board.coordinated_count == 12 and board.involved == [] and board.involved_count == 0
        assert _logged("case.dashboard") == _uuids(cases[:10])
        ib_board = selectors.dashboard(user=fresh(tw.ib))
        assert [row.case for row in ib_board.involved] == cases[:10] and ib_board.involved_count == 12
        nurse_page = client_for(tw.nurse).get(reverse("cases:index")).content.decode()
        assert "Alle 12 casussen waarvan ik regiehouder ben" in nurse_page
        assert f'href="{reverse("cases:my-cases")}?rol=regie"' in nurse_page
        assert "casussen waarbij ik betrokken ben</a>" not in nurse_page
        assert str(cases[9].reference) in nurse_page and f">{cases[10].reference}<" not in nurse_page
        ib_page = client_for(tw.ib).get(reverse("cases:index")).content.decode()
        assert "Alle 12 casussen waarbij ik betrokken ben" in ib_page and "?rol=betrokken" in ib_page

    def test_no_link_for_ten_or_fewer(self, tw):
        cases = _cases(tw, 10)
        board = selectors.dashboard(user=fresh(tw.nurse))
        assert [row.case for row in board.coordinated] == cases and board.coordinated_count == 10
        body = client_for(tw.nurse).get(reverse("cases:index")).content.decode()
        assert "Casussen waarvan ik regiehouder ben" in body and "Alle 10" not in body and "?rol=" not in body

    def test_a_case_the_user_may_not_edit_is_skipped(self, tw):
        cases = _cases(tw, 11)
        refused = _refused_case(tw)
        board = selectors.dashboard(user=fresh(tw.nurse))
        assert [row.case for row in board.coordinated] == cases[:10]
        assert board.coordinated_count == 11  # the refused case and the ten shown; one more left undecided
        assert str(refused.uuid) not in _logged("case.dashboard")
        assert _logged("case.dashboard") == _uuids(cases[:10])

    def test_points_of_attention_are_capped(self, tw):
        cases = _cases(tw, 12)
        for case in cases:
            services.evaluation_plan(actor=tw.nurse, case=case, planned_on=TODAY() + timedelta(days=3))
        board = selectors.dashboard(user=fresh(tw.nurse))
        assert [e.case for e in board.evaluations_due] == cases[:10] and board.attention_more == 2
        assert board.attention_role == selectors.COORDINATOR
        assert [row.next_evaluation.planned_on for row in board.coordinated] == [TODAY() + timedelta(days=3)] * 10
        body = client_for(tw.nurse).get(reverse("cases:index")).content.decode()
        assert "En nog 2 punten die aandacht vragen" in body

    def test_an_attention_point_outside_the_rows_is_decided_and_logged(self, tw):
        cases = _cases(tw, 12)
        _late(tw, cases[11], tw.nurse)
        board = selectors.dashboard(user=fresh(tw.nurse))
        assert [a.case for a in board.my_overdue_actions] == [cases[11]] and board.attention_more == 0
        assert _logged("case.dashboard") == _uuids(cases[:10] + cases[11:])
        body = client_for(tw.nurse).get(reverse("cases:index")).content.decode()
        assert f"Uw actie in casus {cases[11].reference}" in body and "En nog" not in body

    def test_signals_are_counted_not_shown(self, tw):
        """The dashboard says how many open signals wait and links to the signal list; it shows and logs none."""
        signals = [bas_signal(tw) for _ in range(12)]
        services.signal_withdraw(actor=tw.teacher, signal=signals[0])
        board = selectors.dashboard(user=fresh(tw.ib))
        assert (board.signals_waiting, board.my_open_signals) == (11, 0)
        teacher = selectors.dashboard(user=fresh(tw.teacher))
        assert (teacher.signals_waiting, teacher.my_open_signals) == (0, 11)
        assert _logged("signal.dashboard") == []
        body = client_for(tw.ib).get(reverse("cases:index")).content.decode()
        assert "11 signalen wachten op bespreking door het kernteam." in body
        assert f'href="{reverse("cases:signals")}"' in body
        assert all(signal.reference not in body for signal in signals)
        body = client_for(tw.teacher).get(reverse("cases:index")).content.decode()
        assert "11 signalen die u inbracht zijn nog niet besproken." in body

    def test_handovers_to_accept_are_listed_and_logged(self, tw):
        assert selectors.dashboard(user=fresh(tw.ib)).incoming_handovers == []
        assert _logged("handover.dashboard") == []
        tw.consent(tw.sara, Purpose.HANDOVER, schools=[tw.school], by=tw.childcare_worker)
        handover = services.handover_create(actor=tw.childcare_worker, pupil=tw.sara, to_school=tw.school,
                                            kind=Handover.Kind.CHILDCARE_PRIMARY, summary="Sara.")
        services.handover_send(actor=tw.childcare_worker, handover=handover)
        assert selectors.dashboard(user=fresh(tw.ib)).incoming_handovers == [handover]
        assert list(AccessLogEntry.objects.filter(event_type="handover.dashboard").values_list(
            "object_id", "pupil_uuid")) == [(str(handover.uuid), tw.sara.uuid)]
        body = client_for(tw.ib).get(reverse("cases:index")).content.decode()
        assert f'href="{reverse("cases:handover", kwargs={"uuid": handover.uuid})}"' in body
        assert f"{handover.get_kind_display()}: {tw.sara}" in body


class TestMyCases:
    def test_pages_of_the_role(self, tw, monkeypatch):
        cases = _cases(tw, 12)
        monkeypatch.setattr(selectors, "MY_CASES_PAGE_SIZE", 5)
        for number, shown in ((1, cases[:5]), (2, cases[5:10]), (3, cases[10:])):
            AccessLogEntry.objects.all().delete()
            page = selectors.my_cases(user=fresh(tw.nurse), role=selectors.COORDINATOR, page=number)
            assert [row.case for row in page] == shown and page.number == number
            assert page.paginator.count == 12 and page.paginator.num_pages == 3
            assert _logged("case.my_cases") == _uuids(shown)
        assert selectors.my_cases(user=fresh(tw.nurse), role=selectors.COORDINATOR, page=99).number == 3
        assert selectors.my_cases(user=fresh(tw.nurse), role=selectors.COORDINATOR, page="x").number == 1
        assert [row.case for row in selectors.my_cases(user=fresh(tw.ib), role=selectors.INVOLVED)] == cases[:5]
        assert list(selectors.my_cases(user=fresh(tw.ib), role=selectors.COORDINATOR)) == []
        assert list(selectors.my_cases(user=fresh(tw.nurse), role=selectors.INVOLVED)) == []

    def test_the_page(self, tw):
        cases = _cases(tw, 3)
        refused = _refused_case(tw)
        _late(tw, cases[1], tw.ib)
        page = selectors.my_cases(user=fresh(tw.nurse), role=selectors.COORDINATOR)
        assert page.paginator.per_page == 25 and [row.overdue for row in page] == [0, 1, 0]
        AccessLogEntry.objects.all().delete()
        client = client_for(tw.nurse)
        url = reverse("cases:my-cases")
        body = client.get(url).content.decode()
        assert "<h1 class=\"utrecht-heading-1\">Casussen waarvan ik regiehouder ben</h1>" in body
        assert all(str(case.reference) in body for case in cases) and str(refused.reference) not in body
        assert "3 lopende casussen." in body and "Bas Twente" in body and "Paginering" not in body
        assert _logged("case.my_cases") == _uuids(cases)
        for query in ("?rol=onzin", "?page=7", "?page=-1&rol=regie", "?page=abc"):
            response = client.get(url + query)
            assert response.status_code == 200 and str(cases[0].reference) in response.content.decode()
        empty = client.get(url + "?rol=betrokken").content.decode()
        assert "U bent (nog) niet betrokken bij andere lopende casussen." in empty and "<table" not in empty
        assert "Casussen waarbij ik betrokken ben" in empty
        ib = client_for(tw.ib).get(url + "?rol=betrokken").content.decode()
        assert all(str(case.reference) in ib for case in cases)

    def test_pagination_links(self, tw, monkeypatch):
        _cases(tw, 3)
        monkeypatch.setattr(selectors, "MY_CASES_PAGE_SIZE", 1)
        body = client_for(tw.ib).get(reverse("cases:my-cases") + "?rol=betrokken&page=2").content.decode()
        assert "Pagina 2 van 3" in body
        assert 'href="?rol=betrokken&amp;page=1" rel="prev"' in body
        assert 'href="?rol=betrokken&amp;page=3" rel="next"' in body

    def test_a_user_without_cases(self, tw):
        for user in (tw.adviser, tw.teacher):
            response = client_for(user).get(reverse("cases:my-cases"))
            assert response.status_code == 200
            assert "U bent nog geen regiehouder van een lopende casus." in response.content.decode()
        assert not AccessLogEntry.objects.filter(event_type="case.my_cases").exists()


@pytest.mark.parametrize("name", ["cases:my-cases"])
def test_needs_both_login_steps(tw, name):
    from django.test import Client

    client = Client()
    client.force_login(tw.ib)
    response = client.get(reverse(name))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def _loaded(rows, related: str) -> list[tuple]:
    """Each row's loaded fields (not the deferred ones) and those of the row it was read with (`related`)."""
    described = []
    for row in rows:
        other = row._state.fields_cache[related]
        described.append(tuple((instance.get_deferred_fields(), {
            f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields
            if f.attname not in instance.get_deferred_fields()}) for instance in (row, other)))
    return described


def test_the_listed_reads_equal_the_orm(tw):
    """"My cases" reads only the fields of a case row: as the ORM's `only()` querysets, with every field the rows,
    the access layer and the log use."""
    cases = _cases(tw, 3)
    cases[0].pupils.add(tw.classmate)
    ids = [case.pk for case in cases]
    for some in ([], ids[:1], ids, ids * 3):
        listed = selectors._LISTED_CASES_BY_IDS.fetch(case_ids=some)
        assert _loaded(listed, "school") == _loaded(Case.objects.filter(pk__in=some).select_related("school").only(
            "uuid", "school", "coordinator", "status", "escalation", "school__name"), "school")
        pupils = selectors._LISTED_PUPILS_OF_CASES.fetch(case_ids=some)
        assert _loaded(pupils, "pupil") == _loaded(
            Case.pupils.through.objects.filter(case__in=some).select_related("pupil").only(
                "case", "pupil__uuid", "pupil__given_name", "pupil__family_name").order_by("pk"), "pupil")
    for case in listed:
        assert {"uuid", "school_id", "coordinator_id", "status", "escalation"}.isdisjoint(case.get_deferred_fields())
        assert "name" not in case.school.get_deferred_fields()
    assert {"uuid", "given_name", "family_name"}.isdisjoint(pupils[0].pupil.get_deferred_fields())


@pytest.mark.parametrize("page", ["dashboard", "case list API", "search"])
def test_the_other_case_lists_read_no_pupils_per_case(tw, page):
    """The dashboard, the case list API and the search page list cases whose pupils were kept with them
    (`keep_pupils`): their queries do not grow with their rows."""
    from rest_framework.test import APIClient

    from .test_api import api

    def request(client: Client | APIClient):
        if page == "dashboard":
            return client.get(reverse("cases:index"))
        if page == "case list API":
            return client.get("/api/v1/cases/?status=open")
        return client.post(reverse("cases:search"), {"q": "Bas"})

    user = tw.nurse if page == "dashboard" else tw.ib
    client = api(user) if page == "case list API" else client_for(user)
    counts = []
    for count in (1, 4):
        _cases(tw, count)
        request(client)
        with CaptureQueriesContext(connection) as queries:
            response = request(client)
        assert response.status_code == 200 and "Bas" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_page_reads_no_deferred_field(tw):
    """The page's queries do not grow with its rows: no row reads a field the listed reads left out."""
    client = client_for(tw.nurse)
    url = reverse("cases:my-cases")
    counts = []
    for count in (1, 4):
        _cases(tw, count)
        _late(tw, Case.objects.order_by("-pk")[0], tw.ib)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_list_is_decided_on_what_deciding_reads_of_its_consents(tw):
    """Deciding a list of cases reads of each consent only DECIDING_FIELDS (the log names it by uuid, without a
    query); one case, whose page shows its consents, reads them whole."""
    cases = _cases(tw, 2)
    listed = permissions.case_access_many(fresh(tw.nurse), list(Case.objects.filter(pk__in=[c.pk for c in cases])))
    consents = [consent for access in listed.values() for consent in access.consents]
    every = {field.attname for field in Consent._meta.concrete_fields}
    read = {Consent._meta.get_field(name).attname for name in (*DECIDING_FIELDS, "id")}
    assert len(consents) == 2 and all(consent.get_deferred_fields() == every - read for consent in consents)
    with CaptureQueriesContext(connection) as queries:
        texts = [access.consent_text for access in listed.values()]
    assert len(queries) == 0 and texts == [f"toestemming {consents[0].uuid}"] * 2
    single = permissions.case_access(fresh(tw.nurse), Case.objects.get(pk=cases[0].pk))
    assert single.consents[0].get_deferred_fields() == set()


def test_listed_cases_keep_their_pupils_for_pupils_of(tw):
    """The cases of "my cases" keep their pupils outside `case.pupils.all()` (no related manager built per case);
    `pupils_of` gives them without a query, and deciding the same cases again reads no pupils."""
    _cases(tw, 2)[0].pupils.add(tw.classmate)
    nurse = fresh(tw.nurse)
    rows = list(selectors.my_cases(user=nurse, role=selectors.COORDINATOR))
    assert len(rows) == 1  # the case with the classmate, who has no consent for GGD Twente, is not editable
    with CaptureQueriesContext(connection) as queries:
        pupils = [selectors.pupils_of(row.case) for row in rows]
        permissions._case_access_batch(nurse, [row.case for row in rows], TODAY())
    assert pupils == [[tw.bas]] and "_prefetched_objects_cache" not in rows[0].case.__dict__
    assert not [q for q in queries if "pupils_pupil" in q["sql"] or "cases_case_pupils" in q["sql"]]
