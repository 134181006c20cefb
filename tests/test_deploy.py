"""The production settings pass Django's deployment checks, and refuse to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

WERKPLAATS = str(Path(sys.executable).with_name("werkplaats"))


def production_env(tmp_path: Path, **overrides: str) -> dict[str, str]:
    inherited_from_test_settings = {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECURE_COOKIES", "WERKPLAATS_DEMO_MODE"}
    env = {k: v for k, v in os.environ.items() if k not in inherited_from_test_settings}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "werkplaats.conf.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "WERKPLAATS_BSN_KEY": secrets.token_urlsafe(32),
            "ALLOWED_HOSTS": "werkplaats.example.nl",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
            "WERKPLAATS_DATA_DIR": str(tmp_path),
        }
    )
    env.update(overrides)
    return env


def test_check_deploy_passes_with_production_settings(tmp_path):
    run = subprocess.run(
        [WERKPLAATS, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_production_settings_refuse_missing_secrets_and_demo_mode(tmp_path):
    run = subprocess.run(
        [WERKPLAATS, "check"], env=production_env(tmp_path, WERKPLAATS_BSN_KEY=""), capture_output=True, text=True
    )
    assert run.returncode != 0 and "WERKPLAATS_BSN_KEY must be set" in run.stderr
    run = subprocess.run(
        [WERKPLAATS, "check"], env=production_env(tmp_path, WERKPLAATS_DEMO_MODE="true"), capture_output=True, text=True
    )
    assert run.returncode != 0 and "DEMO_MODE" in run.stderr
