import uuid
from functools import cache
from typing import Any

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext_lazy as _


@cache
def _choice_labels(field: models.Field) -> dict[Any, Any]:
    """The field's choices as {value: (lazy) label}, built once per field."""
    return dict(make_hashable(field.flatchoices))


class BaseModel(models.Model):
    """Internal integer key for joins; `uuid` is the only identifier that leaves the system (URLs, API)."""

    uuid = models.UUIDField(_("uuid"), default=uuid.uuid4, unique=True, editable=False)
    created = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field: models.Field) -> Any:  # noqa: N802 — Django's name
        """`get_FOO_display()` from a dict built once per field. Django builds the dict on every call and
        translates each lazy label to hash it: a visible cost on pages that list many signals and cases.
        Same result as Django's (tests/core/test_models.py)."""
        value = getattr(self, field.attname)
        return force_str(_choice_labels(field).get(make_hashable(value), value), strings_only=True)
