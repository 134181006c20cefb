"""The Python-written <select>, <input> and <textarea> give exactly what Django's widget templates give."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from werkplaats.core.forms import FormRenderer


class Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Alle groepen"), ("5b", "5b"), ("6<a>", 'Groep "6" & <a>')])
    grouped = forms.ChoiceField(
        required=False,
        choices=[("Primair", [("po-1", "De Esch")]), ("Voortgezet", [("vo-1", "Marke & Co")]), ("x", "Los")],
    )
    many = forms.MultipleChoiceField(choices=[(1, "een"), (2, "twee"), (3, "drie")])
    maybe = forms.NullBooleanField()
    safe_label = forms.ChoiceField(choices=[("s", mark_safe("<b>vet</b>"))])


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("data", [{}, {"plain": "6<a>", "grouped": "vo-1", "many": ["1", "3"], "maybe": "true"}])
@pytest.mark.parametrize("name", ["plain", "grouped", "many", "maybe", "safe_label"])
def test_select_is_rendered_as_django_renders_it(name, data):
    bound_fast = Everything(data or None, renderer=FormRenderer())[name]
    bound_django = Everything(data or None, renderer=DjangoTemplates())[name]
    attrs = {"class": "utrecht-select", "aria-describedby": 'x"y', "disabled": False, "autofocus": True}
    fast = bound_fast.as_widget(attrs=attrs)
    assert _normalised(fast) == _normalised(bound_django.as_widget(attrs=attrs))
    assert "<option" in fast


class Inputs(forms.Form):
    text = forms.CharField(max_length=20, initial='Bas & "Sara" <b>')
    empty = forms.CharField(required=False)
    email = forms.EmailField()
    number = forms.IntegerField(min_value=0, initial=7)
    decimal = forms.DecimalField(initial="1.5")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), initial="2026-11-22")
    moment = forms.DateTimeField(widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    hour = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    secret = forms.CharField(widget=forms.PasswordInput)
    hidden = forms.CharField(widget=forms.HiddenInput, initial="v<1>")
    agreed = forms.BooleanField(required=False, initial=True)
    declined = forms.BooleanField(required=False)
    link = forms.URLField(assume_scheme="https")
    note = forms.CharField(widget=forms.Textarea, initial="regel 1\n<regel 2> & \"3\"")
    blank_note = forms.CharField(widget=forms.Textarea, required=False)
    safe_note = forms.CharField(widget=forms.Textarea, initial=mark_safe("<b>al veilig</b>"))


BOUND = {"text": "<x>", "number": "12", "agreed": "on", "note": "a & b", "day": "nope"}


@pytest.mark.parametrize("data", [None, BOUND])
@pytest.mark.parametrize("name", list(Inputs.base_fields))
def test_inputs_and_textareas_are_rendered_as_django_renders_them(name, data):
    bound_fast = Inputs(data, renderer=FormRenderer())[name]
    bound_django = Inputs(data, renderer=DjangoTemplates())[name]
    attrs = {"class": "utrecht-textbox", "aria-describedby": 'x"y', "disabled": False, "autofocus": True}
    assert bound_fast.as_widget(attrs=attrs) == bound_django.as_widget(attrs=attrs)


def test_other_widgets_still_use_the_templates():
    field = Everything(renderer=FormRenderer())["plain"]
    assert 'type="radio"' in field.as_widget(widget=forms.RadioSelect(choices=field.field.choices))
