from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from meetings.models import Attendance, Meeting, Overleg, OverlegReview
from meetings.resources import MeetingResource, OverlegResource
from swn_crm.dataexchange import AdminImportExportMixin


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Overleg)
class OverlegAdmin(AdminImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [OverlegResource]
    list_display = ["name", "kind", "organiser", "recurrence_rule", "is_active"]
    list_filter = ["kind", "is_active", "themes"]
    list_select_related = ["organiser"]
    search_fields = ["name", "purpose", "organiser__name", "organiser__acronym"]
    autocomplete_fields = ["organiser", "organisations", "delegates"]
    filter_horizontal = ["themes"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Meeting)
class MeetingAdmin(AdminImportExportMixin, SimpleHistoryAdmin):
    resource_classes = [MeetingResource]
    list_display = ["title", "start", "end", "overleg", "location", "status"]
    list_filter = ["status", "overleg__kind", "overleg__themes"]
    list_select_related = ["overleg"]
    search_fields = ["title", "location", "agenda", "outcome", "overleg__name"]
    autocomplete_fields = ["overleg", "organisations", "contacts"]
    date_hierarchy = "start"
    readonly_fields = ["uid", "sequence", "recurrence_id", "created_at", "updated_at"]
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "user", "role", "status"]
    list_filter = ["role", "status"]
    list_select_related = ["meeting", "user"]
    search_fields = ["meeting__title", "user__first_name", "user__last_name", "user__username"]
    autocomplete_fields = ["meeting", "user"]


@admin.register(OverlegReview)
class OverlegReviewAdmin(SimpleHistoryAdmin):
    list_display = ["overleg", "reviewed_on", "added_value", "decision", "reviewer"]
    list_filter = ["decision", "added_value", "overleg__kind"]
    list_select_related = ["overleg", "reviewer"]
    search_fields = ["overleg__name", "yielded", "rationale"]
    autocomplete_fields = ["overleg", "reviewer"]
    date_hierarchy = "reviewed_on"
    readonly_fields = ["time_spent", "created_at"]

    def get_exclude(self, request, obj=None):
        # A new review is dated today and its time cost computed now, as on the overleg page.
        return ["reviewed_on"] if obj is None else []

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        from meetings.services import record_review

        review = record_review(
            overleg=obj.overleg,
            added_value=obj.added_value,
            yielded=obj.yielded,
            decision=obj.decision,
            rationale=obj.rationale,
            reviewer=obj.reviewer or request.user,
        )
        obj.pk, obj.reviewed_on, obj.time_spent = review.pk, review.reviewed_on, review.time_spent
