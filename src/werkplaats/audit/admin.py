"""The access log in the admin: read only. Nobody adds, changes or deletes an entry (on PostgreSQL a
trigger refuses it as well)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from werkplaats.accounts.admin import FunctionalAdminPermissions

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(FunctionalAdminPermissions, admin.ModelAdmin):
    list_display = ["occurred_at", "user_name", "role", "event_type", "action", "outcome", "emergency"]
    list_filter = ["action", "outcome", "emergency", "event_type"]
    search_fields = ["user_name", "pupil_uuid", "object_id"]
    date_hierarchy = "occurred_at"
    readonly_fields = [field.name for field in AccessLogEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
