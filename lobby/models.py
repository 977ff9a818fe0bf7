"""Lobby work: coalitions with their partners, joint statements and their signatories, policy
dossiers and the positions stakeholders take on them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import TrackedHistory
from core.reversing import reverse_one
from core.search import any_field_contains, matches_all_terms
from lobby.choices import CoalitionKind, CoalitionStatus, DossierStatus, PartnerRole, Stance
from stakeholders.models import Organisation
from themes.models import Theme


def partner_role_order(field="role"):
    """An expression that sorts partnerships by role in the order of PartnerRole (trekkers first)."""
    return Case(
        *[When(**{field: value}, then=Value(index)) for index, value in enumerate(PartnerRole.values)],
        default=Value(len(PartnerRole.values)),
        output_field=models.IntegerField(),
    )


class CoalitionQuerySet(models.QuerySet):
    def active_on(self, day):
        """Coalitions whose period includes `day` (a date): started on or before it, not ended before it."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=day), start__lte=day)

    def overlapping(self, first_day, last_day):
        """Coalitions whose period shares at least one day with [first_day, last_day] (dates, inclusive)."""
        return self.filter(Q(end__isnull=True) | Q(end__gte=first_day), start__lte=last_day)

    def search(self, text):
        """Coalitions where every word of `text` is in the name, the description or a partner's name or acronym."""

        def term_q(term):
            partner = CoalitionPartner.objects.filter(coalition=OuterRef("pk")).filter(
                Q(organisation__name__icontains=term) | Q(organisation__acronym__icontains=term)
            )
            return any_field_contains(("name", "description"), term) | Exists(partner)

        return self.filter(matches_all_terms(text, term_q))


class Coalition(models.Model):
    """A coalition SWN takes part in: a national programme, lobby trajectory, project or action with partners."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of coalition"), max_length=30, choices=CoalitionKind.choices)
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("themes"), related_name="coalitions", blank=True)
    start = models.DateField(_("start date"))
    end = models.DateField(_("end date"), null=True, blank=True, help_text=_("Leave empty while it runs on."))
    status = models.CharField(
        _("status"), max_length=20, choices=CoalitionStatus.choices, default=CoalitionStatus.LOPEND
    )
    description = models.TextField(_("description"), blank=True)
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("SWN contact colleague"),
        related_name="coalitions",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    organisations = models.ManyToManyField(
        Organisation,
        through="CoalitionPartner",
        verbose_name=_("partners"),
        related_name="coalitions",
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CoalitionQuerySet.as_manager()
    history = TrackedHistory(m2m_fields=["themes"])

    class Meta:
        verbose_name = _("coalition")
        verbose_name_plural = _("coalitions")
        ordering = ["-start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")), name="coalition_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="coalition_status_idx"),
            models.Index(fields=["start", "end"], name="coalition_period_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse_one("lobby:coalition_detail", self.pk)

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The end date cannot be before the start date.")})


class CoalitionPartner(models.Model):
    """An organisation's place in a coalition, with its role: trekker, partner or co-signer."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), related_name="partners", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="coalition_partnerships", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER)

    history = TrackedHistory()

    class Meta:
        verbose_name = _("coalition partner")
        verbose_name_plural = _("coalition partners")
        ordering = ["coalition", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["coalition", "organisation"], name="coalitionpartner_unique_organisation"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.coalition} ({self.get_role_display()})"


class JointStatement(models.Model):
    """A statement, letter or manifesto published together by partners of a coalition."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalition"), related_name="statements", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=250)
    date = models.DateField(_("date"))
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), blank=True, help_text=_("Where it was published, e.g. a newspaper article."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = TrackedHistory()

    class Meta:
        verbose_name = _("joint statement")
        verbose_name_plural = _("joint statements")
        ordering = ["-date", "title"]
        constraints = [
            models.CheckConstraint(condition=~Q(text="") | ~Q(url=""), name="jointstatement_text_or_link"),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        if not self.text and not self.url:
            raise ValidationError(_("Give the text of the statement, a link to it, or both."))


class StatementSignatory(models.Model):
    """An organisation that co-signed a joint statement, and whether its logo may be shown with it."""

    statement = models.ForeignKey(
        JointStatement, verbose_name=_("statement"), related_name="signatories", on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="signed_statements", on_delete=models.CASCADE
    )
    logo_allowed = models.BooleanField(_("logo may be used"), default=False)

    class Meta:
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")
        ordering = ["statement", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "organisation"], name="statementsignatory_unique_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.statement}"


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
        return reverse_one("lobby:dossier_detail", self.pk)


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
