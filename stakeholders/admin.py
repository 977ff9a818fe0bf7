"""The directory in the admin, with import and export."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.dataexchange import AdminImportExportMixin
from stakeholders.models import ContactPerson, Membership, Organisation, PrivacyLog
from stakeholders.resources import ContactPersonResource, OrganisationResource


class MembershipInline(admin.StackedInline):
    model = Membership
    extra = 0
    max_num = 1


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "job_title", "email", "phone", "is_active"]
    show_change_link = True


class IsMemberFilter(admin.SimpleListFilter):
    title = _("member")
    parameter_name = "member"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(membership__isnull=False)
        if self.value() == "no":
            return queryset.filter(membership__isnull=True)
        return queryset


@admin.register(Organisation)
class OrganisationAdmin(AdminImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "acronym", "kind", "level", "municipality", "province", "owner", "is_stakeholder"]
    list_filter = ["kind", "level", "province", "is_stakeholder", IsMemberFilter, "themes", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name", "acronym", "municipality"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, ContactPersonInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["member_number", "organisation", "status", "since", "until"]
    list_filter = ["status", "organisation__province"]
    list_select_related = ["organisation"]
    search_fields = ["member_number", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "since"


@admin.register(ContactPerson)
class ContactPersonAdmin(AdminImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [ContactPersonResource]
    list_display = ["name", "organisation", "job_title", "email", "phone", "is_active"]
    list_filter = ["is_active", "processing_restricted", "do_not_contact", "themes", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "job_title", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(PrivacyLog)
class PrivacyLogAdmin(admin.ModelAdmin):
    """Read-only: the log is written by the privacy actions themselves, never by hand."""

    list_display = ["at", "action", "contact_number", "contact_name", "user"]
    list_filter = ["action"]
    list_select_related = ["user"]
    search_fields = ["contact_name", "=contact_number"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# -- Coalitions --------------------------------------------------------------------------------
