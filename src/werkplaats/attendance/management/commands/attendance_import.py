from werkplaats.attendance.services import registrations_import
from werkplaats.core.commands import ImportCommand


class Command(ImportCommand):
    help = "Importeer verzuimregistraties (contracts/attendance.md §1): werkplaats attendance import FILE."
    importers = {"": registrations_import}
