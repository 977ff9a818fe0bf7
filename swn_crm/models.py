import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as AuthUserManager
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
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
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("themes"), related_name="colleagues", blank=True)
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


def new_calendar_token():
    """43 URL-safe characters, 256 bits of randomness: unguessable, so the link itself is the key."""
    return secrets.token_urlsafe(32)


class CalendarTokenQuerySet(models.QuerySet):
    def active(self):
        """Tokens that open a feed: not revoked, and their colleague can still log in."""
        return self.filter(revoked_at__isnull=True, user__is_active=True)

    @transaction.atomic
    def issue(self, *, user):
        """Give `user` a fresh token; the one they had stops working at the same moment."""
        # Lock the colleague's row so two clicks at once cannot both create an active token.
        User.objects.select_for_update().get(pk=user.pk)
        self.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
        return self.create(user=user)

    def revoke(self, *, user):
        """Stop the active token of `user`, if any; returns how many were revoked."""
        return self.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


class CalendarToken(models.Model):
    """The secret part of a colleague's calendar subscription link.

    Stored as plain text, not hashed: the feed only shows meetings that every colleague can
    read in the CRM anyway, so whoever can read this table gains nothing from a token; and
    the colleague must be able to copy their link again from their account page, which a
    hash would make impossible. Revoked tokens are kept (revoked_at set) as a record.
    """

    user = models.ForeignKey(
        "swn_crm.User", verbose_name=_("colleague"), related_name="calendar_tokens", on_delete=models.CASCADE
    )
    token = models.CharField(_("token"), max_length=64, default=new_calendar_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = CalendarTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["token"], name="calendartoken_unique_token"),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="calendartoken_one_active_per_user",
                violation_error_message=_("This colleague already has a calendar link; revoke that one first."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.created_at:%d-%m-%Y})"
