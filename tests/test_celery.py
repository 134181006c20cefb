"""The Celery app: every scheduled task exists, and the tasks bind to the configured app."""

import subprocess
import sys

from werkplaats.celery import app


def test_every_scheduled_task_is_a_registered_task():
    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert len(scheduled) == 5
    assert scheduled <= set(app.tasks)


def test_shared_tasks_run_in_process_without_a_broker():
    from werkplaats.attendance.tasks import reports_derive_task

    assert reports_derive_task.app is app
    assert app.conf.task_always_eager


def test_a_command_line_start_does_not_load_celery():
    """`werkplaats attendance status` must answer within a second: importing Django's settings and the
    command line must not pull in Celery (about 0.2 s)."""
    code = "import sys, django; from werkplaats import cli; django.setup(); print('celery' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
