"""Registry CSV files (contracts/registry.md) of a synthetic region: the demo generator's plan written as
DUO's school list, a school administration system's pupil export and a municipality's indications."""

import csv
from pathlib import Path

from werkplaats.demo.generator import Region

SCHOOL_COLUMNS = ("school", "name", "type", "municipality", "swv", "contact_municipality")
PUPIL_COLUMNS = ("school", "pupil", "given_name", "family_name", "birth_date", "group", "home_municipality",
                 "enrolled_from", "enrolled_until", "bsn", "family")
INDICATION_COLUMNS = ("bsn", "municipality", "provider", "product", "start", "end", "referrer", "amount")


def _write(path: Path, columns: tuple[str, ...], rows: list[tuple[object, ...]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(("" if value is None else value for value in row) for row in rows)
    return len(rows)


def write_registry_files(region: Region, directory: Path) -> dict[str, tuple[Path, int]]:
    """Write schools.csv, pupils.csv and indications.csv; returns each file with its number of rows."""
    directory.mkdir(parents=True, exist_ok=True)
    schools = [(s.code, s.name, s.type, s.municipality, s.partnership, s.contact_municipality) for s in region.schools]
    pupils = []
    for e in region.enrolments:
        pupil = region.pupils[e.pupil]
        pupils.append((e.school, e.pupil_number, pupil.given_name, pupil.family_name, pupil.birth_date, e.group,
                       pupil.home, e.enrolled_from, e.enrolled_until, pupil.bsn, region.families[pupil.family].key))
    indications = [(region.pupils[i.pupil].bsn, i.municipality, i.provider_code, i.product, i.start, i.end,
                    i.referrer, i.amount) for i in region.indications]
    files = {}
    for name, columns, rows in (("schools", SCHOOL_COLUMNS, schools), ("pupils", PUPIL_COLUMNS, pupils),
                                ("indications", INDICATION_COLUMNS, indications)):
        path = directory / f"{name}.csv"
        files[name] = (path, _write(path, columns, rows))
    return files
