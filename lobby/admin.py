from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lobby.models import (
    Coalition,
    CoalitionPartner,
    JointStatement,
    PolicyDossier,
    StakeholderPosition,
    StatementSignatory,
)


class CoalitionPartnerInline(admin.TabularInline):
    model = CoalitionPartner
    extra = 1
    autocomplete_fields = ["organisation"]


class JointStatementInline(admin.StackedInline):
    model = JointStatement
    extra = 0
    fields = ["title", "date", "url", "text"]
    show_change_link = True


@admin.register(Coalition)
class CoalitionAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "status", "start", "end", "contact"]
    list_filter = ["kind", "status", "themes"]
    list_select_related = ["contact"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["contact"]
    filter_horizontal = ["themes"]
    date_hierarchy = "start"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [CoalitionPartnerInline, JointStatementInline]


class StatementSignatoryInline(admin.TabularInline):
    model = StatementSignatory
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(JointStatement)
class JointStatementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "coalition", "date"]
    list_select_related = ["coalition"]
    search_fields = ["title", "text", "coalition__name"]
    autocomplete_fields = ["coalition"]
    date_hierarchy = "date"
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StatementSignatoryInline]


@admin.register(CoalitionPartner)
class CoalitionPartnerAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "coalition", "role"]
    list_filter = ["role", "coalition__kind"]
    list_select_related = ["organisation", "coalition"]
    search_fields = ["organisation__name", "organisation__acronym", "coalition__name"]
    autocomplete_fields = ["coalition", "organisation"]


@admin.register(StatementSignatory)
class StatementSignatoryAdmin(admin.ModelAdmin):
    list_display = ["organisation", "statement", "logo_allowed"]
    list_filter = ["logo_allowed"]
    list_select_related = ["organisation", "statement"]
    search_fields = ["organisation__name", "organisation__acronym", "statement__title"]
    autocomplete_fields = ["statement", "organisation"]


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
