"""`werkplaats finance allocate --school CODE --cost EUROS --key pupils|indicated|contact --on YYYY-MM-DD
[--format json]` (contracts/finance.md). Exit codes: 0 printed, 1 nothing to allocate (all weights zero),
2 usage error; messages on stderr."""

import json
import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from werkplaats.arrangements.allocation import AllocationError, cost_parse
from werkplaats.arrangements.models import AllocationKey
from werkplaats.arrangements.selectors import cost_allocation
from werkplaats.organisations.models import Municipality, School

NOT_ALLOCATABLE = 1
USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Verdeel de kosten van een collectief arrangement over gemeenten (contracts/finance.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle(), so every usage error gets a Dutch message.
        parser.add_argument("--school", help=_("schoolcode (BRIN + vestiging), bijvoorbeeld 12AB00"))
        parser.add_argument("--cost", help=_("kosten in euro, bijvoorbeeld 10000.00"))
        parser.add_argument("--key", help=_("verdeelsleutel: pupils, indicated of contact"))
        parser.add_argument("--on", help=_("peildatum JJJJ-MM-DD"))
        parser.add_argument("--format", default="text", help=_("json of text (standaard text)"))

    def handle(self, *args: Any, **options: Any) -> None:
        school = self._school(options["school"])
        cost_cents = self._cost(options["cost"])
        key = self._key(options["key"])
        on = self._date(options["on"])
        if options["format"] not in ("json", "text"):
            self._fail(_("Onbekend formaat %(value)s: kies json of text.") % {"value": options["format"]}, USAGE_ERROR)
        try:
            allocation = cost_allocation(school=school, cost_cents=cost_cents, key=key, on=on)
        except AllocationError as error:
            self._fail(str(error), NOT_ALLOCATABLE)
        if options["format"] == "json":
            self.stdout.write(json.dumps(allocation, ensure_ascii=False))
        else:
            self.stdout.write(allocation_text(allocation, school=school))

    def _fail(self, message: str, code: int) -> NoReturn:
        self.stderr.write(message)
        sys.exit(code)

    def _school(self, code: str | None) -> School:
        if not code:
            self._fail(_("Geef de school op met --school CODE (BRIN + vestiging, bijvoorbeeld 12AB00)."), USAGE_ERROR)
        school = School.objects.select_related("contact_municipality").filter(code=code.strip().upper()).first()
        if school is None:
            self._fail(_("School %(code)s staat niet in het register.") % {"code": code}, USAGE_ERROR)
        return school

    def _cost(self, value: str | None) -> int:
        if value is None:
            self._fail(_("Geef de kosten op met --cost EURO, bijvoorbeeld --cost 10000.00."), USAGE_ERROR)
        try:
            return cost_parse(value)
        except ValueError as error:
            self._fail(str(error), USAGE_ERROR)

    def _key(self, value: str | None) -> AllocationKey:
        if value not in AllocationKey.values:
            self._fail(
                _("Onbekende verdeelsleutel %(value)s: kies pupils, indicated of contact.") % {"value": value or "''"},
                USAGE_ERROR,
            )
        return AllocationKey(value)

    def _date(self, value: str | None) -> date:
        if not value:
            self._fail(_("Geef de peildatum op met --on JJJJ-MM-DD."), USAGE_ERROR)
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self._fail(_("%(value)s is geen geldige datum (verwacht JJJJ-MM-DD).") % {"value": value}, USAGE_ERROR)


def allocation_text(allocation: dict[str, Any], *, school: School) -> str:
    """The allocation as a readable Dutch table."""
    codes = [row["municipality"] for row in allocation["allocation"]]
    names = dict(Municipality.objects.filter(code__in=codes).values_list("code", "name"))
    lines = [
        _("Kostenverdeling voor %(name)s (%(code)s), peildatum %(on)s")
        % {"name": school.name, "code": allocation["school"], "on": allocation["on"]},
        _("Verdeelsleutel: %(key)s — %(label)s")
        % {"key": allocation["key"], "label": AllocationKey(allocation["key"]).label},
        _("Te verdelen: € %(cost)s") % {"cost": allocation["cost"]},
        "",
        f"{_('Gemeente'):<32} {_('Gewicht'):>8} {_('Bedrag'):>16}",
    ]
    for row in allocation["allocation"]:
        municipality = f"{names.get(row['municipality'], row['municipality'])} ({row['municipality']})"
        lines.append(f"{municipality:<32} {row['weight']:>8} {'€ ' + row['amount']:>16}")
    total_weight = sum(row["weight"] for row in allocation["allocation"])
    lines.append(f"{_('Totaal'):<32} {total_weight:>8} {'€ ' + allocation['cost']:>16}")
    return "\n".join(lines)
