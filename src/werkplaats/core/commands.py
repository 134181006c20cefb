"""Base class for the import commands of the contracts: exit 0 accepted, 1 rejected, 2 usage error."""

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from .imports import ImportResult


class ImportCommand(BaseCommand):
    """Subclasses set `importers`: the kinds of file (or {"": importer}) and the function for each."""

    importers: dict[str, Callable[..., ImportResult]] = {}
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        if "" not in self.importers:
            parser.add_argument("kind", choices=sorted(self.importers), help=_("soort bestand"))
        parser.add_argument("file", help=_("CSV-bestand (UTF-8)"))
        parser.add_argument("--partial", action="store_true", help=_("geldige regels toch importeren"))
        parser.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("Bestand %(path)s bestaat niet of is geen bestand.") % {"path": path}, returncode=2)
        importer = self.importers[options.get("kind", "")]
        result = importer(path, partial=options["partial"])
        self.stdout.write(result.as_json() if options["format"] == "json" else result.as_text())
        if not result.accepted:
            self.stdout.flush()
            sys.exit(1)
