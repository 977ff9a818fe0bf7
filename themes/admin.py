from django.contrib import admin

from themes.models import Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "lead", "order"]
    list_editable = ["order"]
    list_select_related = ["lead"]
    search_fields = ["name", "slug", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["lead"]
    filter_horizontal = ["colleagues"]
