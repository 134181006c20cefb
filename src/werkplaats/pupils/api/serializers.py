from django.db.models import Model
from django.utils.text import capfirst
from rest_framework import serializers

from werkplaats.pupils.models import Enrolment, Guardian


def _label(model: type[Model], name: str) -> str:
    """The title a ModelSerializer would give the field: its verbose name, capitalised (translated lazily)."""
    return capfirst(model._meta.get_field(name).verbose_name)


# The outputs below declare their fields as a ModelSerializer would build them (same types, titles, lengths
# and blank rules, so the same OpenAPI schema): a ModelSerializer builds its fields again from the model on
# every request, which cost the pupil API a few milliseconds per call.


class EnrolmentOutput(serializers.Serializer):
    school = serializers.CharField(source="school.code")
    pupil = serializers.CharField(source="pupil_number")
    group = serializers.CharField(label=_label(Enrolment, "group"), max_length=50)
    enrolled_from = serializers.DateField(label=_label(Enrolment, "enrolled_from"))
    enrolled_until = serializers.DateField(label=_label(Enrolment, "enrolled_until"), allow_null=True, required=False)


class PupilListOutput(serializers.Serializer):
    """One row of the pupil list: an enrolment with its pupil."""

    uuid = serializers.UUIDField(source="pupil.uuid")
    given_name = serializers.CharField(source="pupil.given_name")
    family_name = serializers.CharField(source="pupil.family_name")
    birth_date = serializers.DateField(source="pupil.birth_date")
    school = serializers.CharField(source="school.code")
    pupil = serializers.CharField(source="pupil_number")
    group = serializers.CharField()


class GuardianOutput(serializers.Serializer):
    given_name = serializers.CharField(label=_label(Guardian, "given_name"), max_length=100)
    family_name = serializers.CharField(label=_label(Guardian, "family_name"), max_length=150)
    relation = serializers.ChoiceField(
        label=_label(Guardian, "relation"), choices=Guardian.Relation.choices, required=False
    )
    has_authority = serializers.BooleanField(label=_label(Guardian, "has_authority"), required=False)
    phone = serializers.CharField(label=_label(Guardian, "phone"), max_length=30, allow_blank=True, required=False)
    email = serializers.EmailField(label=_label(Guardian, "email"), max_length=254, allow_blank=True, required=False)


class PupilDetailOutput(serializers.Serializer):
    """A pupil with only what the caller may see: visible enrolments and siblings (others only counted)."""

    uuid = serializers.UUIDField(source="pupil.uuid")
    given_name = serializers.CharField(source="pupil.given_name")
    family_name = serializers.CharField(source="pupil.family_name")
    birth_date = serializers.DateField(source="pupil.birth_date")
    home_municipality = serializers.CharField(source="pupil.home_municipality.code")
    enrolments = EnrolmentOutput(many=True)
    guardians = GuardianOutput(many=True)
    siblings = serializers.ListField(child=serializers.UUIDField(), source="sibling_uuids")
    hidden_siblings = serializers.IntegerField()


class PupilPageOutput(serializers.Serializer):
    results = PupilListOutput(many=True)
    next = serializers.CharField(allow_null=True)
