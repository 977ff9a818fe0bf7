from django.contrib import admin

from themes.models import PolicyDossier, StakeholderPosition, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "lead", "order"]
    list_editable = ["order"]
    list_select_related = ["lead"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead"]


class StakeholderPositionInline(admin.TabularInline):
    model = StakeholderPosition
    extra = 1
    fields = ["organisation", "stance", "assessed_on", "assessed_by", "note"]
    autocomplete_fields = ["organisation", "assessed_by"]


@admin.register(PolicyDossier)
class PolicyDossierAdmin(admin.ModelAdmin):
    list_display = ["title", "theme", "status", "responsible"]
    list_filter = ["theme", "status"]
    list_select_related = ["theme", "responsible"]
    search_fields = ["title", "description", "swn_position"]
    autocomplete_fields = ["responsible"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StakeholderPositionInline]


@admin.register(StakeholderPosition)
class StakeholderPositionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "dossier", "stance", "assessed_on", "assessed_by"]
    list_filter = ["stance", "dossier__theme"]
    list_select_related = ["organisation", "dossier", "assessed_by"]
    search_fields = ["organisation__name", "organisation__acronym", "dossier__title", "note"]
    autocomplete_fields = ["dossier", "organisation", "assessed_by"]
    date_hierarchy = "assessed_on"
