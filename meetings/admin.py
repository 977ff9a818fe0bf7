"""Overleggen, meetings, attendance, reviews and calendar tokens in the admin."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.dataexchange import AdminImportExportMixin
from meetings.models import Attendance, CalendarToken, Meeting, Overleg, OverlegReview
from meetings.resources import MeetingResource, OverlegResource


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


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    """Calendar links, e.g. to revoke the link of a colleague who shared it by mistake.

    The token itself is not shown: only its colleague sees it, on their own account page.
    """

    list_display = ["user", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "created_at", "revoked_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["user"]
    date_hierarchy = "created_at"
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected calendar links"))
    def revoke(self, request, queryset):
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d calendar link(s) revoked.") % {"count": count})
