"""Several members editing at once lose nothing (PostgreSQL, real concurrent transactions): of two writers
starting from the same version exactly one wins, the other gets EditConflict with the winner's text; notes
added at the same moment all arrive."""

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from tests.teams.conftest import at
from werkplaats.teams import services
from werkplaats.teams.models import AgendaItem, Team, TeamAgreement, WorkshopNote
from werkplaats.teams.services import EditConflict

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def on_postgresql():
    """These tests prove PostgreSQL's row locks; the suite always runs on PostgreSQL."""
    assert connection.vendor == "postgresql"


def _in_thread(target: Callable[[], Any], results: dict[str, Any], key: str) -> threading.Thread:
    def run() -> None:
        try:
            results[key] = target()
        except Exception as error:  # noqa: BLE001 - the test inspects what happened
            results[key] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _overlapping(first: Callable[[], Any], second: Callable[[], Any]) -> dict[str, Any]:
    """Run `first` in a transaction that stays open until `second` (in another connection) is waiting for the
    same row; then commit `first` and let `second` finish."""
    results: dict[str, Any] = {}
    written, release = threading.Event(), threading.Event()

    def held() -> Any:
        with transaction.atomic():
            value = first()
            written.set()
            release.wait(10)
        return value

    one = _in_thread(held, results, "first")
    assert written.wait(10)
    two = _in_thread(second, results, "second")
    time.sleep(0.5)  # the second writer is now blocked on the first one's row lock
    assert "second" not in results
    release.set()
    one.join(10)
    two.join(10)
    return results


@pytest.fixture
def item(ipt):
    meeting = services.meeting_plan(actor=ipt.region.ib, team=ipt.team, layer=Team.Layer.CORE, starts_at=at(2),
                                    ends_at=at(2, 11))
    return meeting.agenda_items.get(kind=AgendaItem.Kind.CONCERNS)


def test_two_members_saving_minutes_at_once(ipt, item):
    region, base = ipt.region, item.version
    results = _overlapping(
        lambda: services.agenda_item_record_minutes(actor=region.nurse, item=AgendaItem.objects.get(pk=item.pk),
                                                    minutes="Verslag van Nora", version=base),
        lambda: services.agenda_item_record_minutes(actor=region.director, item=AgendaItem.objects.get(pk=item.pk),
                                                    minutes="Verslag van Dirk", version=base),
    )
    assert isinstance(results["first"], AgendaItem)
    conflict = results["second"]
    assert isinstance(conflict, EditConflict)
    assert conflict.current.minutes == "Verslag van Nora"
    assert conflict.message.startswith("Nora Jansen heeft dit intussen gewijzigd")
    saved = AgendaItem.objects.get(pk=item.pk)
    assert (saved.minutes, saved.version) == ("Verslag van Nora", base + 1)


def test_two_managers_changing_an_agreement_at_once(ipt):
    region = ipt.region

    def record(actor, text):
        return lambda: services.agreement_record(actor=actor, team=Team.objects.get(pk=ipt.team.pk),
                                                 topic=TeamAgreement.Topic.MINUTES, text=text, base_version=0)

    results = _overlapping(record(region.ib, "De IB'er notuleert"), record(region.facilitator, "Wie voorzit"))
    assert isinstance(results["first"], TeamAgreement)
    assert isinstance(results["second"], EditConflict)
    assert results["second"].current.text == "De IB'er notuleert"
    assert list(TeamAgreement.objects.values_list("text", "version")) == [("De IB'er notuleert", 1)]


def test_notes_typed_at_the_same_moment_all_arrive(ipt):
    region = ipt.region
    workshop = services.workshop_start(actor=region.ib, team=ipt.team)
    barrier = threading.Barrier(3)
    results: dict[str, Any] = {}

    def typing(user, name):
        def run():
            barrier.wait(10)
            for n in range(10):
                services.workshop_note_add(actor=user, workshop=workshop, step=3, text=f"{name} {n}")
            return True
        return run

    threads = [_in_thread(typing(user, user.first_name), results, user.first_name)
               for user in (region.nurse, region.director, region.gp_support)]
    for thread in threads:
        thread.join(20)
    assert results == {"Nora": True, "Dirk": True, "Greet": True}
    assert WorkshopNote.objects.filter(workshop=workshop).count() == 30
