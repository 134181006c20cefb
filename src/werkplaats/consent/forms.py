"""Forms of consent: they parse input; the age rules live in services.py and policy.py."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from werkplaats.accounts.models import AGGREGATE_ONLY_ROLES, Role

from .models import Method, Purpose, Section

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Waarvoor?"), choices=Purpose.choices, widget=forms.RadioSelect)
    given_on = forms.DateField(label=_("Gegeven op"), widget=DATE,
                               help_text=_("De leeftijd van de leerling op deze dag bepaalt wie beslist."))
    guardians = forms.MultipleChoiceField(label=_("Wie van de ouders of verzorgers gaf toestemming?"),
                                          required=False, widget=forms.CheckboxSelectMultiple)
    pupil_agreed = forms.BooleanField(label=_("De leerling gaf zelf toestemming"), required=False,
                                      help_text=_("Nodig vanaf 12 jaar; vanaf 16 jaar beslist de leerling alleen."))
    method = forms.ChoiceField(label=_("Hoe gegeven?"), choices=Method.choices)
    organisations = forms.MultipleChoiceField(label=_("Aan welke organisaties?"), required=False,
                                              widget=forms.CheckboxSelectMultiple)
    schools = forms.MultipleChoiceField(label=_("Aan welke scholen?"), required=False,
                                        widget=forms.CheckboxSelectMultiple)
    roles = forms.MultipleChoiceField(
        label=_("Alleen aan deze rollen"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=[(role.value, role.label) for role in Role if role not in AGGREGATE_ONLY_ROLES],
        help_text=_("Niets aangevinkt: alle rollen bij de gekozen organisaties en scholen."),
    )
    withheld_sections = forms.MultipleChoiceField(label=_("Wat wordt niet gedeeld?"), required=False,
                                                  widget=forms.CheckboxSelectMultiple, choices=Section.choices)
    withheld_from = forms.MultipleChoiceField(
        label=_("Met wie niet?"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: met geen enkele organisatie buiten de school."),
    )
    withheld_note = forms.CharField(label=_("Toelichting op wat niet gedeeld wordt"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 2}))
    valid_from = forms.DateField(label=_("Geldig vanaf"), required=False, widget=DATE,
                                 help_text=_("Leeg: vanaf de dag waarop toestemming is gegeven."))
    valid_until = forms.DateField(label=_("Geldig tot en met"), required=False, widget=DATE)
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, guardians: list[tuple[str, str]], organisations: list[tuple[str, str]],
                 schools: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["guardians"].choices = guardians
        self.fields["organisations"].choices = organisations
        self.fields["withheld_from"].choices = organisations
        self.fields["schools"].choices = schools
        self.fields["given_on"].initial = timezone.localdate()


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Bijvoorbeeld: wie trok de toestemming in, en hoe."))
