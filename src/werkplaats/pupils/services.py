"""Writes of pupils: the BSN hash, the pupils import of contracts/registry.md and the export of a
pupil's data for the right of access."""

import hashlib
import hmac
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.nl import bsn as stdnum_bsn

from werkplaats.accounts.models import User
from werkplaats.audit.services import Action, access_log_write
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
from werkplaats.organisations.models import School
from werkplaats.organisations.services import MunicipalityResolver, school_code_check

from .models import Enrolment, Family, Pupil

IMPORT_BATCH = 5000


def bsn_hash(bsn: str) -> str:
    """Keyed hash (HMAC-SHA256) of a valid BSN: links records across sources without storing the BSN."""
    return hmac.new(settings.BSN_HASH_KEY.encode(), stdnum_bsn.compact(bsn).encode(), hashlib.sha256).hexdigest()


def bsn_check(validator: RowValidator, column: str = "bsn", *, required: bool = False) -> str | None:
    """Validate a BSN column with the 11-test and return its hash (never the BSN itself)."""
    value = validator.row.get(column, "")
    if not value:
        if required:
            validator.error(column, _("Verplicht BSN ontbreekt."))
        return None
    if not stdnum_bsn.is_valid(value) or not value.isdigit():
        # Never repeat the value: a BSN is personal data and error reports end up in logs and mail.
        validator.error(column, _("Geen geldig BSN: het moet uit 9 cijfers bestaan en de elfproef doorstaan."))
        return None
    return bsn_hash(value)


