from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared machinery that knows no domain: lists, history, import/export, middleware."""

    name = "core"
    verbose_name = _("Shared machinery")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core.middleware import stamp_session_on_login

        user_logged_in.connect(stamp_session_on_login, dispatch_uid="core.stamp_session_on_login")
