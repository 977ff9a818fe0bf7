from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


class OrganisationQuerySet(models.QuerySet):
    def stakeholders(self):
        return self.filter(is_stakeholder=True)

    def members(self):
        """Organisations that have a membership record, whatever its status."""
        return self.filter(membership__isnull=False)

    def current_members(self):
        return self.filter(membership__status=MembershipStatus.ACTIEF)


class Organisation(models.Model):
    """An organisation SWN deals with: a stakeholder, a member, or both."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind of organisation"), max_length=30, choices=OrganisationKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.LANDELIJK)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=2, choices=Province.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_stakeholder = models.BooleanField(
        _("stakeholder"), default=True, help_text=_("Part of the stakeholder directory.")
    )
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("themes"), related_name="organisations", blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("relationship owner"),
        related_name="owned_organisations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    influence = models.PositiveSmallIntegerField(_("influence"), choices=SCORE_CHOICES, default=3)
    interest = models.PositiveSmallIntegerField(_("interest"), choices=SCORE_CHOICES, default=3)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="organisation_unique_name_kind"),
            models.CheckConstraint(
                condition=Q(influence__gte=1, influence__lte=5), name="organisation_influence_1_to_5"
            ),
            models.CheckConstraint(condition=Q(interest__gte=1, interest__lte=5), name="organisation_interest_1_to_5"),
        ]
        indexes = [
            models.Index(fields=["kind"], name="organisation_kind_idx"),
            models.Index(fields=["level"], name="organisation_level_idx"),
            models.Index(fields=["province"], name="organisation_province_idx"),
            models.Index(fields=["is_stakeholder", "name"], name="organisation_stakeholder_idx"),
        ]

    def __str__(self):
        if self.acronym and self.acronym.lower() not in self.name.lower():
            return f"{self.name} ({self.acronym})"
        return self.name


class Membership(models.Model):
    """The membership of an organisation in the association SWN."""

    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), related_name="membership", on_delete=models.CASCADE
    )
    member_number = models.CharField(_("member number"), max_length=20)
    since = models.DateField(_("member since"))
    until = models.DateField(_("member until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.ACTIEF
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member_number"]
        constraints = [
            models.UniqueConstraint(fields=["member_number"], name="membership_unique_member_number"),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="membership_until_after_since",
            ),
        ]
        indexes = [models.Index(fields=["status"], name="membership_status_idx")]

    def __str__(self):
        return f"{self.member_number} {self.organisation.name}"


class ContactPerson(models.Model):
    """A person at an organisation whom SWN staff deal with."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="contacts", on_delete=models.CASCADE
    )
    name = models.CharField(_("name"), max_length=150)
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("themes"), related_name="contacts", blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="contact_name_idx")]

    def __str__(self):
        return self.name
