"""`werkplaats demo seed --pupils N --seed S [--if-empty]`: a synthetic demo region with demo accounts."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from werkplaats.demo.services import MINIMUM_PUPILS, DemoRegionExists, accounts_table, demo_seed


class Command(BaseCommand):
    help = _("Maak een fictieve demoregio (scholen, organisaties, leerlingen, indicaties) met demo-accounts.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--pupils", type=int, default=1500, help=_("aantal leerlingen (minstens 100)"))
        parser.add_argument("--seed", type=int, default=1, help=_("startwaarde: dezelfde seed geeft dezelfde regio"))
        parser.add_argument("--if-empty", action="store_true",
                            help=_("niets doen als er al een school in de database staat"))

    def handle(self, *args: Any, **options: Any) -> None:
        if options["pupils"] < MINIMUM_PUPILS:
            raise CommandError(_("Kies minstens %(minimum)d leerlingen.") % {"minimum": MINIMUM_PUPILS}, returncode=2)
        try:
            summary = demo_seed(pupils=options["pupils"], seed=options["seed"], if_empty=options["if_empty"])
        except DemoRegionExists as error:
            raise CommandError(
                _("Er staan al scholen in de database; een demoregio komt alleen in een leeg register. "
                  "Gebruik --if-empty om dan niets te doen.")
            ) from error
        if summary is None:
            self.stdout.write(_("Er staan al scholen in de database; de demoregio is niet opnieuw aangemaakt."))
            return
        self.stdout.write(summary.as_text())
        self.stdout.write("")
        self.stdout.write(_("Demo-accounts (tweede factor: het apparaat \"demo\"; de inlogpagina toont de code "
                            "alleen in demomodus):"))
        self.stdout.write(accounts_table())
