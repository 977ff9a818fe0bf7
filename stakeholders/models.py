"""The directory: organisations (stakeholders and members), their membership, contact persons, and
the privacy log."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import TrackedHistory
from core.reversing import reverse_one
from core.search import any_field_contains, matches_all_terms
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]


def kind_label_order():
    """An expression that sorts organisations by kind in the order of OrganisationKind (branche first)."""
    return Case(
        *[When(kind=value, then=Value(index)) for index, value in enumerate(OrganisationKind.values)],
        default=Value(len(OrganisationKind.values)),
        output_field=models.IntegerField(),
    )


class OrganisationQuerySet(models.QuerySet):
    def stakeholders(self):
        return self.filter(is_stakeholder=True)

    def members(self):
        """Organisations that have a membership record, whatever its status."""
        return self.filter(membership__isnull=False)

    def current_members(self):
        return self.filter(membership__status=MembershipStatus.ACTIEF)

    def search(self, text):
        """Organisations where every word of `text` is in the name, acronym, municipality, member
        number or the name of one of their contact persons."""
        fields = ("name", "acronym", "municipality", "membership__member_number")

        def term_q(term):
            contact = ContactPerson.objects.filter(organisation=OuterRef("pk"), name__icontains=term)
            return any_field_contains(fields, term) | Exists(contact)

        return self.filter(matches_all_terms(text, term_q))


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
    history = TrackedHistory(m2m_fields=["themes"])

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

    def get_absolute_url(self):
        return reverse_one("overview:organisation_detail", self.pk)

    @staticmethod
    def cold_since(days, *, today=None):
        """The moment from which contact keeps a relationship warm for `days` whole days: the start
        of the day `days - 1` days before today, so a last contact exactly `days` days ago is cold."""
        today = today or timezone.localdate()
        start = today - datetime.timedelta(days=days - 1)
        return datetime.datetime.combine(start, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def days_since_contact(self, today=None):
        """Whole days from the last contact's date to `today` (None: never). Needs `with_contact_summary()`."""
        last = getattr(self, "last_contact_at", None)
        if last is None:
            return None
        return ((today or timezone.localdate()) - timezone.localdate(last)).days


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

    history = TrackedHistory()

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


class ContactPersonQuerySet(models.QuerySet):
    def search(self, text):
        """Contact persons where every word of `text` is in their name, e-mail address or job title."""
        return self.filter(
            matches_all_terms(text, lambda term: any_field_contains(("name", "email", "job_title"), term))
        )


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
    # Privacy (AVG): set on the person's request on their privacy page, shown wherever they appear.
    processing_restricted = models.BooleanField(
        _("processing restricted"),
        default=False,
        help_text=_("The person asked to restrict the processing of their data: keep it, but do not use it."),
    )
    do_not_contact = models.BooleanField(
        _("do not contact"), default=False, help_text=_("The person does not want to be approached by SWN.")
    )
    anonymised_at = models.DateTimeField(_("anonymised on"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()
    history = TrackedHistory(m2m_fields=["themes"])

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]
        indexes = [models.Index(fields=["name"], name="contact_name_idx")]
        permissions = [
            ("manage_personal_data", _("Can export and erase the personal data of a contact person (AVG)")),
        ]

    def __str__(self):
        return self.name

    def get_privacy_url(self):
        return reverse("stakeholders:contact_privacy", args=[self.pk])

    @property
    def is_anonymised(self):
        return self.anonymised_at is not None


class PrivacyAction(models.TextChoices):
    EXPORT = "export", _("Data exported")
    ERASE = "erase", _("Anonymised")
    RESTRICT = "restrict", _("Processing restricted")
    UNRESTRICT = "unrestrict", _("Restriction lifted")
    DO_NOT_CONTACT = "do_not_contact", _("Marked do not contact")
    MAY_CONTACT = "may_contact", _("Do not contact lifted")


class PrivacyLog(models.Model):
    """A record that someone exported, restricted or erased the personal data of a contact person (AVG).

    For an erasure the person's name is not kept: `contact_name` holds the pseudonym.
    """

    contact = models.ForeignKey(
        ContactPerson,
        verbose_name=_("contact person"),
        related_name="privacy_log",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    contact_number = models.PositiveBigIntegerField(_("contact person number"))
    contact_name = models.CharField(_("name at the time"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=PrivacyAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        related_name="privacy_actions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("privacy log entry")
        verbose_name_plural = _("privacy log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["contact_number", "-at"], name="privacylog_contact_idx")]

    def __str__(self):
        return f"{self.get_action_display()} #{self.contact_number}"


# -- Coalitions (samenwerkingen) -----------------------------------------------------------------
