"""Input and output of the signals and cases API. Output shows what the access layer allows: withheld parts of
a case are left out (null)."""

from typing import Any

from django.utils import timezone
from rest_framework import serializers

from werkplaats.cases.models import Category, Signal


def _text(value: Any) -> str | None:
    """A `CharField`'s output: the value as text, None stays None."""
    return None if value is None else str(value)


# How `created` is written (a `DateTimeField`'s output needs no bound field: building a serializer's bound fields
# was a visible share of one signal's time).
_CREATED = serializers.DateTimeField()


def created_in_current_timezone() -> serializers.DateTimeField:
    """How `created` is written in a list: in the current timezone, looked up once for all rows."""
    return serializers.DateTimeField(default_timezone=timezone.get_current_timezone())


class PupilRef(serializers.Serializer):
    uuid = serializers.UUIDField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()


class SchoolRef(serializers.Serializer):
    uuid = serializers.UUIDField()
    code = serializers.CharField()
    name = serializers.CharField()


class SignalOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    school = SchoolRef()
    level = serializers.CharField()
    pupil = PupilRef(allow_null=True)
    group = serializers.CharField()
    category = serializers.CharField()
    urgency = serializers.CharField()
    status = serializers.CharField()
    seen_in_school = serializers.CharField()
    seen_outside_school = serializers.CharField()
    advice = serializers.CharField()
    escalation = serializers.CharField()
    raised_by = serializers.CharField(source="raised_by.get_full_name")
    created = serializers.DateTimeField()

    def to_representation(self, instance: Signal) -> dict[str, Any]:
        """The fields above, written out directly: DRF's field-by-field path was most of a list's time. The output
        is the same (tests/cases/test_api.py compares the two)."""
        school, pupil = instance.school, instance.pupil
        return {
            "uuid": _text(instance.uuid),
            "reference": instance.reference,
            "school": {"uuid": _text(school.uuid), "code": _text(school.code), "name": _text(school.name)},
            "level": _text(instance.level),
            "pupil": None if pupil is None else {
                "uuid": _text(pupil.uuid), "given_name": _text(pupil.given_name),
                "family_name": _text(pupil.family_name),
            },
            "group": _text(instance.group),
            "category": _text(instance.category),
            "urgency": _text(instance.urgency),
            "status": _text(instance.status),
            "seen_in_school": _text(instance.seen_in_school),
            "seen_outside_school": _text(instance.seen_outside_school),
            "advice": _text(instance.advice),
            "escalation": _text(instance.escalation),
            "raised_by": instance.raised_by.get_full_name(),
            "created": _CREATED.to_representation(instance.created),
        }


def signal_row_output(row: tuple[Any, ...], created_field: serializers.DateTimeField = _CREATED) -> dict[str, Any]:
    """`SignalOutput` of a row of `selectors.signal_list_rows` (the values of `selectors.SIGNAL_LISTED`, in that
    order): the same output without model instances (tests/cases/test_signal_prepared.py compares the two);
    `created_field` writes the moment (in a list: `created_in_current_timezone`)."""
    (uuid, created, school_uuid, school_code, school_name, level, pupil_uuid, given_name, family_name, group,
     category, urgency, status, seen_in_school, seen_outside_school, advice, escalation, first_name, last_name) = row
    return {
        "uuid": str(uuid),
        "reference": f"S-{uuid.hex[:6].upper()}",  # Signal.reference
        "school": {"uuid": str(school_uuid), "code": _text(school_code), "name": _text(school_name)},
        "level": _text(level),
        "pupil": None if pupil_uuid is None else {
            "uuid": str(pupil_uuid), "given_name": _text(given_name), "family_name": _text(family_name),
        },
        "group": _text(group),
        "category": _text(category),
        "urgency": _text(urgency),
        "status": _text(status),
        "seen_in_school": _text(seen_in_school),
        "seen_outside_school": _text(seen_outside_school),
        "advice": _text(advice),
        "escalation": _text(escalation),
        "raised_by": f"{first_name} {last_name}".strip(),  # User.get_full_name
        "created": created_field.to_representation(created),
    }


class SignalInput(serializers.Serializer):
    school = serializers.UUIDField(help_text="uuid van de schoolvestiging")
    level = serializers.ChoiceField(choices=Signal.Level.choices)
    pupil = serializers.UUIDField(required=False, allow_null=True, help_text="uuid van de leerling (niveau kind)")
    group = serializers.CharField(required=False, allow_blank=True, help_text="groep of klas (niveau klas)")
    category = serializers.ChoiceField(choices=Category.choices)
    urgency = serializers.ChoiceField(choices=Signal.Urgency.choices, default=Signal.Urgency.NORMAL)
    seen_in_school = serializers.CharField()
    seen_outside_school = serializers.CharField(required=False, allow_blank=True, default="")


class StepOutput(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    provisional = serializers.BooleanField()
    answers = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))


class ActionOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    description = serializers.CharField()
    owner = serializers.CharField(source="owner.get_full_name")
    due_date = serializers.DateField()
    status = serializers.CharField()


class EvaluationOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    planned_on = serializers.DateField()
    held_on = serializers.DateField(allow_null=True)
    right_agreements = serializers.CharField()
    progress = serializers.CharField()
    dissenting_opinions = serializers.CharField()


class CaseListOutput(serializers.ListSerializer):
    """A list of `CaseOutput`: the current timezone, which every `created` is written in, looked up once."""

    def to_representation(self, data: list[dict[str, Any]]) -> list[dict[str, Any]]:
        created = created_in_current_timezone()
        return [self.child.to_representation(item, created) for item in data]


class CaseOutput(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    school = SchoolRef()
    pupils = PupilRef(many=True)
    category = serializers.CharField()
    status = serializers.CharField()
    escalation = serializers.CharField()
    coordinator = serializers.CharField()
    access = serializers.CharField(help_text="waarop de inzage rust: coordinator, member, retained, core_team, "
                                             "emergency")
    created = serializers.DateTimeField()

    class Meta:
        list_serializer_class = CaseListOutput

    def to_representation(self, instance: dict[str, Any], created: serializers.DateTimeField = _CREATED
                          ) -> dict[str, Any]:
        """The fields above, written out directly from the view's dict, as `SignalOutput` does (tests/cases/
        test_api.py compares the two); `created` writes the moment (`CaseListOutput`'s, in a list)."""
        school = instance["school"]
        return {
            "uuid": _text(instance["uuid"]),
            "reference": _text(instance["reference"]),
            "school": {"uuid": _text(school.uuid), "code": _text(school.code), "name": _text(school.name)},
            "pupils": [
                {"uuid": _text(p.uuid), "given_name": _text(p.given_name), "family_name": _text(p.family_name)}
                for p in instance["pupils"]
            ],
            "category": _text(instance["category"]),
            "status": _text(instance["status"]),
            "escalation": _text(instance["escalation"]),
            "coordinator": _text(instance["coordinator"]),
            "access": _text(instance["access"]),
            "created": created.to_representation(instance["created"]),
        }


class CaseDetailOutput(CaseOutput):
    members = serializers.ListField(child=serializers.CharField())
    parents_story = serializers.CharField(allow_null=True)
    pupil_voice = serializers.CharField(allow_null=True)
    plan = StepOutput(many=True, allow_null=True)
    actions = ActionOutput(many=True)
    evaluations = EvaluationOutput(many=True, allow_null=True)

    def to_representation(self, instance: dict[str, Any]) -> dict[str, Any]:
        """DRF's field-by-field path (one case)."""
        return serializers.Serializer.to_representation(self, instance)
