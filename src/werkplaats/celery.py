"""Celery application (`celery -A werkplaats worker` finds it here). Without CELERY_BROKER_URL tasks run
in-process (CELERY_TASK_ALWAYS_EAGER). Each tasks module imports this module, so its shared tasks bind to
this configured app whenever they are used."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "werkplaats.conf.dev")

app = Celery("werkplaats")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Daily background work (run `celery -A werkplaats worker -B`, or a separate `celery beat`).
app.conf.beat_schedule = {
    name: {"task": name, "schedule": crontab(hour=hour, minute=minute)}
    for name, hour, minute in [
        ("teams.remind_actions_due", 6, 0),
        ("cases.evaluations_to_agenda", 6, 10),
        ("cases.handover_check_ins", 6, 20),
        ("cases.consents_to_reask", 6, 30),
        ("cases.detect_collective_proposals", 6, 40),
    ]
}
