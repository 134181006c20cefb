"""The search (`cases.selectors.search`) finds what the plain ORM queries it replaced found, in the same order,
and on PostgreSQL the text matches are answered by the GIN indexes of migration cases 0002_search_indexes."""

import importlib

import pytest
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from werkplaats.cases import selectors, services
from werkplaats.cases.models import CarePlanStep, Case, Evaluation, Signal
from werkplaats.consent.models import Section

from .helpers import bas_case, bas_signal, fresh
from .twente import Twente

indexes = importlib.import_module("werkplaats.cases.migrations.0002_search_indexes")


def _matching(queryset: QuerySet, fields: list[str], query: str, *, or_: Q | None = None) -> QuerySet:
    """The former `_matching`: the vector of each row computed and compared."""
    if connection.vendor == "postgresql":
        vector = SearchVector(*fields, config="dutch")
        matches = Q(search=SearchQuery(query, config="dutch", search_type="websearch"))
        return queryset.alias(search=vector).filter(matches | or_ if or_ is not None else matches)
    matches = selectors._text_filter(fields, query)
    return queryset.filter(matches | or_ if or_ is not None else matches)


_SECTIONS = {
    Section.FAMILY_STORY: (lambda ids: Case.objects.filter(pk__in=ids), ["parents_story", "pupil_voice"], "pk"),
    Section.PLAN: (lambda ids: CarePlanStep.objects.filter(plan__case__in=ids), ["answers"], "plan__case"),
    Section.EVALUATIONS: (lambda ids: Evaluation.objects.filter(case__in=ids),
                          ["right_agreements", "progress_note", "add_or_remove", "dissenting_opinions"], "case"),
    Section.SIGNALS: (lambda ids: Case.objects.filter(pk__in=ids, signal__isnull=False),
                      ["signal__seen_in_school", "signal__seen_outside_school"], "pk"),
}


def _search_before(user, query: str, limit: int = 50) -> tuple[list[Signal], list]:
    """The former search, query by query with the ORM."""
    query = query.strip()
    names = selectors._text_filter(["pupil__given_name", "pupil__family_name"], query)
    visible = Signal.objects.filter(pk__in=selectors.signals_visible_to(user=user).values("pk"))
    signals = list(_matching(visible, ["seen_in_school", "seen_outside_school", "advice"], query, or_=names)
                   .select_related("school", "pupil").order_by("-created")[:limit])
    ids = list(selectors._case_candidates(user).values_list("pk", flat=True))
    by_section = {section: set(_matching(rows(ids), fields, query).values_list(case, flat=True))
                  for section, (rows, fields, case) in _SECTIONS.items()}
    by_name_or_note = set(_matching(Case.objects.filter(pk__in=ids), ["closing_note"], query,
                                    or_=selectors._text_filter(["pupils__given_name", "pupils__family_name"], query))
                          .values_list("pk", flat=True))
    found = by_name_or_note.union(*by_section.values())
    matched = list(Case.objects.filter(pk__in=sorted(found)).select_related("school", "coordinator")
                   .prefetch_related("pupils").order_by("-created", "-pk"))
    access_of = selectors.case_access_many(user, matched)
    cases = [(case, access) for case in matched if (access := access_of[case.pk]).can_view and (
        case.pk in by_name_or_note
        or any(case.pk in hits for section, hits in by_section.items() if section not in access.withheld))][:limit]
    return signals, cases


def _signal_rows(signals: list[Signal]) -> list[tuple]:
    return [(s.pk, s.school.name, s.pupil.pk if s.pupil else None) for s in signals]


def _case_rows(cases: list) -> list[tuple]:
    return [(c.pk, a, c.school.name, c.coordinator.pk, [p.pk for p in c.pupils.all()]) for c, a in cases]


