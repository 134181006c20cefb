"""`make run` serves the demo from SQLite, while the rest of the suite runs on PostgreSQL: a query that only
PostgreSQL understands would break the demo unnoticed. This seeds the demo on a fresh SQLite database with the
installed `werkplaats` command and opens every account's pages (tests/demo/crawl_demo.py)."""

import os
import subprocess
import sys
from pathlib import Path

WERKPLAATS = str(Path(sys.executable).with_name("werkplaats"))
CRAWL = Path(__file__).with_name("crawl_demo.py")


def test_every_account_opens_its_pages_on_the_sqlite_demo(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}", "WERKPLAATS_DATA_DIR": str(tmp_path),
           "DJANGO_SETTINGS_MODULE": "werkplaats.conf.dev"}
    for command in (["migrate", "--no-input"], ["demo", "seed", "--pupils", "400", "--seed", "1"]):
        run = subprocess.run([WERKPLAATS, *command], env=env, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    run = subprocess.run([WERKPLAATS, "shell", "-c", CRAWL.read_text()], env=env, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    opened = int(run.stdout.split(" pages opened")[0].split()[-1])
    assert opened > 100, run.stdout
