"""Input and output of the attendance API (contracts/attendance.md §5): the JSON of the contract."""

from rest_framework import serializers


class AttendanceReportOutput(serializers.Serializer):
    reason = serializers.ChoiceField(choices=["16_uur", "luxe", "langdurig"])
    start_date = serializers.DateField()
    threshold_date = serializers.DateField()
    status = serializers.ChoiceField(choices=["open", "closed"])


class AttendancePupilStatusOutput(serializers.Serializer):
    pupil = serializers.CharField(help_text="leerlingnummer van de school")
    tier = serializers.IntegerField(min_value=1, max_value=3)
    absence_rate = serializers.FloatField(help_text="verzuimde / geplande minuten sinds 1 augustus, 4 decimalen")
    unauthorised_minutes_4w = serializers.IntegerField()
    thuiszitter = serializers.BooleanField()
    reports = AttendanceReportOutput(many=True)


class AttendanceTiersOutput(serializers.Serializer):
    one = serializers.IntegerField()
    two = serializers.IntegerField()
    three = serializers.IntegerField()

    def get_fields(self):  # the keys are "1", "2", "3"
        fields = super().get_fields()
        return {"1": fields["one"], "2": fields["two"], "3": fields["three"]}


class AttendanceSchoolStatusOutput(serializers.Serializer):
    school = serializers.CharField()
    on = serializers.DateField()
    pupils = AttendancePupilStatusOutput(many=True)
    tiers = AttendanceTiersOutput()


class AttendanceRegistrationInput(serializers.Serializer):
    """One row: the columns of the import file as fields (values as in the file)."""

    school = serializers.CharField(help_text="schoolcode, BRIN + vestiging, bijv. 12AB00")
    pupil = serializers.CharField(help_text="leerlingnummer van de school")
    date = serializers.CharField(help_text="de schooldag, JJJJ-MM-DD")
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    reason = serializers.ChoiceField(choices=["ziek", "geoorloofd", "ongeoorloofd", "te_laat", "luxe", "schorsing"])
    note = serializers.CharField(required=False, allow_blank=True, max_length=500)


class AttendanceRowErrorOutput(serializers.Serializer):
    line = serializers.IntegerField(help_text="positie van de regel in de lijst, vanaf 1")
    column = serializers.CharField()
    message = serializers.CharField()


class AttendanceImportResultOutput(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    rejected = serializers.IntegerField()
    errors = AttendanceRowErrorOutput(many=True)
