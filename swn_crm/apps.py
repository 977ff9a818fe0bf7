from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SwnCrmConfig(AppConfig):
    name = "swn_crm"
    verbose_name = _("Staff and access")

    def ready(self):
        from django.db import models
        from django.db.models.signals import post_migrate

        from swn_crm import pagecache
        from swn_crm.lookups import IntegerFieldIn

        models.IntegerField.register_lookup(IntegerFieldIn)
        # The data version behind the page cache: its triggers follow every migration.
        post_migrate.connect(pagecache.install, sender=self, dispatch_uid="swn_crm.pagecache.install")
