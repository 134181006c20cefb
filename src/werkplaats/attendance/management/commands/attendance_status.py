"""`werkplaats attendance status --school CODE --on YYYY-MM-DD [--format json|table]` (contract §4).
Exit 0 with the status; exit 2 on a usage error, which includes an unknown school code or a date that
is not YYYY-MM-DD (a value the command cannot use, like an unknown option)."""

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from werkplaats.attendance.selectors import SchoolStatus, school_status_logged
from werkplaats.organisations.models import School

STATUS_LABELS = {"open": "open", "closed": "gemeld"}
REASON_LABELS = {"16_uur": "16 uur", "luxe": "luxe verzuim", "langdurig": "langdurig"}


class Command(BaseCommand):
    help = "Toon de aanwezigheid van de leerlingen van een school op een datum (contracts/attendance.md §4)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--school", required=True, help=_("schoolcode: BRIN + vestiging, bijv. 12AB00"))
        parser.add_argument("--on", required=True, help=_("peildatum JJJJ-MM-DD"))
        parser.add_argument("--format", choices=("json", "table"), default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if len(options["on"]) != 10:
                raise ValueError
            on = date.fromisoformat(options["on"])
        except ValueError:
            raise CommandError(
                _("%(value)s is geen geldige datum (verwacht JJJJ-MM-DD).") % {"value": options["on"]}, returncode=2
            ) from None
        school = School.objects.filter(code=options["school"].strip().upper()).first()
        if school is None:
            raise CommandError(
                _("School %(code)s staat niet in het register.") % {"code": options["school"]}, returncode=2
            )
        status = school_status_logged(school=school, on=on)
        if options["format"] == "json":
            self.stdout.write(json.dumps(status.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(table(status))


def table(status: SchoolStatus) -> str:
    """A readable Dutch table of the status."""
    lines = [
        _("Aanwezigheid van %(name)s (%(code)s) op %(on)s")
        % {"name": status.school.name, "code": status.school.code, "on": status.on.strftime("%d-%m-%Y")},
        "",
    ]
    header = (_("Leerling"), _("Niveau"), _("Verzuim"), _("Ongeoorl. 4 wk"), _("Thuiszitter"), _("Meldingen"))
    rows = []
    for pupil in status.pupils:
        reports = "; ".join(
            f"{REASON_LABELS.get(r.reason, r.reason)} {r.threshold_date:%d-%m-%Y} ({STATUS_LABELS[r.status]})"
            for r in pupil.reports
        )
        rows.append(
            (
                pupil.pupil_number,
                str(pupil.tier),
                f"{pupil.absence_rate * 100:.2f}%".replace(".", ","),
                f"{pupil.unauthorised_minutes_4w} min",
                _("ja") if pupil.thuiszitter else _("nee"),
                reports or "-",
            )
        )
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(header)).rstrip())
    lines.append("  ".join("-" * width for width in widths))
    for row in rows:
        lines.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    if not rows:
        lines.append(_("Geen leerlingen ingeschreven op deze datum."))
    tiers = status.tiers
    lines.append("")
    lines.append(
        _("Niveau 1: %(one)d, niveau 2: %(two)d, niveau 3: %(three)d leerlingen")
        % {"one": tiers["1"], "two": tiers["2"], "three": tiers["3"]}
    )
    return "\n".join(lines)
