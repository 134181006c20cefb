"""`werkplaats finance allocate` (contracts/finance.md): output, exit codes, and once end to end."""

import datetime
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.arrangements.builders import enrol, indicate
from tests.factories import SchoolFactory, municipality

pytestmark = pytest.mark.django_db

ON = "2026-03-02"


def run(*args: str) -> tuple[int, str, str]:
    """call_command with the exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("finance_allocate", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = exit_info.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def school():
    school = SchoolFactory(code="12AB00", name="De Esch", contact_municipality=municipality("GM0158"))
    enrol(school, 180, home="GM0153")
    enrol(school, 28, home="GM0158")
    indicate(enrol(school, 4, home="GM0164"), municipality_code="GM0164")
    return school


def test_json_output_is_the_contract(school):
    code, out, err = run("--school", "12AB00", "--cost", "10000", "--key", "pupils", "--on", ON, "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "school": "12AB00", "on": ON, "key": "pupils", "cost": "10000.00",
        "allocation": [
            {"municipality": "GM0153", "weight": 180, "amount": "8490.57"},
            {"municipality": "GM0158", "weight": 28, "amount": "1320.75"},
            {"municipality": "GM0164", "weight": 4, "amount": "188.68"},
        ],
    }


@pytest.mark.parametrize(("key", "rows"), [
    ("indicated", [{"municipality": "GM0164", "weight": 4, "amount": "99.99"}]),
    ("contact", [{"municipality": "GM0158", "weight": 1, "amount": "99.99"}]),
])
def test_every_key(school, key, rows):
    code, out, _err = run("--school", "12AB00", "--cost", "99.99", "--key", key, "--on", ON, "--format", "json")
    assert code == 0
    assert json.loads(out)["allocation"] == rows


def test_text_output_is_readable_dutch(school):
    code, out, _err = run("--school", "12AB00", "--cost", "10000.00", "--key", "pupils", "--on", ON)
    assert code == 0
    assert "Kostenverdeling voor De Esch (12AB00), peildatum 2026-03-02" in out
    assert "Enschede (GM0153)" in out and "€ 8490.57" in out
    assert out.splitlines()[-1].split() == ["Totaal", "212", "€", "10000.00"]


@pytest.mark.parametrize(("args", "message"), [
    (["--school", "99ZZ99"], "School 99ZZ99 staat niet in het register."),
    (["--cost", "-5"], "-5 is geen geldig bedrag"),
    (["--cost", "10.005"], "10.005 is geen geldig bedrag"),
    (["--cost", "tienduizend"], "tienduizend is geen geldig bedrag"),
    (["--key", "inhabitants"], "Onbekende verdeelsleutel inhabitants: kies pupils, indicated of contact."),
    (["--on", "2026-02-30"], "2026-02-30 is geen geldige datum (verwacht JJJJ-MM-DD)."),
    (["--on", "2-3-2026"], "2-3-2026 is geen geldige datum"),
    (["--format", "xml"], "Onbekend formaat xml"),
])
def test_usage_errors_exit_2_with_a_dutch_message_on_stderr(school, args, message):
    options = {"--school": "12AB00", "--cost": "100", "--key": "pupils", "--on": ON}
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    code, out, err = run(*[part for pair in options.items() for part in pair])
    assert (code, out) == (2, "")
    assert message in err


def test_missing_options_are_usage_errors(school):
    code, _out, err = run("--school", "12AB00", "--key", "pupils", "--on", ON)
    assert code == 2 and "Geef de kosten op" in err
    code, _out, err = run("--school", "12AB00", "--cost", "1", "--key", "pupils")
    assert code == 2 and "Geef de peildatum op" in err


def test_all_zero_weights_exit_1_with_a_clear_message(school):
    code, out, err = run("--school", "12AB00", "--cost", "100", "--key", "pupils", "--on", "2020-01-01")
    assert (code, out) == (1, "")
    assert "Op 2020-01-01 staan geen leerlingen ingeschreven bij school 12AB00" in err


SCHOOLS = "school,name,type,municipality,contact_municipality\n12AB00,De Esch,PO,GM0153,GM0153\n"
PUPILS_HEADER = "school,pupil,given_name,family_name,birth_date,group,home_municipality,enrolled_from\n"


def test_cli_end_to_end_on_a_fresh_sqlite_database(tmp_path):
    """The contract's example as an operator types it, on a migrated empty database."""
    werkplaats = str(Path(sys.executable).with_name("werkplaats"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "WERKPLAATS_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([werkplaats, "migrate", "-v0"], env=env, check=True)
    homes = ["GM0153"] * 180 + ["GM0158"] * 28 + ["GM0164"] * 4
    (tmp_path / "schools.csv").write_text(SCHOOLS)
    (tmp_path / "pupils.csv").write_text(PUPILS_HEADER + "".join(
        f"12AB00,{n},Kim,Jansen,2016-05-01,groep 5,{home},2022-08-01\n" for n, home in enumerate(homes, 1)))
    for kind in ("schools", "pupils"):
        subprocess.run([werkplaats, "registry", "import", kind, str(tmp_path / f"{kind}.csv")], env=env, check=True,
                       capture_output=True)
    allocate = [werkplaats, "finance", "allocate", "--school", "12AB00", "--cost", "10000.00", "--key", "pupils",
                "--on", ON]
    result = subprocess.run([*allocate, "--format", "json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["allocation"] == [
        {"municipality": "GM0153", "weight": 180, "amount": "8490.57"},
        {"municipality": "GM0158", "weight": 28, "amount": "1320.75"},
        {"municipality": "GM0164", "weight": 4, "amount": "188.68"},
    ]
    result = subprocess.run(allocate[:-4] + ["--key", "indicated", "--on", ON], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 1 and "actieve jeugdhulpindicatie" in result.stderr and result.stdout == ""
    result = subprocess.run(allocate[:-6] + ["--cost", "1,50", "--key", "pupils", "--on", ON], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 2 and "1,50 is geen geldig bedrag" in result.stderr


def test_reference_date_counts_enrolments_on_that_day():
    school = SchoolFactory(code="12AB02")
    enrol(school, 3, home="GM0153", enrolled_from=datetime.date(2026, 3, 3))
    enrol(school, 1, home="GM0141")
    code, out, _err = run("--school", "12ab02", "--cost", "3", "--key", "pupils", "--on", ON, "--format", "json")
    assert code == 0 and json.loads(out)["allocation"] == [{"municipality": "GM0141", "weight": 1, "amount": "3.00"}]
