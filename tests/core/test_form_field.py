"""The form_field tag gives what includes/form_field.html gave as a template (whitespace aside)."""

import re

import pytest
from django import forms
from django.template import Context, Template

# includes/form_field.html before it became the form_field tag.
TEMPLATE = """{% load i18n werkplaats %}
<div class="utrecht-form-field utrecht-form-field--distanced{% if field.errors %} utrecht-form-field--invalid{% endif %} {% if field.widget_type == 'checkbox' %}utrecht-form-field--checkbox{% else %}utrecht-form-field--text{% endif %}">
  <div class="utrecht-form-field__label">
    <label class="utrecht-form-label" for="{{ field.id_for_label }}">{{ field.label }}{% if not field.field.required and not hide_optional %} <span class="wp-optional">({% translate "niet verplicht" %})</span>{% endif %}</label>
  </div>
  {% if field.help_text %}
    <div class="utrecht-form-field__description utrecht-form-field-description" id="{{ field.auto_id }}_helptext">{{ field.help_text }}</div>
  {% endif %}
  {% if field.errors %}
    <div class="utrecht-form-field__error-message utrecht-form-field-error-message" id="{{ field.auto_id }}_error">{% for error in field.errors %}<p class="utrecht-paragraph">{{ error }}</p>{% endfor %}</div>
  {% endif %}
  <div class="utrecht-form-field__input">{{ field|field_widget }}</div>
</div>"""  # noqa: E501


class Meeting(forms.Form):
    title = forms.CharField(label="Titel & <onderwerp>", max_length=5, help_text='Kort, "zonder" <b>namen</b>')
    place = forms.CharField(label="Plaats", required=False)
    online = forms.BooleanField(label="Online", required=False)
    layer = forms.ChoiceField(label="Laag", choices=[("core", "Kernteam"), ("wide", "Breed")])
    notes = forms.CharField(label="Notities", widget=forms.Textarea, required=False, help_text="Geen namen.")


def _normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


INVALID = {"title": "<te lang>", "layer": "x"}


@pytest.mark.parametrize("data", [None, INVALID, {"title": "ok", "layer": "core"}])
@pytest.mark.parametrize("name", list(Meeting.base_fields))
@pytest.mark.parametrize("hide_optional", [False, True])
def test_form_field_tag_matches_the_former_template(name, data, hide_optional):
    field = Meeting(data)[name]
    context = Context({"field": field, "hide_optional": hide_optional})
    via_include = Template('{% include "includes/form_field.html" %}').render(context)
    assert _normalised(via_include) == _normalised(Template(TEMPLATE).render(context))
    if data is INVALID and name in ("title", "layer"):
        assert "utrecht-form-field--invalid" in via_include and "_error" in via_include
