"""The Python-written <select> gives exactly what Django's select templates give."""

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


def test_other_widgets_still_use_the_templates():
    field = Everything(renderer=FormRenderer())["plain"]
    assert 'type="radio"' in field.as_widget(widget=forms.RadioSelect(choices=field.field.choices))
