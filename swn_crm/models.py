from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserQuerySet(models.QuerySet):
    def colleagues(self):
        """Active staff who take part in the work (the technical admin account excluded)."""
        return self.filter(is_active=True, is_colleague=True)


class UserManager(AuthUserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A colleague at the SWN office who logs in to the CRM."""

    job_title = models.CharField(_("job title"), max_length=120, blank=True)
    is_colleague = models.BooleanField(
        _("colleague"),
        default=True,
        help_text=_("Shown in the week overview and planning; off for technical accounts."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the interface for this colleague; empty means Dutch."),
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("colleague")
        verbose_name_plural = _("colleagues")
        ordering = ["first_name", "last_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username
