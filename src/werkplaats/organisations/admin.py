"""The registry in the admin: municipalities, partnerships, organisations and school locations."""

from django.contrib import admin

from werkplaats.accounts.admin import FunctionalAdminPermissions

from .models import Municipality, Organisation, Partnership, School


@admin.register(Municipality)
class MunicipalityAdmin(FunctionalAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "code", "in_region"]
    list_filter = ["in_region"]
    search_fields = ["name", "code"]


@admin.register(Partnership)
class PartnershipAdmin(FunctionalAdminPermissions, admin.ModelAdmin):
    list_display = ["code", "name", "sector"]
    list_filter = ["sector"]
    search_fields = ["code", "name"]
    filter_horizontal = ["municipalities"]


@admin.register(Organisation)
class OrganisationAdmin(FunctionalAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "kind", "code", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["municipality", "partnership"]


@admin.register(School)
class SchoolAdmin(FunctionalAdminPermissions, admin.ModelAdmin):
    list_display = ["name", "code", "type", "municipality", "contact_municipality", "partnership", "is_pilot"]
    list_filter = ["type", "is_pilot", "partnership", "municipality"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["municipality", "contact_municipality", "partnership", "board"]
    filter_horizontal = ["partners"]
    list_select_related = ["municipality", "contact_municipality", "partnership"]
