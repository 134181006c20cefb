"""The registry imports of contracts/registry.md: validation, atomicity, idempotence, BSN handling."""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from werkplaats.arrangements.models import Indication
from werkplaats.arrangements.services import indications_import
from werkplaats.organisations.models import Municipality, School
from werkplaats.organisations.services import schools_import
from werkplaats.pupils.models import Enrolment, Family, Pupil
from werkplaats.pupils.services import bsn_hash, pupils_import

pytestmark = pytest.mark.django_db

SCHOOLS = """school,name,type,municipality,swv,contact_municipality,extra
12AB00,De Esch,PO,GM0153,PO2302,,ignored
34CD01,Het Stedelijk,VO,GM0153,VO2302,GM0164,ignored
"""
PUPILS = (
    "school,pupil,given_name,family_name,birth_date,group,home_municipality,enrolled_from,enrolled_until,bsn,family\n"
    """12AB00,1001,Bas,Twente,2018-05-01,groep 4,GM0153,2022-08-20,,999999990,F1
12AB00,1002,Sara,Twente,2021-06-01,groep 1,GM0153,2025-08-20,,,F1
34CD01,2001,Tina,Twente,2012-03-01,1B,GM9999,2024-08-20,,999999989,F1
"""
)


def csv_file(text: str, *, bom: bool = False) -> io.BytesIO:
    return io.BytesIO((b"\xef\xbb\xbf" if bom else b"") + text.encode())


@pytest.fixture
def schools():
    result = schools_import(csv_file(SCHOOLS))
    assert result.accepted, result.errors
    return {s.code: s for s in School.objects.all()}


def test_schools_import_creates_then_changes_nothing_on_reimport():
    first = schools_import(csv_file(SCHOOLS, bom=True))
    assert (first.created, first.updated, first.unchanged, first.rejected) == (2, 0, 0, 0)
    school = School.objects.get(code="34CD01")
    assert school.contact_municipality.code == "GM0164"
    assert School.objects.get(code="12AB00").contact_municipality.code == "GM0153"  # defaults to municipality
    second = schools_import(csv_file(SCHOOLS))
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    changed = schools_import(csv_file(SCHOOLS.replace("De Esch", "De Esch (nieuw)")))
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("12AB0,X,PO,GM0153,,", "school"),
        ("12ab00,X,PO,GM0153,,", "school"),
        ("12AB00,,PO,GM0153,,", "name"),
        ("12AB00,X,XX,GM0153,,", "type"),
        ("12AB00,X,PO,0153,,", "municipality"),
        ("12AB00,X,PO,,,", "municipality"),
        ("12AB00,X,PO,GM0153,PO9999,", "swv"),
        ("12AB00,X,PO,GM0153,,GM15", "contact_municipality"),
    ],
)
def test_schools_import_rejects_bad_row_as_a_whole(row, column):
    text = "school,name,type,municipality,swv,contact_municipality\n56EF00,Goed,PO,GM0153,,\n" + row + "\n"
    result = schools_import(csv_file(text))
    assert not result.accepted
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 0, 1)
    assert [(e.line, e.column) for e in result.errors] == [(3, column)]
    assert not School.objects.exists()  # the good row was not written either


def test_schools_import_rejects_repeated_identity_with_both_lines_named():
    text = "school,name,type,municipality\n12AB00,A,PO,GM0153\n12AB00,B,PO,GM0153\n"
    result = schools_import(csv_file(text))
    assert [(e.line, e.column) for e in result.errors] == [(3, "school")]
    assert "regel 2" in result.errors[0].message


def test_missing_required_column_names_every_missing_column_on_line_1():
    result = schools_import(csv_file("school,name\n12AB00,A\n12AB01,B\n"))
    assert [(e.line, e.column) for e in result.errors] == [(1, "type"), (1, "municipality")]
    assert result.rejected == 2


def test_wrong_encoding_fails_clearly_and_writes_nothing():
    data = "school,name,type,municipality\n12AB00,Sint-Jozef Ã©,PO,GM0153\n".encode("utf-16")
    result = schools_import(io.BytesIO(data))
    assert not result.accepted
    assert "UTF-8" in result.errors[0].message
    latin1 = "school,name,type,municipality\n12AB00,Café,PO,GM0153\n".encode("latin-1")
    result = schools_import(io.BytesIO(latin1))
    assert result.errors[0].line == 2 and "UTF-8" in result.errors[0].message
    assert not School.objects.exists()


