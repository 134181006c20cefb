from rest_framework import serializers

from werkplaats.organisations.models import Municipality, Organisation, Partnership, School


class MunicipalityOutput(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["code", "name", "in_region"]


class PartnershipOutput(serializers.ModelSerializer):
    municipalities = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Partnership
        fields = ["code", "name", "sector", "municipalities"]


class SchoolOutput(serializers.ModelSerializer):
    school = serializers.CharField(source="code")
    municipality = serializers.CharField(source="municipality.code")
    contact_municipality = serializers.CharField(source="contact_municipality.code")
    swv = serializers.CharField(source="partnership.code", default=None)
    board = serializers.CharField(source="board.name", default=None)

    class Meta:
        model = School
        fields = ["uuid", "school", "name", "type", "municipality", "contact_municipality", "swv", "board", "is_pilot"]


class OrganisationOutput(serializers.ModelSerializer):
    municipality = serializers.CharField(source="municipality.code", default=None)

    class Meta:
        model = Organisation
        fields = ["uuid", "kind", "name", "code", "municipality"]


class ImportErrorOutput(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultOutput(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    errors = ImportErrorOutput(many=True)
