"""The form of a new collective arrangement: validated on the server, amounts in euros as people type them
(12.500,00 or 12500.00), funding sources as a formset of rows."""

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from werkplaats.organisations.models import Municipality, Organisation, School

from .allocation import cost_parse
from .models import AllocationKey, CollectiveArrangement, FundingSource
from .services import FundingSourceInput

DUTCH_AMOUNT = re.compile(r"^\d{1,3}(\.\d{3})*(,\d{1,2})?$|^\d+(,\d{1,2})?$")


class EuroField(forms.CharField):
    """An amount in euros, as cents. Accepts 12500, 12.500, 12.500,50, 12500,50 and 12500.50 (and a € sign)."""

    default_error_messages = {
        "invalid": _("Geef een bedrag in euro op, bijvoorbeeld 12.500,00 of 12500."),
    }

    def to_python(self, value: Any) -> int | None:
        text = super().to_python(value).replace("€", "").replace(" ", "").strip()
        if not text:
            return None
        if DUTCH_AMOUNT.match(text):
            text = text.replace(".", "").replace(",", ".")
        try:
            return cost_parse(text)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class FirstOptionLabelled:
    """Radio buttons and checkboxes whose field label points at the first option, so that the error summary at
    the top of the form links to the field (Django leaves that link empty for a group of options)."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return forms.widgets.ChoiceWidget.id_for_label(self, id_, "0" if index is None else index)


class RadioSelect(FirstOptionLabelled, forms.RadioSelect):
    pass


class CheckboxSelectMultiple(FirstOptionLabelled, forms.CheckboxSelectMultiple):
    pass


def _date_widget() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


DATE_ERROR = _("Geef een datum op als jjjj-mm-dd, bijvoorbeeld 2026-08-01.")


class CollectiveArrangementForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School (vestiging)"), queryset=School.objects.none(), empty_label=_("Kies een school"),
        error_messages={"required": _("Kies de school waar het arrangement komt."),
                        "invalid_choice": _("Kies een school uit de lijst.")},
    )
    name = forms.CharField(label=_("Naam"), max_length=200,
                           error_messages={"required": _("Geef het arrangement een naam.")})
    description = forms.CharField(
        label=_("Omschrijving"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wat krijgen de leerlingen en de school? Voor wie is het bedoeld?"),
    )
    providers = forms.ModelMultipleChoiceField(
        label=_("Aanbieders"), required=False, queryset=Organisation.objects.none(),
        widget=CheckboxSelectMultiple, help_text=_("De organisaties die het aanbod op school geven."),
    )
    legal_route = forms.ChoiceField(
        label=_("Juridische route"), choices=CollectiveArrangement.LegalRoute.choices, widget=RadioSelect,
        error_messages={"required": _("Kies subsidie of aanbesteding.")},
    )
    period_start = forms.DateField(label=_("Periode vanaf"), widget=_date_widget(), input_formats=["%Y-%m-%d"],
                                   error_messages={"required": _("Geef de eerste dag van de periode op."),
                                                   "invalid": DATE_ERROR})
    period_end = forms.DateField(label=_("Periode tot en met"), widget=_date_widget(), input_formats=["%Y-%m-%d"],
                                 error_messages={"required": _("Geef de laatste dag van de periode op."),
                                                 "invalid": DATE_ERROR})
    budget = EuroField(label=_("Begroting (euro)"), error_messages={"required": _("Geef de begroting op.")})
    actual_cost = EuroField(
        label=_("Werkelijke kosten (euro)"), required=False,
        help_text=_("Leeg zolang ze niet bekend zijn. Dan verdeelt Werkplaats de begroting."),
    )
    allocation_key = forms.ChoiceField(
        label=_("Kostenverdeelsleutel"), choices=AllocationKey.choices, initial=AllocationKey.PUPILS,
        help_text=_("Hoe de kosten over de gemeenten worden verdeeld."),
    )
    reference_date = forms.DateField(
        label=_("Peildatum"), required=False, widget=_date_widget(), input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
        help_text=_("De datum waarop leerlingen en indicaties voor de verdeling tellen. Leeg: de eerste dag van de "
                    "periode."),
    )

    def __init__(self, *args: Any, schools: QuerySet[School], providers: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools.order_by("name")
        self.fields["providers"].queryset = providers

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("De periode eindigt voor ze begint. Kies een einddatum op of na %(start)s.")
                           % {"start": start.strftime("%d-%m-%Y")})
        return data


class FundingSourceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Soort financier"), required=False,
                             choices=[("", _("Kies een soort")), *FundingSource.Kind.choices])
    organisation = forms.ModelChoiceField(label=_("Organisatie"), required=False, queryset=Organisation.objects.none(),
                                          empty_label=_("Geen"))
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), required=False, empty_label=_("Geen"),
        queryset=Municipality.objects.filter(in_region=True).order_by("name"),
    )
    amount = EuroField(label=_("Bijdrage (euro)"), required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(name) for name in ("organisation", "municipality", "amount"))
        if filled and not data.get("kind"):
            self.add_error("kind", _("Kies wat voor financier dit is, of maak de hele regel leeg."))
        return data

    def funding_source(self) -> FundingSourceInput | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return FundingSourceInput(kind=data["kind"], organisation=data["organisation"],
                                  municipality=data["municipality"], amount_cents=data["amount"])


class BaseFundingSourceFormSet(forms.BaseFormSet):
    def funding_sources(self) -> list[FundingSourceInput]:
        return [source for form in self.forms if (source := form.funding_source()) is not None]


FundingSourceFormSet = forms.formset_factory(FundingSourceForm, formset=BaseFundingSourceFormSet, extra=3, max_num=10)
