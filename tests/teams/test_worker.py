"""Notifications and reminders through a REAL Celery worker and Redis (database 15): the services enqueue the
tasks after the commit, the worker (in a thread of this process) runs them against the test database."""

import threading
import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.utils import timezone

from tests.teams.conftest import at
from werkplaats.celery import app
from werkplaats.teams import services, tasks
from werkplaats.teams.models import Action, Notification, Team

BROKER = "redis://127.0.0.1:6379/15"


pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _forget_connections() -> None:
    """Connection and producer pools made earlier (eager tests create them) still point at the old broker."""
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def worker():
    """Yields the (task name, thread) of every task the worker ran."""
    ran: list[tuple[str, int]] = []

    def record(sender=None, **kwargs):
        ran.append((sender.name, threading.get_ident()))

    task_postrun.connect(record, weak=False)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "result_backend")}
    app.conf.update(broker_url=BROKER, task_always_eager=False, result_backend=None)
    _forget_connections()
    assert tasks.notify_action_assigned.name in app.tasks
    app.control.purge()
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=10):
        yield ran
    task_postrun.disconnect(record)
    app.conf.update(saved)
    _forget_connections()


def _wait_for(condition, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_worker_notifies_the_core_team_of_an_urgent_meeting_and_the_owner_of_an_action(ipt, worker):
    region = ipt.region
    mail.outbox.clear()
    meeting = services.meeting_plan_urgent(actor=region.nurse, team=ipt.team, starts_at=at(1, 8),
                                           duration_minutes=30, online_url="https://meet.example.org/spoed",
                                           reason="Zorgen om Bas")
    assert _wait_for(lambda: Notification.objects.filter(kind="urgent_meeting").count() == 2)
    assert set(Notification.objects.values_list("user", flat=True)) == {region.ib.pk, region.director.pk}
    services.action_create(actor=region.ib, team=ipt.team, meeting=meeting, description="Bas ophalen",
                           owner=region.teacher, due_date=timezone.localdate() + timedelta(days=3))
    assert _wait_for(lambda: Notification.objects.filter(user=region.teacher, kind="action_assigned").exists())
    assert _wait_for(lambda: len(mail.outbox) == 3)
    assert all("Bas" not in message.body and "Bas" not in message.subject for message in mail.outbox)
    names = [name for name, _ in worker]
    assert names == ["teams.notify_meetings_planned", "teams.notify_action_assigned"]
    assert all(thread != threading.get_ident() for _, thread in worker)  # run by the worker, not eagerly here


def test_worker_sends_the_daily_reminders(ipt, worker):
    region = ipt.region
    meeting = services.meeting_plan(actor=region.ib, team=ipt.team, layer=Team.Layer.CORE, starts_at=at(1),
                                    ends_at=at(1, 10))
    action = services.action_create(actor=region.nurse, team=ipt.team, meeting=meeting, description="Bellen",
                                    owner=region.nurse, due_date=timezone.localdate() + timedelta(days=1))
    tasks.remind_actions_due.delay()
    assert _wait_for(lambda: Notification.objects.filter(kind="action_reminder", user=region.nurse).exists())
    assert Action.objects.get(pk=action.pk).reminded_on == timezone.localdate()
    assert ("teams.remind_actions_due" in [name for name, _ in worker])
