"""`werkplaats monitor profile --school CODE --on YYYY-MM-DD [--format json]` (contracts/registry.md
"Monitor output"): the school profile with disclosure control, as for a user who may not see the pupils.
Exit codes: 0 printed, 2 usage error (message on stderr)."""

import json
import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from werkplaats.arrangements.models import Referrer
from werkplaats.monitor.disclosure import SECONDARY, suppressed_label, threshold_default
from werkplaats.monitor.selectors import school_profile
from werkplaats.organisations.models import Municipality, School

USAGE_ERROR = 2


class Command(BaseCommand):
    help = "Toon het schoolprofiel van de monitor, met statistische geheimhouding (contracts/registry.md)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        # Checked in handle(), so every usage error gets a Dutch message.
        parser.add_argument("--school", help=_("schoolcode (BRIN + vestiging), bijvoorbeeld 12AB00"))
        parser.add_argument("--on", help=_("peildatum JJJJ-MM-DD"))
        parser.add_argument("--format", default="text", help=_("json of text (standaard text)"))

    def handle(self, *args: Any, **options: Any) -> None:
        school, on = self._school(options["school"]), self._date(options["on"])
        if options["format"] not in ("json", "text"):
            self._usage_error(_("Onbekend formaat %(value)s: kies json of text.") % {"value": options["format"]})
        profile = school_profile(school=school, on=on, disclosure=True)
        if options["format"] == "json":
            self.stdout.write(json.dumps(profile, ensure_ascii=False))
        else:
            self.stdout.write(profile_text(profile, school=school))

    def _usage_error(self, message: str) -> NoReturn:
        self.stderr.write(message)
        sys.exit(USAGE_ERROR)

    def _school(self, code: str | None) -> School:
        if not code:
            self._usage_error(_("Geef de school op met --school CODE (BRIN + vestiging, bijvoorbeeld 12AB00)."))
        school = School.objects.filter(code=code.strip().upper()).first()
        if school is None:
            self._usage_error(_("School %(code)s staat niet in het register.") % {"code": code})
        return school

    def _date(self, value: str | None) -> date:
        if not value:
            self._usage_error(_("Geef de peildatum op met --on JJJJ-MM-DD."))
        try:
            if len(value) != 10:
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self._usage_error(_("%(value)s is geen geldige datum (verwacht JJJJ-MM-DD).") % {"value": value})


def profile_text(profile: dict[str, Any], *, school: School) -> str:
    """The profile as readable Dutch text."""
    names = dict(Municipality.objects.filter(code__in=profile["by_home_municipality"]).values_list("code", "name"))
    share = f"{profile['share_with_indication'] * 100:.2f}".replace(".", ",")
    lines = [
        _("Schoolprofiel %(name)s (%(code)s) op %(on)s")
        % {"name": school.name, "code": profile["school"], "on": profile["on"]},
        "",
        _("Leerlingen: %(count)s") % {"count": profile["pupils"]},
        _("Met een jeugdhulpindicatie: %(count)s (%(share)s%%)")
        % {"count": profile["with_indication"], "share": share},
        _("Zorgintensieve school: %(answer)s") % {"answer": _("ja") if profile["care_intensive"] else _("nee")},
    ]
    sections = (
        (_("Naar woongemeente"), profile["by_home_municipality"], lambda code: f"{names.get(code, code)} ({code})"),
        (_("Naar jeugdhulpaanbieder"), profile["by_provider"], str),
        (_("Naar verwijzer"), profile["by_referrer"], lambda value: str(Referrer(value).label)),
        (_("Naar niveau van schoolaanwezigheid"), profile["tiers"], lambda tier: _("niveau %(tier)s") % {"tier": tier}),
    )
    for title, cells, label in sections:
        lines += ["", f"{title}:"]
        lines += [f"  {label(key)}: {value}" for key, value in cells.items()] or [f"  {_('geen')}"]
    lines += [
        "",
        _('Statistische geheimhouding: "%(small)s" is een aantal van 1 tot en met %(max)d; "%(x)s" is weggelaten '
          "zodat een klein aantal niet uit het totaal is af te leiden.")
        % {"small": suppressed_label(threshold_default()), "max": threshold_default() - 1, "x": SECONDARY},
    ]
    return "\n".join(lines)
