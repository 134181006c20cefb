"""Serializers of the finance API: the query of the cost allocation and its output (contracts/finance.md)."""

from rest_framework import serializers

from werkplaats.arrangements.allocation import cost_parse
from werkplaats.arrangements.models import AllocationKey


class AllocationQuery(serializers.Serializer):
    school = serializers.CharField(help_text="schoolcode (BRIN + vestiging)")
    cost = serializers.CharField(help_text="kosten in euro met hoogstens twee decimalen, bijvoorbeeld 10000.00")
    key = serializers.ChoiceField(choices=AllocationKey.choices, help_text="verdeelsleutel")
    on = serializers.DateField(input_formats=["%Y-%m-%d"], help_text="peildatum JJJJ-MM-DD")

    def validate_cost(self, value: str) -> int:
        """The cost in cents."""
        try:
            return cost_parse(value)
        except ValueError as error:
            raise serializers.ValidationError(str(error)) from None


class AllocationRowOutput(serializers.Serializer):
    municipality = serializers.CharField(help_text="CBS-code")
    weight = serializers.IntegerField(help_text="gewicht volgens de sleutel")
    amount = serializers.CharField(help_text="bedrag in euro met twee decimalen")


class AllocationOutput(serializers.Serializer):
    school = serializers.CharField()
    on = serializers.CharField(help_text="peildatum JJJJ-MM-DD")
    key = serializers.ChoiceField(choices=AllocationKey.choices)
    cost = serializers.CharField(help_text="kosten in euro met twee decimalen")
    allocation = AllocationRowOutput(many=True, help_text="per gemeente, op volgorde van CBS-code")