def pupils_import(source: str | Path | IO[bytes], *, user: User | None = None, partial: bool = False) -> ImportResult:
    """Import enrolments with their pupils (contracts/registry.md "pupils"). Identity is
    (school, pupil number); a BSN links the same child across schools."""
    result = ImportResult()
    municipalities = MunicipalityResolver()
    schools = {s.code: s for s in School.objects.only("id", "code")}
    seen: dict[tuple[str, str], int] = {}
    rows: list[dict[str, Any]] = []
    invalid = 0
    try:
        with open_text(source) as stream:
            for line, row in read_rows(
                stream,
                required=(
                    "school",
                    "pupil",
                    "given_name",
                    "family_name",
                    "birth_date",
                    "group",
                    "home_municipality",
                    "enrolled_from",
                ),
                optional=("enrolled_until", "bsn", "family"),
            ):
                v = RowValidator(line, row)
                code = school_code_check(v)
                if code and code not in schools:
                    v.error("school", _("School %(code)s staat niet in het register.") % {"code": code})
                number = v.required("pupil")
                given_name = v.required("given_name")
                family_name = v.required("family_name")
                birth_date = v.date("birth_date")
                group = v.required("group")
                home = municipalities.check(v, "home_municipality")
                enrolled_from = v.date("enrolled_from")
                enrolled_until = v.date("enrolled_until", required=False)
                if enrolled_from and enrolled_until and enrolled_until < enrolled_from:
                    v.error("enrolled_until", _("De einddatum ligt voor de begindatum van de inschrijving."))
                if birth_date and birth_date > date.today():
                    v.error("birth_date", _("De geboortedatum ligt in de toekomst."))
                for column, limit in (
                    ("pupil", 30),
                    ("given_name", 100),
                    ("family_name", 150),
                    ("group", 50),
                    ("family", 100),
                ):
                    if len(row.get(column, "")) > limit:
                        v.error(column, _("Langer dan %(limit)d tekens.") % {"limit": limit})
                hashed = bsn_check(v)
                if code and number:
                    reject_duplicate(seen, (code, number), v, "pupil")
                if v.ok:
                    rows.append(
                        {
                            "school": schools[code],
                            "number": number,
                            "given_name": given_name,
                            "family_name": family_name,
                            "birth_date": birth_date,
                            "group": group,
                            "home": home,
                            "from": enrolled_from,
                            "until": enrolled_until,
                            "bsn_hash": hashed,
                            "family": row.get("family", "") or None,
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
        _write_pupils(rows, result, municipalities, user)
    return result


def _write_pupils(
    rows: list[dict[str, Any]], result: ImportResult, municipalities: MunicipalityResolver, user: User | None
) -> None:
    school_ids = {row["school"].pk for row in rows}
    enrolments = {
        (e.school_id, e.pupil_number): e
        for e in Enrolment.objects.filter(school_id__in=school_ids).select_related("pupil")
    }
    hashes = [row["bsn_hash"] for row in rows if row["bsn_hash"]]
    by_hash: dict[str, Pupil] = {}
    for start in range(0, len(hashes), IMPORT_BATCH):
        by_hash.update({p.bsn_hash: p for p in Pupil.objects.filter(bsn_hash__in=hashes[start : start + IMPORT_BATCH])})
    family_keys = {row["family"] for row in rows if row["family"]}
    families = {f.key: f for f in Family.objects.filter(key__in=family_keys)}
    new_families = [Family(key=key) for key in family_keys - families.keys()]
    Family.objects.bulk_create(new_families, batch_size=IMPORT_BATCH)
    families.update({f.key: f for f in new_families})

    new_pupils: list[Pupil] = []
    changed_pupils: dict[int, Pupil] = {}
    new_enrolments: list[tuple[Enrolment, Pupil]] = []
    changed_enrolments: list[Enrolment] = []
    pupil_fields = ("given_name", "family_name", "birth_date", "home_municipality_id", "family_id", "bsn_hash")
    enrolment_fields = ("group", "enrolled_from", "enrolled_until")
    for row in rows:
        enrolment = enrolments.get((row["school"].pk, row["number"]))
        pupil = enrolment.pupil if enrolment else (by_hash.get(row["bsn_hash"]) if row["bsn_hash"] else None)
        pupil_values = {
            "given_name": row["given_name"],
            "family_name": row["family_name"],
            "birth_date": row["birth_date"],
            "home_municipality_id": municipalities.get(row["home"]).pk,
            "family_id": families[row["family"]].pk if row["family"] else None,
            "bsn_hash": row["bsn_hash"] or (pupil.bsn_hash if pupil else None),
        }
        if row["bsn_hash"] and pupil is not None and pupil.bsn_hash not in (None, row["bsn_hash"]):
            # The school's pupil number now carries another child's BSN: link to that child instead.
            pupil = by_hash.get(row["bsn_hash"])
        pupil_changed = False
        if pupil is None:
            pupil = Pupil(**pupil_values)
            new_pupils.append(pupil)
            if row["bsn_hash"]:
                by_hash[row["bsn_hash"]] = pupil
        else:
            for field in pupil_fields:
                if getattr(pupil, field) != pupil_values[field]:
                    setattr(pupil, field, pupil_values[field])
                    pupil_changed = True
            if pupil_changed and pupil.pk:
                changed_pupils[pupil.pk] = pupil
        enrolment_values = {"group": row["group"], "enrolled_from": row["from"], "enrolled_until": row["until"]}
        if enrolment is None:
            enrolment = Enrolment(school=row["school"], pupil_number=row["number"], **enrolment_values)
            new_enrolments.append((enrolment, pupil))
            enrolments[(row["school"].pk, row["number"])] = enrolment
            result.created += 1
            continue
        enrolment_changed = enrolment.pupil_id != pupil.pk
        if enrolment_changed:
            enrolment.pupil = pupil
        for field in enrolment_fields:
            if getattr(enrolment, field) != enrolment_values[field]:
                setattr(enrolment, field, enrolment_values[field])
                enrolment_changed = True
        if enrolment_changed:
            changed_enrolments.append(enrolment)
        if enrolment_changed or pupil_changed:
            result.updated += 1
        else:
            result.unchanged += 1
    now = timezone.now()
    for changed in [*changed_pupils.values(), *changed_enrolments]:
        changed.updated = now
    Pupil.objects.bulk_create(new_pupils, batch_size=IMPORT_BATCH)
    Pupil.objects.bulk_update(list(changed_pupils.values()), [*pupil_fields, "updated"], batch_size=IMPORT_BATCH)
    for enrolment, pupil in new_enrolments:
        enrolment.pupil = pupil
    Enrolment.objects.bulk_create([e for e, _p in new_enrolments], batch_size=IMPORT_BATCH)
    for enrolment in changed_enrolments:
        enrolment.pupil_id = enrolment.pupil.pk
    Enrolment.objects.bulk_update(changed_enrolments, [*enrolment_fields, "pupil", "updated"], batch_size=IMPORT_BATCH)
    for action, pupils in ((Action.CREATE, new_pupils), (Action.UPDATE, list(changed_pupils.values()))):
        access_log_write(
            user=user,
            event_type="pupil.import",
            action=action,
            object_type="pupil",
            object_ids=[(str(p.uuid), p.uuid) for p in pupils],
            purpose="registerimport leerlingen",
            authorisation="import uit de leerlingadministratie",
        )
