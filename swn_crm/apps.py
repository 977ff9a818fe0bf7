from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwnCrmConfig(AppConfig):
    name = "swn_crm"
    verbose_name = _("Staff and access")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.db import models

        from swn_crm.lookups import IntegerFieldIn
        from swn_crm.middleware import stamp_session_on_login

        user_logged_in.connect(stamp_session_on_login, dispatch_uid="swn_crm.stamp_session_on_login")

        models.IntegerField.register_lookup(IntegerFieldIn)
