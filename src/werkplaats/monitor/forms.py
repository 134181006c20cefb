"""The filters of the monitor pages. They come from the URL (GET), so that a view can be shared; a value
that is not valid is named next to its field and the page falls back to the default."""

from datetime import date
from typing import Any
from uuid import UUID

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .selectors import RegionFilter

ORDER_BY_NAME = "naam"
ORDER_CARE_INTENSIVE_FIRST = "zorgintensief"


class ReferenceDateForm(forms.Form):
    op = forms.DateField(
        label=_("Peildatum"), required=False, input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Geef de peildatum op als jjjj-mm-dd, bijvoorbeeld 2026-03-02.")},
    )

    def reference_date(self) -> date:
        """The chosen date; today when none (or no valid one) was given. A wrong value in another field does
        not drop it: `is_valid` cleans every field and keeps the valid ones."""
        self.is_valid()
        return self.cleaned_data.get("op") or timezone.localdate()


class RegionFilterForm(ReferenceDateForm):
    gemeente = forms.TypedChoiceField(label=_("Gemeente"), required=False, coerce=UUID, empty_value=None)
    samenwerkingsverband = forms.TypedChoiceField(
        label=_("Samenwerkingsverband"), required=False, coerce=UUID, empty_value=None
    )
    soort = forms.ChoiceField(label=_("Soort school"), required=False)
    volgorde = forms.ChoiceField(
        label=_("Volgorde"), required=False,
        choices=[(ORDER_BY_NAME, _("Op naam")), (ORDER_CARE_INTENSIVE_FIRST, _("Zorgintensieve scholen eerst"))],
    )

    def __init__(self, data: Any, choices: dict[str, list[tuple[str, str]]]) -> None:
        super().__init__(data)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten")), *choices["municipalities"]]
        self.fields["samenwerkingsverband"].choices = [("", _("Alle samenwerkingsverbanden")), *choices["partnerships"]]
        self.fields["soort"].choices = [("", _("Alle soorten")), *choices["types"]]

    def region_filter(self) -> RegionFilter:
        """The valid filters; a field with a wrong value filters nothing."""
        self.is_valid()
        data = self.cleaned_data
        return RegionFilter(
            municipality=data.get("gemeente"), partnership=data.get("samenwerkingsverband"),
            type=data.get("soort", ""), care_intensive_first=data.get("volgorde") == ORDER_CARE_INTENSIVE_FIRST,
        )