def test_pupils_import_links_family_hashes_bsn_and_accepts_outside_region(schools):
    result = pupils_import(csv_file(PUPILS, bom=True))
    assert (result.created, result.updated, result.unchanged, result.rejected) == (3, 0, 0, 0)
    bas = Pupil.objects.get(given_name="Bas")
    assert bas.bsn_hash == bsn_hash("999999990") and "999999990" not in bas.bsn_hash
    assert Family.objects.get(key="F1").pupils.count() == 3
    outside = Municipality.objects.get(code="GM9999")
    assert outside.in_region is False
    assert Pupil.objects.get(given_name="Tina").home_municipality == outside


def test_pupils_reimport_changes_nothing_and_updates_detect_changes(schools):
    pupils_import(csv_file(PUPILS))
    again = pupils_import(csv_file(PUPILS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    moved = pupils_import(csv_file(PUPILS.replace("groep 4", "groep 5")))
    assert (moved.created, moved.updated, moved.unchanged) == (0, 1, 2)
    assert Enrolment.objects.get(pupil_number="1001").group == "groep 5"


def test_same_bsn_at_two_schools_is_one_pupil_with_two_enrolments(schools):
    text = PUPILS + "34CD01,2002,Bas,Twente,2018-05-01,1A,GM0153,2030-08-20,,999999990,F1\n"
    result = pupils_import(csv_file(text))
    assert result.created == 4
    bas = Pupil.objects.get(bsn_hash=bsn_hash("999999990"))
    assert bas.enrolments.count() == 2
    assert Pupil.objects.count() == 3


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("12AB00,1001,Bas", "99ZZ00,1001,Bas", "school"),  # not in the registry
        ("1001,Bas,Twente", "1001,,Twente", "given_name"),
        ("Bas,Twente,2018-05-01", "Bas,,2018-05-01", "family_name"),
        ("2018-05-01,groep 4", "01-05-2018,groep 4", "birth_date"),
        ("2018-05-01,groep 4", "2018-02-30,groep 4", "birth_date"),
        ("groep 4,GM0153", ",GM0153", "group"),
        ("groep 4,GM0153", "groep 4,Enschede", "home_municipality"),
        ("GM0153,2022-08-20,,", "GM0153,,,", "enrolled_from"),
        ("2022-08-20,,999999990", "2022-08-20,2021-01-01,999999990", "enrolled_until"),
        ("999999990", "123456789", "bsn"),  # fails the 11-test
        ("999999990", "99999999A", "bsn"),
    ],
)
def test_pupils_import_rejects_every_kind_of_bad_row(schools, old, new, column):
    result = pupils_import(csv_file(PUPILS.replace(old, new, 1)))
    assert not result.accepted
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 0, 1)
    assert {(e.line, e.column) for e in result.errors} == {(2, column)}
    assert not Pupil.objects.exists() and not Enrolment.objects.exists()


def test_bsn_never_appears_in_error_messages(schools):
    result = pupils_import(csv_file(PUPILS.replace("999999990", "123456789")))
    assert all("123456789" not in e.message for e in result.errors)


def test_pupils_import_partial_writes_valid_rows_only(schools):
    text = PUPILS.replace("GM9999", "XX")
    result = pupils_import(csv_file(text), partial=True)
    assert (result.created, result.rejected) == (2, 1)
    assert [(e.line, e.column) for e in result.errors] == [(4, "home_municipality")]
    assert not result.accepted
    assert Enrolment.objects.count() == 2


INDICATIONS = """bsn,municipality,provider,product,start,end,referrer,amount
999999990,GM0153,12345678,45,2025-09-01,,huisarts,1250.50
999999989,GM0164,87654321,54,2025-01-01,2025-12-31,gemeente,
999999977,GM0153,12345678,45,2025-09-01,,jeugdarts,
"""


def test_indications_import_keeps_unmatched_bsn_and_is_idempotent(schools):
    pupils_import(csv_file(PUPILS))
    result = indications_import(csv_file(INDICATIONS))
    assert (result.created, result.rejected) == (3, 0), result.errors
    assert Indication.objects.get(bsn_hash=bsn_hash("999999990")).amount == Decimal("1250.50")
    assert Indication.objects.filter(bsn_hash=bsn_hash("999999977")).exists()  # no pupil: kept for counts
    again = indications_import(csv_file(INDICATIONS))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    changed = indications_import(csv_file(INDICATIONS.replace("1250.50", "1300.00")))
    assert (changed.updated, changed.unchanged) == (1, 2)


