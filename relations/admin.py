from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from relations.models import ContactMoment


@admin.register(ContactMoment)
class ContactMomentAdmin(SimpleHistoryAdmin):
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
