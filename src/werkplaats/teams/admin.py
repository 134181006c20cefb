from django.contrib import admin

from .models import (
    Action,
    AgendaItem,
    AmbitionWorkshop,
    Guest,
    Meeting,
    Notification,
    Stakeholder,
    Team,
    TeamAgreement,
    TeamAssessment,
)


class StakeholderInline(admin.TabularInline):
    model = Stakeholder
    extra = 0
    raw_id_fields = ["organisation", "user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["school", "form", "cadence_core", "cadence_wider", "cadence_steering"]
    list_filter = ["form"]
    search_fields = ["school__name", "school__code"]
    raw_id_fields = ["school", "created_by"]
    inlines = [StakeholderInline]


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "kind", "title", "shared_with_guests"]


class GuestInline(admin.TabularInline):
    model = Guest
    extra = 0
    raw_id_fields = ["user", "invited_by"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["team", "layer", "kind", "status", "starts_at"]
    list_filter = ["layer", "kind", "status"]
    date_hierarchy = "starts_at"
    raw_id_fields = ["team", "raised_by"]
    inlines = [AgendaItemInline, GuestInline]


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["team", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["team", "meeting", "agenda_item", "workshop", "owner", "created_by"]


@admin.register(TeamAgreement)
class TeamAgreementAdmin(admin.ModelAdmin):
    list_display = ["team", "topic", "version", "created"]
    list_filter = ["topic"]
    raw_id_fields = ["team", "recorded_by"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # versions are history: a change is a new version, made in the app


@admin.register(TeamAssessment)
class TeamAssessmentAdmin(admin.ModelAdmin):
    list_display = ["team", "title", "status", "created"]
    raw_id_fields = ["team", "opened_by", "workshop"]


@admin.register(AmbitionWorkshop)
class AmbitionWorkshopAdmin(admin.ModelAdmin):
    list_display = ["team", "status", "current_step", "created"]
    raw_id_fields = ["team", "meeting", "facilitator"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "created", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user"]