@pytest.fixture
def texts(tw: Twente) -> Twente:
    """Bas's case with a word in each section; a case whose family story the consent withholds from GGD Twente;
    a case and a signal about a classmate and a group signal without a pupil."""
    case = bas_case(tw)
    services.case_story_update(actor=tw.ib, case=case, version=1, pupil_voice="Ik wil naar de mentor.",
                               parents_story="Moeder ligt in het ziekenhuis.")
    services.plan_step_save(actor=tw.nurse, case=case, number=1, answers={"q1": "Afspraak over pesten"},
                            provisional=False, version=1)
    evaluation = services.evaluation_plan(actor=tw.nurse, case=case, planned_on=timezone.localdate(case.created))
    Evaluation.objects.filter(pk=evaluation.pk).update(progress_note="Het pesten is minder geworden.")
    Case.objects.filter(pk=case.pk).update(closing_note="Afgesloten na de verhuizing.")
    tw.consent(tw.bas, "case", organisations=[tw.jgz], withheld_sections=[Section.FAMILY_STORY])
    withheld = services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.bas], coordinator=tw.nurse,
                                  category="behaviour", signal=bas_signal(tw))
    services.case_story_update(actor=tw.ib, case=withheld, version=1, pupil_voice="",
                               parents_story="Vader ligt ook in het ziekenhuis.")
    services.case_open(actor=tw.ib, school=tw.school, pupils=[tw.classmate], coordinator=tw.ib,
                       category="behaviour")
    services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.CHILD, category="behaviour",
                          seen_in_school="Mees is stil en pest niet.", seen_outside_school="", pupil=tw.classmate)
    services.signal_raise(actor=tw.teacher, school=tw.school, level=Signal.Level.CLASS, category="behaviour",
                          seen_in_school="Veel ruzie in groep 4.", seen_outside_school="", group="groep 4")
    return tw


QUERIES = ("ziekenhuis", "pesten", "mentor", "verhuizing", "ruzie", "Bas", "twente", "Bas Twente", "oldenkamp",
           "de", "niets hiervan", '"ruzie met"', "ruzie -schoolplein", "50%_", "a", "e s t", "  pest  ",
           "Het pesten is na de verhuizing van Bas minder geworden")  # more words than are compiled once


def test_search_finds_what_the_orm_queries_found(texts: Twente):
    tw = texts
    seen_signals, seen_cases = set(), set()
    for user in (tw.ib, tw.nurse, tw.teacher, tw.other_ib, tw.gp_support, tw.adviser, tw.director):
        for query in QUERIES:
            signals, cases = _search_before(fresh(user), query)
            found = selectors.search(user=fresh(user), query=query)
            assert _signal_rows(found.signals) == _signal_rows(signals), (user, query)
            assert _case_rows(found.cases) == _case_rows(cases), (user, query)
            seen_signals.add(len(signals))
            seen_cases.add(len(cases))
    assert seen_signals >= {0, 1, 2, 3} and seen_cases >= {0, 1, 2}


def test_search_limit_keeps_the_latest(texts: Twente):
    signals, cases = _search_before(fresh(texts.ib), "Bas", limit=1)
    found = selectors.search(user=fresh(texts.ib), query="Bas", limit=1)
    assert _signal_rows(found.signals) == _signal_rows(signals) and len(signals) == 1
    assert _case_rows(found.cases) == _case_rows(cases) and len(cases) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
@pytest.mark.parametrize(("model", "name", "fields"), indexes.INDEXES)
def test_the_text_matches_use_the_gin_indexes(db, model, name, fields):
    subquery = selectors._texts(Case._meta.apps.get_model("cases", model), fields, "ziekenhuis")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = subquery.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert f"Bitmap Index Scan on {name}" in plan, plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
def test_the_gin_indexes_take_new_texts_at_once(db):
    """Migration 0003: no pending list that every search would have to read until the next vacuum."""
    names = [name for _model, name, _fields in indexes.INDEXES]
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)", [names])
        options = dict(cursor.fetchall())
    assert options == {name: ["fastupdate=off"] for name in names}
