import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from swn_crm.search import any_field_contains, matches_all_terms
from themes.choices import DossierStatus, Stance

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


# -- Policy dossiers -----------------------------------------------------------------------------


class PolicyDossierQuerySet(models.QuerySet):
    def search(self, text):
        """Dossiers where every word of `text` is in the title, the description or SWN's position."""
        fields = ("title", "description", "swn_position")
        return self.filter(matches_all_terms(text, lambda term: any_field_contains(fields, term)))


class PolicyDossier(models.Model):
    """A piece of legislation or a national plan SWN lobbies on, such as the Nationaal Preventieakkoord."""

    theme = models.ForeignKey(Theme, verbose_name=_("theme"), related_name="dossiers", on_delete=models.PROTECT)
    title = models.CharField(_("title"), max_length=200)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible colleague"),
        related_name="dossiers",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.SIGNALEREN
    )
    swn_position = models.TextField(_("position of SWN"), blank=True)
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = PolicyDossierQuerySet.as_manager()

    class Meta:
        verbose_name = _("policy dossier")
        verbose_name_plural = _("policy dossiers")
        ordering = ["title"]
        constraints = [models.UniqueConstraint(fields=["theme", "title"], name="policydossier_unique_title_per_theme")]
        indexes = [models.Index(fields=["status"], name="policydossier_status_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("themes:dossier_detail", args=[self.pk])


class StakeholderPositionQuerySet(models.QuerySet):
    def current(self):
        """Only the latest assessment per dossier and organisation: the position as it stands now.

        Latest means the most recent `assessed_on`, and of two on the same day the one recorded last.
        One correlated subquery, so it can be filtered and joined like any queryset.
        """
        latest = StakeholderPosition.objects.filter(
            dossier=OuterRef("dossier"), organisation=OuterRef("organisation")
        ).order_by("-assessed_on", "-pk")
        return self.filter(pk=Subquery(latest.values("pk")[:1]))


class StakeholderPosition(models.Model):
    """One assessment of where an organisation stands on a dossier; a new assessment is a new row."""

    dossier = models.ForeignKey(
        PolicyDossier, verbose_name=_("dossier"), related_name="positions", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organisation"),
        related_name="dossier_positions",
        on_delete=models.CASCADE,
    )
    stance = models.CharField(_("position"), max_length=20, choices=Stance.choices, default=Stance.ONBEKEND)
    assessed_on = models.DateField(_("assessed on"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True, help_text=_("What the position is based on: a letter, a talk."))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        related_name="assessed_positions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = StakeholderPositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder position")
        verbose_name_plural = _("stakeholder positions")
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["dossier", "organisation", "assessed_on"], name="position_dossier_org_idx"),
            models.Index(fields=["organisation", "assessed_on"], name="position_org_idx"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.dossier}: {self.get_stance_display()}"

    def clean(self):
        if self.assessed_on and self.assessed_on > timezone.localdate():
            raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
