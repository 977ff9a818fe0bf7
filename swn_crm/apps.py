from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwnCrmConfig(AppConfig):
    name = "swn_crm"
    verbose_name = _("Staff and access")
