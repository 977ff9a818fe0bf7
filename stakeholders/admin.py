from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stakeholders.models import ContactMoment, ContactPerson, Membership, Organisation


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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "level", "municipality", "province", "owner", "is_stakeholder"]
    list_filter = ["kind", "level", "province", "is_stakeholder", IsMemberFilter, "themes", "owner"]
    list_select_related = ["owner"]
    search_fields = ["name", "acronym", "municipality"]
    autocomplete_fields = ["owner"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline, ContactPersonInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["member_number", "organisation", "status", "since", "until"]
    list_filter = ["status", "organisation__province"]
    list_select_related = ["organisation"]
    search_fields = ["member_number", "organisation__name"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "since"


@admin.register(ContactPerson)
class ContactPersonAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "job_title", "email", "phone", "is_active"]
    list_filter = ["is_active", "themes", "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["name", "email", "job_title", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ContactMoment)
class ContactMomentAdmin(admin.ModelAdmin):
    list_display = [
        "happened_at",
        "organisation",
        "channel",
        "theme",
        "follow_up_assignee",
        "follow_up_due",
        "created_by",
    ]
    list_filter = ["channel", "theme", "follow_up_assignee"]
    list_select_related = ["organisation", "theme", "follow_up_assignee", "created_by"]
    search_fields = ["summary", "follow_up", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["organisation", "colleagues", "contacts", "meeting", "follow_up_assignee", "created_by"]
    date_hierarchy = "happened_at"
    readonly_fields = ["created_at", "updated_at"]
