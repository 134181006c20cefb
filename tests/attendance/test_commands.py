"""Contract §4: the command lines, their output and exit codes — through call_command and once end to end
through the installed `werkplaats` script on a fresh SQLite database."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from werkplaats.attendance.models import AbsenceRegistration

from .helpers import HEADER, enrol, reg, school

pytestmark = pytest.mark.django_db


def _write(path: Path, rows, header=HEADER) -> Path:
    lines = [",".join(header)] + [",".join(str(value) for value in row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(*args, **options) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(*args, stdout=out, **options)
    except SystemExit as exit_:
        return int(exit_.code), out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def pupils():
    location = school("12AB00")
    enrol(location, "1001")
    enrol(location, "1002")
    return location


def test_import_exit_codes_and_json(pupils, tmp_path):
    good = _write(tmp_path / "good.csv", [reg("12AB00", "1001", "2026-01-12", 330, "ongeoorloofd")])
    code, out = _run("attendance_import", str(good), format="json")
    assert code == 0
    assert json.loads(out) == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    code, out = _run("attendance_import", str(good), format="json")
    assert (code, json.loads(out)["unchanged"]) == (0, 1)

    bad = _write(
        tmp_path / "bad.csv",
        [reg("12AB00", "1002", "2026-01-13", 60, "ziek"), reg("12AB00", "1002", "2026-01-10", 60, "ziek")],
    )
    code, out = _run("attendance_import", str(bad), format="json")
    assert code == 1
    assert json.loads(out) == {
        "created": 0,
        "updated": 0,
        "unchanged": 0,
        "rejected": 1,
        "errors": [{"line": 3, "column": "date", "message": "2026-01-10 is geen schooldag van 12AB00"}],
    }
    assert AbsenceRegistration.objects.count() == 1

    code, out = _run("attendance_import", str(bad), format="json", partial=True)
    assert code == 1  # with --partial: 1 when any row was rejected
    assert json.loads(out)["created"] == 1
    assert AbsenceRegistration.objects.count() == 2


def test_import_text_output_is_dutch(pupils, tmp_path):
    bad = _write(tmp_path / "bad.csv", [reg("12AB00", "1002", "2026-01-10", 60, "ziek")])
    code, out = _run("attendance_import", str(bad))
    assert code == 1
    assert "Aangemaakt: 0, bijgewerkt: 0, ongewijzigd: 0, afgewezen: 1" in out
    assert "Regel 2, kolom date: 2026-01-10 is geen schooldag van 12AB00" in out


def test_import_usage_errors(pupils, tmp_path):
    with pytest.raises(CommandError) as missing:
        call_command("attendance_import", str(tmp_path / "nope.csv"))
    assert missing.value.returncode == 2
    with pytest.raises(CommandError):
        call_command("attendance_import", str(tmp_path), format="xml")


def test_status_json_and_table(pupils, tmp_path):
    _write(tmp_path / "r.csv", [reg("12AB00", "1001", "2026-01-12", 330, "luxe")])
    assert _run("attendance_import", str(tmp_path / "r.csv"))[0] == 0
    code, out = _run("attendance_status", school="12AB00", on="2026-01-16", format="json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == ["school", "on", "pupils", "tiers"]
    assert (data["school"], data["on"], data["tiers"]) == ("12AB00", "2026-01-16", {"1": 1, "2": 0, "3": 1})
    assert [p["pupil"] for p in data["pupils"]] == ["1001", "1002"]
    assert list(data["pupils"][0]) == [
        "pupil",
        "tier",
        "absence_rate",
        "unauthorised_minutes_4w",
        "thuiszitter",
        "reports",
    ]
    assert data["pupils"][0]["reports"] == [
        {"reason": "luxe", "start_date": "2026-01-12", "threshold_date": "2026-01-12", "status": "open"}
    ]
    code, table = _run("attendance_status", school="12AB00", on="2026-01-16")
    assert code == 0
    assert "Leerling" in table and "Niveau" in table and "luxe verzuim 12-01-2026 (open)" in table


def test_status_usage_errors_exit_2(pupils):
    for options in ({"school": "99ZZ99", "on": "2026-01-16"}, {"school": "12AB00", "on": "16-01-2026"}):
        with pytest.raises(CommandError) as error:
            call_command("attendance_status", **options)
        assert error.value.returncode == 2
    with pytest.raises(CommandError, match="staat niet in het register"):
        call_command("attendance_status", school="99ZZ99", on="2026-01-16")


@pytest.mark.django_db(transaction=False)
def test_the_contract_cli_end_to_end_on_a_fresh_sqlite_database(tmp_path):
    werkplaats = str(Path(sys.executable).parent / "werkplaats")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}", WERKPLAATS_DATA_DIR=str(tmp_path / "data"))

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([werkplaats, *args], env=env, capture_output=True, text=True, timeout=300, cwd=tmp_path)

    assert run("migrate", "--no-input").returncode == 0
    _write(
        tmp_path / "schools.csv",
        [("12AB00", "De Esch", "PO", "GM0153")],
        header=("school", "name", "type", "municipality"),
    )
    _write(
        tmp_path / "pupils.csv",
        [("12AB00", "1001", "Bas", "Twente", "2016-05-01", "groep 4", "GM0153", "2022-08-20")],
        header=(
            "school",
            "pupil",
            "given_name",
            "family_name",
            "birth_date",
            "group",
            "home_municipality",
            "enrolled_from",
        ),
    )
    assert run("registry", "import", "schools", "schools.csv").returncode == 0
    assert run("registry", "import", "pupils", "pupils.csv").returncode == 0
    _write(
        tmp_path / "att.csv",
        [reg("12AB00", "1001", f"2026-01-{day}", 330, "ongeoorloofd") for day in (12, 13, 15)]
        + [reg("12AB00", "1001", "2026-01-14", 210, "te_laat")],
    )
    imported = run("attendance", "import", "att.csv", "--format", "json")
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout) == {"created": 4, "updated": 0, "unchanged": 0, "rejected": 0, "errors": []}
    again = run("attendance", "import", "att.csv", "--format", "json")
    assert json.loads(again.stdout)["unchanged"] == 4
    shown = run("attendance", "status", "--school", "12AB00", "--on", "2026-01-16", "--format", "json")
    assert shown.returncode == 0, shown.stderr
    pupil = json.loads(shown.stdout)["pupils"][0]
    assert pupil["reports"] == [
        {"reason": "16_uur", "start_date": "2026-01-12", "threshold_date": "2026-01-15", "status": "open"}
    ]  # 870 on Wed, 1200 on Thu
    assert pupil["tier"] == 3 and pupil["unauthorised_minutes_4w"] == 1200
    _write(tmp_path / "bad.csv", [reg("12AB00", "1001", "2026-01-10", 60, "ziek")])
    assert run("attendance", "import", "bad.csv").returncode == 1
    assert run("attendance", "import", "missing.csv").returncode == 2
    assert run("attendance", "import").returncode == 2
    assert run("attendance", "status", "--school", "99ZZ99", "--on", "2026-01-16").returncode == 2
    assert run("attendance", "status", "--school", "12AB00").returncode == 2
