from werkplaats.arrangements.services import indications_import
from werkplaats.core.commands import ImportCommand
from werkplaats.organisations.services import schools_import
from werkplaats.pupils.services import pupils_import


class Command(ImportCommand):
    help = "Importeer scholen, leerlingen of jeugdhulpindicaties (contracts/registry.md)."
    importers = {"schools": schools_import, "pupils": pupils_import, "indications": indications_import}
