import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# "Meetings in the next 30 days" on the theme pages.
UPCOMING_PERIOD = datetime.timedelta(days=30)


def _count(queryset):
    """A correlated subquery counting the distinct rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().annotate(
        n=Func("pk", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=models.IntegerField()), Value(0))


def theme_meetings(theme):
    """The not-cancelled meetings that belong to `theme` (a Theme, a pk or an OuterRef).

    A meeting belongs to a theme through its overleg's themes; a meeting on its own (a visit, a
    lunch) belongs to the themes of the organisations at the table. May hold duplicates: use
    `.distinct()` or count distinct.
    """
    meeting = apps.get_model("meetings", "Meeting")
    return meeting.objects.not_cancelled().filter(
        Q(overleg__themes=theme) | Q(overleg__isnull=True, organisations__themes=theme)
    )


class ThemeQuerySet(models.QuerySet):
    def with_counts(self, *, now=None):
        """Annotate `stakeholder_count`, `member_count` (active memberships), `overleg_count` (active
        overleggen) and `upcoming_meeting_count` (next 30 days), in this one query."""
        now = now or timezone.now()
        organisation = apps.get_model("stakeholders", "Organisation")
        overleg = apps.get_model("meetings", "Overleg")
        theme = OuterRef("pk")
        return self.annotate(
            stakeholder_count=_count(organisation.objects.stakeholders().filter(themes=theme)),
            member_count=_count(organisation.objects.current_members().filter(themes=theme)),
            overleg_count=_count(overleg.objects.active().filter(themes=theme)),
            upcoming_meeting_count=_count(theme_meetings(theme).between(now, now + UPCOMING_PERIOD)),
        )


class Theme(models.Model):
    """One of SWN's seven work themes, such as "Armoede & schulden"."""

    slug = models.SlugField(_("slug"), max_length=60)
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead colleague"),
        related_name="led_themes",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    order = models.PositiveSmallIntegerField(_("display order"), default=0)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="theme_unique_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("themes:theme_detail", args=[self.slug])
