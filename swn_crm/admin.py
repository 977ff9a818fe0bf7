from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as AuthUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from swn_crm.forms import InviteColleagueForm
from swn_crm.models import User
from swn_crm.services import deactivate_colleague, end_sessions, invite_colleague

admin.site.site_header = _("SWN CRM administration")
admin.site.site_title = _("SWN CRM")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(AuthUserAdmin):
    list_display = ["username", "first_name", "last_name", "job_title", "email", "is_colleague", "is_active"]
    list_filter = ["is_active", "is_colleague", "is_staff", "groups", "themes"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    filter_horizontal = ["groups", "user_permissions"]
    fieldsets = (
        *AuthUserAdmin.fieldsets[:1],
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "job_title")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_colleague", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        *AuthUserAdmin.fieldsets[3:],
    )
    add_form = InviteColleagueForm
    add_fieldsets = ((None, {"fields": ("username", "first_name", "last_name", "email", "job_title", "groups")}),)
    actions = ["send_invitation", "deactivate"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            end_sessions(user=obj)
        if not change:
            invite_colleague(user=obj, request=request)
            messages.success(
                request, _("An invitation to choose a password was sent to %(email)s.") % {"email": obj.email}
            )

    @admin.action(description=_("Send an invitation to choose a password"))
    def send_invitation(self, request, queryset):
        sent = 0
        for user in queryset.exclude(email=""):
            invite_colleague(user=user, request=request)
            sent += 1
        self.message_user(
            request, ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent) % {"count": sent}
        )

    @admin.action(description=_("Deactivate and log out everywhere"))
    def deactivate(self, request, queryset):
        users = list(queryset.exclude(pk=request.user.pk))
        for user in users:
            deactivate_colleague(user=user)
        self.message_user(
            request,
            ngettext("%(count)d colleague deactivated.", "%(count)d colleagues deactivated.", len(users))
            % {"count": len(users)},
        )
