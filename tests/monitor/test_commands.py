"""`werkplaats monitor profile` (contracts/registry.md "Monitor output"): output, exit codes, end to end."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.arrangements.builders import next_bsn

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("monitor_profile", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = exit_info.code
    return code, out.getvalue(), err.getvalue()


def test_json_is_the_profile_with_disclosure_control(contract_school):
    code, out, err = run("--school", "12AB00", "--on", "2026-03-02", "--format", "json")
    assert (code, err) == (0, "")
    profile = json.loads(out)
    assert profile["by_home_municipality"] == {"GM0141": "<5", "GM0153": 180, "GM0158": 28, "GM0164": "<5"}
    assert (profile["pupils"], profile["with_indication"], profile["share_with_indication"]) == (212, 31, 0.1462)
    assert '"share_with_indication": 0.1462' in out


def test_text_is_readable_dutch(contract_school):
    code, out, _err = run("--school", "12AB00", "--on", "2026-03-02")
    assert code == 0
    for line in ("Schoolprofiel De Esch (12AB00) op 2026-03-02", "Leerlingen: 212",
                 "Met een jeugdhulpindicatie: 31 (14,62%)", "Zorgintensieve school: nee", "  Almelo (GM0141): <5",
                 "  Enschede (GM0153): 180", "  12345678: 20", "  huisarts: 11", "  niveau 1: 212"):
        assert line in out.splitlines()


@pytest.mark.parametrize(("args", "message"), [
    (["--school", "99ZZ99", "--on", "2026-03-02"], "School 99ZZ99 staat niet in het register."),
    (["--school", "12AB00", "--on", "2026-13-01"], "2026-13-01 is geen geldige datum (verwacht JJJJ-MM-DD)."),
    (["--school", "12AB00", "--on", "20260302"], "20260302 is geen geldige datum"),
    (["--school", "12AB00"], "Geef de peildatum op met --on JJJJ-MM-DD."),
    (["--on", "2026-03-02"], "Geef de school op met --school CODE"),
    (["--school", "12AB00", "--on", "2026-03-02", "--format", "csv"], "Onbekend formaat csv"),
])
def test_usage_errors_exit_2_with_a_dutch_message_on_stderr(contract_school, args, message):
    code, out, err = run(*args)
    assert (code, out) == (2, "")
    assert message in err


def test_cli_end_to_end_on_a_fresh_sqlite_database(tmp_path):
    """Import a school, its pupils and their indications, then print the profile, as an operator would."""
    werkplaats = str(Path(sys.executable).with_name("werkplaats"))
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "WERKPLAATS_DATA_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run([werkplaats, "migrate", "-v0"], env=env, check=True)
    bsns = [next_bsn() for _ in range(10)]
    homes = ["GM0153"] * 7 + ["GM0164"] * 3
    pupils_header = "school,pupil,given_name,family_name,birth_date,group,home_municipality,enrolled_from,bsn\n"
    files = {
        "schools": "school,name,type,municipality\n12AB00,De Esch,PO,GM0153\n",
        "pupils": pupils_header + "".join(
            f"12AB00,{n},Kim,Jansen,2016-05-01,groep 5,{home},2022-08-01,{bsn}\n"
            for n, (home, bsn) in enumerate(zip(homes, bsns, strict=True), 1)),
        "indications": "bsn,municipality,provider,product,start,end,referrer\n" + "".join(
            f"{bsn},GM0153,12345678,45,2025-09-01,,huisarts\n" for bsn in bsns[:6]),
    }
    for kind, text in files.items():
        (tmp_path / f"{kind}.csv").write_text(text)
        subprocess.run([werkplaats, "registry", "import", kind, str(tmp_path / f"{kind}.csv")], env=env, check=True,
                       capture_output=True)
    profile = [werkplaats, "monitor", "profile", "--school", "12AB00", "--on", "2026-03-02"]
    result = subprocess.run([*profile, "--format", "json"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "school": "12AB00", "on": "2026-03-02", "pupils": 10, "by_home_municipality": {"GM0153": "x", "GM0164": "<5"},
        "with_indication": 6, "share_with_indication": 0.6, "care_intensive": True,
        "by_provider": {"12345678": 6}, "by_referrer": {"huisarts": 6}, "tiers": {"1": 10, "2": 0, "3": 0},
    }
    result = subprocess.run(profile[:-1] + ["2026-02-31"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "2026-02-31 is geen geldige datum" in result.stderr and result.stdout == ""
    result = subprocess.run(profile[:3] + ["--school", "99ZZ99", "--on", "2026-03-02"], env=env, capture_output=True,
                            text=True)
    assert result.returncode == 2 and "School 99ZZ99 staat niet in het register." in result.stderr
