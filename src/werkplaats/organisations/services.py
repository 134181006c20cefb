"""Writes of the regional registry: the schools import of contracts/registry.md and its helpers."""

import re
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from werkplaats.accounts.models import User
from werkplaats.core.imports import (
    FileError,
    ImportResult,
    RowValidator,
    finish,
    open_text,
    read_rows,
    reject_duplicate,
    reject_file,
)

from .models import Municipality, Partnership, School

CBS_CODE = re.compile(r"^GM\d{4}$")
SCHOOL_CODE = re.compile(r"^[0-9A-Z]{4}\d{2}$")


class MunicipalityResolver:
    """Turns CBS codes into municipalities; a well-formed code outside the registry becomes a
    municipality outside the region (created only when the import is written)."""

    def __init__(self) -> None:
        self.known = {m.code: m for m in Municipality.objects.all()}

    def check(self, validator: RowValidator, column: str, *, required: bool = True) -> str | None:
        value = validator.row.get(column, "")
        if not value:
            if required:
                validator.error(column, _("Verplichte gemeentecode ontbreekt (GM gevolgd door 4 cijfers)."))
            return None
        if not CBS_CODE.match(value):
            validator.error(
                column, _("%(value)s is geen CBS-gemeentecode (GM gevolgd door 4 cijfers).") % {"value": value}
            )
            return None
        return value

    def get(self, code: str) -> Municipality:
        municipality = self.known.get(code)
        if municipality is None:
            municipality, _created = Municipality.objects.get_or_create(
                code=code, defaults={"name": code, "in_region": False}
            )
            self.known[code] = municipality
        return municipality


def school_code_check(validator: RowValidator, column: str = "school") -> str | None:
    value = validator.required(column)
    if value is not None and not SCHOOL_CODE.match(value):
        validator.error(
            column,
            _("%(value)s is geen schoolcode: BRIN (4 tekens) en vestigingsnummer (2 cijfers), bijvoorbeeld 12AB00.")
            % {"value": value},
        )
        return None
    return value


def schools_import(source: str | Path | IO[bytes], *, user: User | None = None, partial: bool = False) -> ImportResult:
    """Import school locations (contracts/registry.md "schools"); all-or-nothing unless `partial`."""
    result = ImportResult()
    municipalities = MunicipalityResolver()
    partnerships = {p.code: p for p in Partnership.objects.all()}
    types = set(School.Type.values)
    seen: dict[str, int] = {}
    rows: list[dict] = []
    invalid = 0
    try:
        with open_text(source) as stream:
            for line, row in read_rows(
                stream, required=("school", "name", "type", "municipality"), optional=("swv", "contact_municipality")
            ):
                v = RowValidator(line, row)
                code = school_code_check(v)
                name = v.required("name")
                if name and len(name) > 200:
                    v.error("name", _("De naam is langer dan 200 tekens."))
                school_type = v.choice("type", types)
                municipality = municipalities.check(v, "municipality")
                contact = municipalities.check(v, "contact_municipality", required=False) or municipality
                swv = row.get("swv", "")
                if swv and swv not in partnerships:
                    v.error(
                        "swv",
                        _("%(value)s is geen bekend samenwerkingsverband; kies uit %(choices)s.")
                        % {"value": swv, "choices": ", ".join(sorted(partnerships))},
                    )
                if code:
                    reject_duplicate(seen, code, v, "school")
                if v.ok:
                    rows.append(
                        {
                            "code": code,
                            "name": name,
                            "type": school_type,
                            "municipality": municipality,
                            "contact": contact,
                            "swv": swv or None,
                        }
                    )
                else:
                    invalid += 1
                    result.errors.extend(v.errors)
    except FileError as error:
        return reject_file(result, error)
    if not finish(result, invalid_rows=invalid, partial=partial):
        return result
    with transaction.atomic():
        existing = {s.code: s for s in School.objects.filter(code__in=[r["code"] for r in rows])}
        for row in rows:
            values = {
                "name": row["name"],
                "type": row["type"],
                "municipality": municipalities.get(row["municipality"]),
                "contact_municipality": municipalities.get(row["contact"]),
                "partnership": partnerships.get(row["swv"]) if row["swv"] else None,
            }
            school = existing.get(row["code"])
            if school is None:
                School.objects.create(code=row["code"], **values)
                result.created += 1
                continue
            changed = [field for field, value in values.items() if getattr(school, field) != value]
            if changed:
                for field in changed:
                    setattr(school, field, values[field])
                school.save(update_fields=[*changed, "updated"])
                result.updated += 1
            else:
                result.unchanged += 1
    return result
