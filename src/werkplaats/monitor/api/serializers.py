"""Serializers of the monitor API: the query of the school profile and its output (contracts/registry.md)."""

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers


@extend_schema_field({
    "oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^(<\d+|x)$"}],
    "description": 'Een aantal personen; met statistische geheimhouding "<5" (1 tot en met 4) of "x" '
                   "(weggelaten om een ander klein aantal te beschermen).",
})
class DisclosedCount(serializers.Field):
    """A count of people as published: an int, or "<5" / "x" under disclosure control."""

    def to_representation(self, value: Any) -> int | str:
        return value


class ProfileQuery(serializers.Serializer):
    on = serializers.DateField(input_formats=["%Y-%m-%d"], help_text="peildatum JJJJ-MM-DD")


class SchoolProfileOutput(serializers.Serializer):
    school = serializers.CharField(help_text="schoolcode (BRIN + vestiging)")
    on = serializers.CharField(help_text="peildatum JJJJ-MM-DD")
    pupils = DisclosedCount(help_text="ingeschreven leerlingen op de peildatum")
    by_home_municipality = serializers.DictField(child=DisclosedCount(), help_text="per CBS-code van de woongemeente")
    with_indication = DisclosedCount(help_text="leerlingen met een actieve jeugdhulpindicatie")
    share_with_indication = serializers.FloatField(help_text="with_indication / pupils, op 4 decimalen")
    care_intensive = serializers.BooleanField(help_text="aandeel ≥ de drempel van de regio (standaard 0,40)")
    by_provider = serializers.DictField(child=DisclosedCount(), help_text="leerlingen per aanbieder (AGB-code)")
    by_referrer = serializers.DictField(child=DisclosedCount(), help_text="leerlingen per verwijzer")
    tiers = serializers.DictField(child=DisclosedCount(), help_text="leerlingen per niveau van schoolaanwezigheid")