@pytest.mark.parametrize(
    ("old", "new", "column"),
    [
        ("999999990,GM0153", "999999991,GM0153", "bsn"),
        ("999999990,GM0153", ",GM0153", "bsn"),
        ("999999990,GM0153", "999999990,Enschede", "municipality"),
        ("12345678,45,2025-09-01,,huisarts", "1234567,45,2025-09-01,,huisarts", "provider"),
        ("12345678,45,2025-09-01,,huisarts", "12345678,99,2025-09-01,,huisarts", "product"),
        ("12345678,45,2025-09-01,,huisarts", "12345678,45,2025-13-01,,huisarts", "start"),
        ("12345678,45,2025-09-01,,huisarts", "12345678,45,2025-09-01,2025-08-01,huisarts", "end"),
        ("12345678,45,2025-09-01,,huisarts", "12345678,45,2025-09-01,,dokter", "referrer"),
        ("huisarts,1250.50", "huisarts,12.505", "amount"),
        ("huisarts,1250.50", "huisarts,-3", "amount"),
    ],
)
def test_indications_import_rejects_every_kind_of_bad_row(old, new, column):
    result = indications_import(csv_file(INDICATIONS.replace(old, new, 1)))
    assert not result.accepted
    assert {(e.line, e.column) for e in result.errors} == {(2, column)}
    assert not Indication.objects.exists()


def test_indications_duplicate_identity_in_file():
    line = INDICATIONS.splitlines()[1]
    result = indications_import(csv_file(INDICATIONS + line.replace("1250.50", "1") + "\n"))
    assert [(e.line, e.column) for e in result.errors] == [(5, "bsn")]


def test_command_prints_contract_json_and_exit_codes(tmp_path, capsys):
    path = tmp_path / "schools.csv"
    path.write_text(SCHOOLS)
    call_command("registry_import", "schools", str(path), "--format", "json")
    assert json.loads(capsys.readouterr().out) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "errors": [],
    }
    path.write_text("school,name,type,municipality\n12AB00,X,ZZ,GM0153\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("registry_import", "schools", str(path), "--format", "json")
    assert exit_info.value.code == 1
    report = json.loads(capsys.readouterr().out)
    assert report["rejected"] == 1 and report["errors"][0]["line"] == 2 and report["errors"][0]["column"] == "type"


def test_cli_end_to_end_on_a_fresh_sqlite_database(tmp_path):
    """The contract's command line, as an operator types it, on an empty database."""
    werkplaats = str(Path(sys.executable).with_name("werkplaats"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "WERKPLAATS_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([werkplaats, "migrate", "-v0"], env=env, check=True)
    (tmp_path / "schools.csv").write_text(SCHOOLS)
    (tmp_path / "pupils.csv").write_text(PUPILS)
    run = subprocess.run(
        [werkplaats, "registry", "import", "schools", str(tmp_path / "schools.csv"), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and json.loads(run.stdout)["created"] == 2
    run = subprocess.run(
        [werkplaats, "registry", "import", "pupils", str(tmp_path / "pupils.csv")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0 and "Aangemaakt: 3" in run.stdout
    (tmp_path / "renamed.csv").write_text(PUPILS.replace("Bas,Twente", "Bas,Zwart"))
    run = subprocess.run([werkplaats, "registry", "import", "pupils", str(tmp_path / "renamed.csv")], env=env)
    assert run.returncode == 0
    # The list's name order reads the enrolments' copies of the family names, which SQLite's triggers write.
    with contextlib.closing(sqlite3.connect(tmp_path / "db.sqlite3")) as database:
        copies = database.execute(
            "SELECT e.pupil_family_name, p.family_name FROM pupils_enrolment e JOIN pupils_pupil p ON p.id = e.pupil_id"
        ).fetchall()
    assert sorted(copies) == [("Twente", "Twente"), ("Twente", "Twente"), ("Zwart", "Zwart")]
    (tmp_path / "bad.csv").write_text(PUPILS.replace("2018-05-01", "2018-5-1"))
    run = subprocess.run(
        [werkplaats, "registry", "import", "pupils", str(tmp_path / "bad.csv"), "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert json.loads(run.stdout)["errors"] == [
        {"line": 2, "column": "birth_date", "message": "2018-5-1 is geen geldige datum (verwacht JJJJ-MM-DD)."}
    ]
    run = subprocess.run(
        [werkplaats, "registry", "import", "things", str(tmp_path / "bad.csv")], env=env, capture_output=True, text=True
    )
    assert run.returncode == 2
    run = subprocess.run(
        [werkplaats, "registry", "import", "pupils", str(tmp_path / "missing.csv")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2 and "bestaat niet" in run.stderr
