from rest_framework import serializers

from werkplaats.pupils.models import Enrolment, Guardian


class EnrolmentOutput(serializers.ModelSerializer):
    school = serializers.CharField(source="school.code")
    pupil = serializers.CharField(source="pupil_number")

    class Meta:
        model = Enrolment
        fields = ["school", "pupil", "group", "enrolled_from", "enrolled_until"]


class PupilListOutput(serializers.Serializer):
    """One row of the pupil list: an enrolment with its pupil."""

    uuid = serializers.UUIDField(source="pupil.uuid")
    given_name = serializers.CharField(source="pupil.given_name")
    family_name = serializers.CharField(source="pupil.family_name")
    birth_date = serializers.DateField(source="pupil.birth_date")
    school = serializers.CharField(source="school.code")
    pupil = serializers.CharField(source="pupil_number")
    group = serializers.CharField()


class GuardianOutput(serializers.ModelSerializer):
    class Meta:
        model = Guardian
        fields = ["given_name", "family_name", "relation", "has_authority", "phone", "email"]


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
