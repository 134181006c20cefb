"""Labels of choices come from a dict built once per field (`BaseModel._get_FIELD_display`): the same as
Django's `get_FOO_display`, for every choice field of every model, in Dutch and English, for unknown values too."""

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from werkplaats.core.models import BaseModel


def test_display_labels_as_django_gives_them():
    models = [model for model in apps.get_models() if issubclass(model, BaseModel)]
    checked = 0
    for model in models:
        for field in model._meta.fields:
            if not field.choices:
                continue
            instance = model()
            for value in [*(value for value, _label in field.flatchoices), "not-a-choice", None]:
                setattr(instance, field.attname, value)
                for language in ("nl", "en"):
                    with translation.override(language):
                        assert getattr(instance, f"get_{field.name}_display")() == Model._get_FIELD_display(
                            instance, field
                        ), (model.__name__, field.name, value)
                checked += 1
    assert checked > 100
