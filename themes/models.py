"""The seven themes, and the colleagues who work on each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.reversing import reverse_one


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
    # On the theme, not the user: the project's user model knows no domain app (user.themes still works).
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("colleagues"), related_name="themes", blank=True
    )

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["order", "name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="theme_unique_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_one("overview:theme_detail", self.slug)


# -- Policy dossiers -----------------------------------------------------------------------------
