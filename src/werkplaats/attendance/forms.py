"""Forms of the attendance pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_DAY_MINUTES


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class OverviewForm(forms.Form):
    op = forms.DateField(label=_("Peildatum"), required=False, widget=DateInput())
    sinds = forms.DateField(
        label=_("Gestegen sinds"),
        required=False,
        widget=DateInput(),
        help_text=_("Bijvoorbeeld de datum van het vorige IPT-overleg. Standaard: 4 weken voor de peildatum."),
    )
    groep = forms.ChoiceField(label=_("Groep / klas"), required=False)

    def __init__(self, data, groups: list[str]) -> None:  # noqa: ANN001
        super().__init__(data)
        self.fields["groep"].choices = [("", _("Alle groepen")), *((group, group) for group in groups)]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-bestand"),
        help_text=_("Kolommen: school, pupil, date, minutes, reason en eventueel note. Eén regel per registratie."),
    )


class DayOffForm(forms.Form):
    first_day = forms.DateField(label=_("Eerste dag"), widget=DateInput())
    last_day = forms.DateField(label=_("Laatste dag"), required=False, widget=DateInput())
    name = forms.CharField(label=_("Omschrijving"), max_length=100)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("first_day") and data.get("last_day") and data["last_day"] < data["first_day"]:
            self.add_error("last_day", _("De laatste dag ligt voor de eerste dag."))
        return data


def _minutes(label: str) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=MAX_DAY_MINUTES)


class TimetableForm(forms.Form):
    valid_from = forms.DateField(label=_("Geldig vanaf"), widget=DateInput())
    monday = _minutes(_("Minuten op maandag"))
    tuesday = _minutes(_("Minuten op dinsdag"))
    wednesday = _minutes(_("Minuten op woensdag"))
    thursday = _minutes(_("Minuten op donderdag"))
    friday = _minutes(_("Minuten op vrijdag"))

    def minutes(self) -> tuple[int, int, int, int, int]:
        data = self.cleaned_data
        return (data["monday"], data["tuesday"], data["wednesday"], data["thursday"], data["friday"])
