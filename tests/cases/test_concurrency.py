"""Two members save the same plan step at the same moment, both starting from version 1: on PostgreSQL the
second waits for the first's row lock, then finds the version changed and gets the first's text back as a
conflict. Nothing is lost: one text is saved, the other is still in the writer's hands."""

import threading

import pytest
from django.db import connection, connections, transaction

from werkplaats.cases import services
from werkplaats.cases.models import CarePlanStep
from werkplaats.teams.services import EditConflict

from .helpers import bas_case, fresh
from .twente import build_twente


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_same_step_same_version_one_wins_nothing_lost():
    assert connection.vendor == "postgresql", "row locks are tested on PostgreSQL"
    tw = build_twente()
    case = bas_case(tw)
    first_updated = threading.Event()
    second_started = threading.Event()
    results: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.plan_step_save(actor=fresh(tw.nurse), case=case, number=3, version=1, provisional=True,
                                        answers={"q1": "Tekst van de jeugdverpleegkundige"})
                first_updated.set()
                second_started.wait(5)
                threading.Event().wait(0.5)  # the second writer now waits for our row lock
            results["first"] = "saved"
        finally:
            connections.close_all()

    def second() -> None:
        try:
            first_updated.wait(5)
            second_started.set()
            services.plan_step_save(actor=fresh(tw.ib), case=case, number=3, version=1, provisional=True,
                                    answers={"q1": "Tekst van de intern begeleider"})
            results["second"] = "saved"
        except EditConflict as conflict:
            results["second"] = conflict
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results["first"] == "saved"
    conflict = results["second"]
    assert isinstance(conflict, EditConflict)
    assert conflict.current.answers == {"q1": "Tekst van de jeugdverpleegkundige"}
    assert conflict.message.startswith("Nora Jansen heeft dit intussen gewijzigd")
    step = CarePlanStep.objects.get(plan__case=case, number=3)
    assert step.version == 2 and step.answers == {"q1": "Tekst van de jeugdverpleegkundige"}
