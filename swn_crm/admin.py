from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as AuthUserAdmin
from django.utils.translation import gettext_lazy as _

from swn_crm.models import User

admin.site.site_header = _("SWN CRM administration")
admin.site.site_title = _("SWN CRM")
admin.site.index_title = _("Administration")


@admin.register(User)
class UserAdmin(AuthUserAdmin):
    list_display = ["username", "first_name", "last_name", "job_title", "email", "is_colleague", "is_active"]
    list_filter = ["is_active", "is_colleague", "is_staff", "groups", "themes"]
    search_fields = ["username", "first_name", "last_name", "email", "job_title"]
    filter_horizontal = ["groups", "user_permissions", "themes"]
    fieldsets = (
        *AuthUserAdmin.fieldsets[:1],
        (_("Personal info"), {"fields": ("first_name", "last_name", "email", "job_title", "themes")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_colleague", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        *AuthUserAdmin.fieldsets[3:],
    )
