"""Writes of youth-care indications (the indications import of contracts/registry.md) and of collective
arrangements."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
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
from werkplaats.organisations.models import Municipality, Organisation, School
from werkplaats.organisations.services import MunicipalityResolver
from werkplaats.pupils.services import bsn_check

from .models import AllocationKey, CollectiveArrangement, FundingSource, Indication, ProductCategory, Referrer

AGB_CODE = re.compile(r"^[0-9]{8}$")
AMOUNT = re.compile(r"^\d{1,10}(\.\d{1,2})?$")
BATCH = 5000


def indications_import(
    source: str | Path | IO[bytes], *, user: User | None = None, partial: bool = False
) -> ImportResult:
    """Import youth-care indications. Identity: (bsn, provider, product, start)."""
    result = ImportResult()
    municipalities = MunicipalityResolver()
    products = set(ProductCategory.objects.values_list("code", flat=True))
    provider_keys = set(
        Organisation.objects.filter(kind=Organisation.Kind.CARE_PROVIDER)
        .exclude(code="")
        .values_list("code", flat=True)
    )
    referrers = set(Referrer.values)
    seen: dict[tuple[str, str, str, Any], int] = {}
    rows: list[dict[str, Any]] = []
    invalid = 0
    try:
        with open_text(source) as stream:
            for line, row in read_rows(
                stream,
                required=("bsn", "municipality", "provider", "product", "start", "referrer"),
                optional=("end", "amount"),
            ):
                v = RowValidator(line, row)
                hashed = bsn_check(v, required=True)
                municipality = municipalities.check(v, "municipality")
                provider = v.required("provider")
                if provider and not (AGB_CODE.match(provider) or provider in provider_keys):
                    v.error(
                        "provider",
                        _("%(value)s is geen AGB-code (8 cijfers) en geen aanbieder uit het register.")
                        % {"value": provider},
                    )
                product = v.required("product")
                if product and product not in products:
                    v.error(
                        "product",
                        _("%(value)s is geen iJw-productcategorie (twee cijfers, codelijst JZ020).")
                        % {"value": product},
                    )
                start = v.date("start")
                end = v.date("end", required=False)
                if start and end and end < start:
                    v.error("end", _("De einddatum ligt voor de startdatum."))
                referrer = v.choice("referrer", referrers)
                amount_text = v.row.get("amount", "")
                amount = None
                if amount_text:
                    try:
                        if not AMOUNT.match(amount_text):
                            raise InvalidOperation
                        amount = Decimal(amount_text)
                    except InvalidOperation:
                        v.error(
                            "amount",
                            _("%(value)s is geen bedrag in euro (bijvoorbeeld 1250.50).") % {"value": amount_text},
                        )
                if hashed and provider and product and start:
                    reject_duplicate(seen, (hashed, provider, product, start), v, "bsn")
                if v.ok:
                    rows.append(
                        {
                            "bsn_hash": hashed,
                            "municipality": municipality,
                            "provider": provider,
                            "product": product,
                            "start": start,
                            "end": end,
                            "referrer": referrer,
                            "amount": amount,
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
        _write_indications(rows, result, municipalities)
    return result


def _write_indications(rows: list[dict[str, Any]], result: ImportResult, municipalities: MunicipalityResolver) -> None:
    hashes = sorted({row["bsn_hash"] for row in rows})
    existing: dict[tuple, Indication] = {}
    for start in range(0, len(hashes), BATCH):
        for indication in Indication.objects.filter(bsn_hash__in=hashes[start : start + BATCH]):
            existing[(indication.bsn_hash, indication.provider_code, indication.product_id, indication.start)] = (
                indication
            )
    new: list[Indication] = []
    changed: list[Indication] = []
    now = timezone.now()
    fields = ("municipality_id", "end", "referrer", "amount")
    for row in rows:
        values = {
            "municipality_id": municipalities.get(row["municipality"]).pk,
            "end": row["end"],
            "referrer": row["referrer"],
            "amount": row["amount"],
        }
        indication = existing.get((row["bsn_hash"], row["provider"], row["product"], row["start"]))
        if indication is None:
            new.append(
                Indication(
                    bsn_hash=row["bsn_hash"],
                    provider_code=row["provider"],
                    product_id=row["product"],
                    start=row["start"],
                    **values,
                )
            )
            result.created += 1
        elif any(getattr(indication, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(indication, field, value)
            indication.updated = now
            changed.append(indication)
            result.updated += 1
        else:
            result.unchanged += 1
    Indication.objects.bulk_create(new, batch_size=BATCH)
    Indication.objects.bulk_update(changed, [*fields, "updated"], batch_size=BATCH)


@dataclass(frozen=True)
class FundingSourceInput:
    kind: str
    organisation: Organisation | None = None
    municipality: Municipality | None = None
    amount_cents: int | None = None


@transaction.atomic
def collective_arrangement_create(
    *,
    school: School,
    name: str,
    legal_route: str,
    period_start: date,
    period_end: date,
    budget_cents: int,
    description: str = "",
    actual_cost_cents: int | None = None,
    allocation_key: str = AllocationKey.PUPILS,
    reference_date: date | None = None,
    providers: Iterable[Organisation] = (),
    funding_sources: Iterable[FundingSourceInput] = (),
) -> CollectiveArrangement:
    """Save a collective arrangement with its providers and funding sources. The reference date of the
    cost allocation defaults to the start of the period. Raises ValidationError on invalid input."""
    arrangement = CollectiveArrangement(
        school=school,
        name=name,
        description=description,
        legal_route=legal_route,
        period_start=period_start,
        period_end=period_end,
        budget_cents=budget_cents,
        actual_cost_cents=actual_cost_cents,
        allocation_key=allocation_key,
        reference_date=reference_date or period_start,
    )
    arrangement.full_clean()
    arrangement.save()
    arrangement.providers.set(providers)
    for source in funding_sources:
        funding = FundingSource(
            arrangement=arrangement,
            kind=source.kind,
            organisation=source.organisation,
            municipality=source.municipality,
            amount_cents=source.amount_cents,
        )
        funding.full_clean()
        funding.save()
    return arrangement
