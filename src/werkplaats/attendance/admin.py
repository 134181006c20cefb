from django.contrib import admin

from .models import (
    AbsenceReport,
    CalendarHoliday,
    HolidayCalendar,
    SchoolCalendar,
    SchoolDayOff,
    SchoolTimetable,
)


class CalendarHolidayInline(admin.TabularInline):
    model = CalendarHoliday
    extra = 0
    fields = ("kind", "name", "first_day", "last_day", "source")


@admin.register(HolidayCalendar)
class HolidayCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "region", "is_default")
    inlines = [CalendarHolidayInline]


@admin.register(SchoolCalendar)
class SchoolCalendarAdmin(admin.ModelAdmin):
    list_display = ("school", "calendar")
    raw_id_fields = ("school",)


@admin.register(SchoolDayOff)
class SchoolDayOffAdmin(admin.ModelAdmin):
    """Read-only here: days off are added through services.school_day_off_add, which also recomputes the
    school's week aggregates."""

    list_display = ("school", "first_day", "last_day", "name")
    list_filter = ("first_day",)
    raw_id_fields = ("school",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SchoolTimetable)
class SchoolTimetableAdmin(admin.ModelAdmin):
    list_display = ("school", "valid_from", "monday", "tuesday", "wednesday", "thursday", "friday")
    raw_id_fields = ("school",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AbsenceReport)
class AbsenceReportAdmin(admin.ModelAdmin):
    """Reports concern pupils: listed without names; closing goes through services.report_close."""

    list_display = ("uuid", "school", "reason", "start_date", "threshold_date", "status", "closed_at")
    list_filter = ("reason", "status")
    readonly_fields = [f.name for f in AbsenceReport._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
