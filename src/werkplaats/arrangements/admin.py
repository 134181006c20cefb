from django.contrib import admin

from .models import CollectiveArrangement, FundingSource


class FundingSourceInline(admin.TabularInline):
    model = FundingSource
    extra = 0
    raw_id_fields = ["organisation"]
    fields = ["kind", "organisation", "municipality", "amount_cents"]


@admin.register(CollectiveArrangement)
class CollectiveArrangementAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "legal_route", "period_start", "period_end", "allocation_key"]
    list_filter = ["legal_route", "allocation_key"]
    search_fields = ["name", "school__code", "school__name"]
    raw_id_fields = ["school"]
    filter_horizontal = ["providers"]
    inlines = [FundingSourceInline]
