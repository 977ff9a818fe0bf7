import datetime

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf, Trim
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stakeholders.choices import (
    NOT_CONTACT_CHANNELS,
    CoalitionKind,
    CoalitionStatus,
    ContactChannel,
    Level,
    MembershipStatus,
    OrganisationKind,
    PartnerRole,
    Province,
)
from swn_crm.history import TrackedHistory
from swn_crm.search import any_field_contains, matches_all_terms

SCORE_CHOICES = [(n, str(n)) for n in range(1, 6)]

# A relationship "goes cold" after this long without contact (the "no contact for 6 months" filter).
COLD_AFTER = datetime.timedelta(days=182)
# The dashboard warns the relationship owner earlier: no contact for this long, or never.
GOING_COLD_AFTER = datetime.timedelta(days=90)


def _meeting_model():
    # meetings.models points at this module by string; importing it here at load time would tie
    # the two apps' import order together, so resolve it when the query is built.
    return apps.get_model("meetings", "Meeting")


def _attendance_model():
    return apps.get_model("meetings", "Attendance")


class LaterOf(Func):
    """The later of two values, ignoring a NULL one (NULL only when both are).

    PostgreSQL's GREATEST already ignores NULL, so each side (here a correlated subquery) is
    written, and planned, once. Elsewhere GREATEST/MAX is NULL as soon as one side is, so both
    sides are completed with COALESCE.
    """

    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        first, second = self.get_source_expressions()
        either = Greatest(Coalesce(first, second), Coalesce(second, first), output_field=self.output_field)
        return compiler.compile(either)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GREATEST", **extra_context)


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

    # -- contact: "who at SWN spoke to them last, and when do we see them next" ---------------
    #
    # A contact is a meeting that is not cancelled and has the organisation at the table
    # (`Meeting.organisations`), or a contact moment (call, e-mail, visit, encounter) logged for
    # it; a contact moment of the channel "note" is not contact (see NOT_CONTACT_CHANNELS).
    # Everything that needs "last contact" goes through `past_contacts()`,
    # `past_contact_moments()`, `with_contact_summary()` and `without_recent_contact()`, so every
    # page, filter, report and export agrees on it.

    @staticmethod
    def past_contacts(*, now=None):
        """The contact meetings of the organisation `OuterRef("pk")` that already began, newest first.

        Meant as a correlated subquery inside a query on Organisation.
        """
        now = now or timezone.now()
        return (
            _meeting_model()
            .objects.not_cancelled()
            .filter(organisations=OuterRef("pk"), start__lt=now)
            .order_by("-start", "-pk")
        )

    @staticmethod
    def past_contact_moments(*, now=None):
        """The contact moments of the organisation `OuterRef("pk")` that count as contact, newest first.

        Meant as a correlated subquery inside a query on Organisation.
        """
        now = now or timezone.now()
        return (
            ContactMoment.objects.counting_as_contact()
            .filter(organisation=OuterRef("pk"), happened_at__lte=now)
            .order_by("-happened_at", "-pk")
        )

    @staticmethod
    def future_contacts(*, now=None):
        """The not-cancelled meetings of the organisation `OuterRef("pk")` still to come, soonest first."""
        now = now or timezone.now()
        return (
            _meeting_model()
            .objects.not_cancelled()
            .filter(organisations=OuterRef("pk"), start__gte=now)
            .order_by("start", "pk")
        )

    def with_contact_summary(self, *, now=None):
        """Annotate each organisation with its last and next contact, in SQL, so lists can sort on them.

        Adds:
        - `last_meeting_at`, `last_meeting_id`, `last_meeting_title`: the latest contact meeting;
        - `last_moment_at`, `last_moment_id`, `last_moment_channel`: the latest contact moment
          that counts as contact;
        - `last_contact_at`: the later of the two (a meeting wins a tie), and `last_contact_by`:
          the colleagues of that contact, comma-separated (for a meeting those marked present,
          or, when nobody was marked, everyone who did not decline; for a contact moment its
          colleagues);
        - `next_meeting_at`, `next_meeting_id`, `next_meeting_title`.
        All are NULL when there is no such contact. Use the properties `last_contact_meeting` and
        `last_contact_moment` to know which kind it was. The cost is a few correlated subqueries
        per row and no extra queries, however many rows.
        """
        now = now or timezone.now()
        past = self.past_contacts(now=now)
        moments = self.past_contact_moments(now=now)
        future = self.future_contacts(now=now)
        moment_is_later = Q(last_moment_at__isnull=False) & (
            Q(last_meeting_at__isnull=True) | Q(last_moment_at__gt=F("last_meeting_at"))
        )
        return (
            self.annotate(
                last_meeting_at=Subquery(past.values("start")[:1]),
                last_meeting_id=Subquery(past.values("pk")[:1]),
                last_meeting_title=Subquery(past.values("title")[:1]),
                last_moment_at=Subquery(moments.values("happened_at")[:1]),
                last_moment_id=Subquery(moments.values("pk")[:1]),
                last_moment_channel=Subquery(moments.values("channel")[:1]),
                next_meeting_at=Subquery(future.values("start")[:1]),
                next_meeting_id=Subquery(future.values("pk")[:1]),
                next_meeting_title=Subquery(future.values("title")[:1]),
            )
            .annotate(last_contact_at=LaterOf("last_meeting_at", "last_moment_at", output_field=models.DateTimeField()))
            .annotate(
                last_contact_by=Case(
                    When(
                        moment_is_later,
                        then=_moment_colleague_names(moment=OuterRef("last_moment_id"), using=self.db),
                    ),
                    default=Coalesce(
                        _colleague_names(meeting=OuterRef("last_meeting_id"), present_only=True, using=self.db),
                        _colleague_names(meeting=OuterRef("last_meeting_id"), present_only=False, using=self.db),
                    ),
                    output_field=models.CharField(),
                ),
            )
        )

    def without_recent_contact(self, *, now=None, period=COLD_AFTER, since=None):
        """Organisations with no contact (meeting or contact moment) in the last `period` (or from `since`
        on), including never."""
        now = now or timezone.now()
        since = since or now - period
        return self.exclude(
            Exists(self.past_contacts(now=now).filter(start__gte=since))
            | Exists(self.past_contact_moments(now=now).filter(happened_at__gte=since))
        )


def _full_name(prefix):
    """SQL for a colleague's full name (or username when no name is known) through `prefix`."""
    return Coalesce(
        NullIf(Trim(Concat(f"{prefix}first_name", Value(" "), f"{prefix}last_name")), Value("")),
        f"{prefix}username",
    )


def _names_subquery(queryset, *, group_by, prefix, using):
    """Subquery: the names of the colleagues in `queryset`, comma-separated (NULL if none).

    Alphabetical where the database can order inside an aggregate (PostgreSQL, SQLite 3.44+).
    """
    ordered = connections[using].features.supports_aggregate_order_by_clause
    names = (
        queryset.order_by()
        .values(group_by)
        .annotate(
            names=StringAgg(
                _full_name(prefix),
                Value(", "),
                order_by=(f"{prefix}first_name", f"{prefix}last_name") if ordered else None,
            )
        )
        .values("names")
    )
    return Subquery(names, output_field=models.CharField())


def _moment_colleague_names(*, moment, using):
    """Subquery: the names of the colleagues of contact moment `moment`, comma-separated."""
    through = ContactMoment.colleagues.through.objects.filter(contactmoment=moment)
    return _names_subquery(through, group_by="contactmoment", prefix="user__", using=using)


def _colleague_names(*, meeting, present_only, using):
    """Subquery: the names of the colleagues at `meeting`, comma-separated (NULL if none)."""
    from meetings.choices import AttendanceStatus

    attendances = _attendance_model().objects.filter(meeting=meeting)
    if present_only:
        attendances = attendances.filter(status=AttendanceStatus.AANWEZIG)
    else:
        attendances = attendances.exclude(status=AttendanceStatus.AFGEMELD)
    return _names_subquery(attendances, group_by="meeting", prefix="user__", using=using)


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
        return reverse("stakeholders:organisation_detail", args=[self.pk])

    def _last_contact_is_moment(self):
        meeting_at = getattr(self, "last_meeting_at", None)
        moment_at = getattr(self, "last_moment_at", None)
        return moment_at is not None and (meeting_at is None or moment_at > meeting_at)

    @property
    def last_contact_meeting(self):
        """The last contact when it was a meeting, as a light Meeting (pk, title, start) for links.

        None when the last contact was a contact moment or there was none. Needs
        `with_contact_summary()`; costs no query.
        """
        if self._last_contact_is_moment():
            return None
        return _light_meeting(
            getattr(self, "last_meeting_id", None),
            getattr(self, "last_meeting_title", ""),
            getattr(self, "last_meeting_at", None),
        )

    @property
    def last_contact_moment(self):
        """The last contact when it was a contact moment, as a light ContactMoment (pk, channel, when).

        Needs `with_contact_summary()`; costs no query.
        """
        if not self._last_contact_is_moment():
            return None
        return ContactMoment(
            pk=self.last_moment_id,
            organisation_id=self.pk,
            channel=self.last_moment_channel,
            happened_at=self.last_moment_at,
        )

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

    @property
    def next_meeting(self):
        """The next meeting as a light Meeting (pk, title, start); needs `with_contact_summary()`."""
        return _light_meeting(
            getattr(self, "next_meeting_id", None),
            getattr(self, "next_meeting_title", ""),
            getattr(self, "next_meeting_at", None),
        )


def _light_meeting(pk, title, start):
    if pk is None:
        return None
    return _meeting_model()(pk=pk, title=title, start=start)


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
        return reverse("stakeholders:coalition_detail", args=[self.pk])

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


class ContactMomentQuerySet(models.QuerySet):
    def counting_as_contact(self):
        """Contact moments that are contact with the organisation: every channel except a note."""
        return self.exclude(channel__in=NOT_CONTACT_CHANNELS)

    def with_follow_up(self):
        return self.exclude(follow_up="")

    def open_follow_ups(self):
        """Contact moments with a follow-up that is not done yet."""
        return self.with_follow_up().filter(follow_up_done_at__isnull=True)

    def done_follow_ups(self):
        return self.with_follow_up().filter(follow_up_done_at__isnull=False)

    def assigned_to(self, user):
        return self.filter(follow_up_assignee=user)

    def overdue_first(self):
        """Open follow-ups in the order to do them: by due date, so overdue ones come first; no date last."""
        return self.order_by(F("follow_up_due").asc(nulls_last=True), "happened_at", "pk")


class ContactMoment(models.Model):
    """A call, e-mail, visit, encounter or note with an organisation, logged by a colleague.

    When it happened is one moment in time, `happened_at`; the form asks for a date and an
    optional time. Without a time (`time_known` off) it is stored at the start of that day in
    Dutch time and shown as a date only.
    """

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), related_name="contact_moments", on_delete=models.CASCADE
    )
    happened_at = models.DateTimeField(_("date and time"))
    time_known = models.BooleanField(_("time known"), default=False)
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleagues involved"),
        related_name="contact_moments",
        blank=True,
    )
    contacts = models.ManyToManyField(
        ContactPerson, verbose_name=_("contact persons"), related_name="contact_moments", blank=True
    )
    theme = models.ForeignKey(
        "themes.Theme",
        verbose_name=_("theme"),
        related_name="contact_moments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    summary = models.TextField(_("summary"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        verbose_name=_("from meeting"),
        related_name="contact_moments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("The meeting this contact moment records, if any."),
    )
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("follow-up by"),
        related_name="follow_ups",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        related_name="logged_contact_moments",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContactMomentQuerySet.as_manager()
    history = TrackedHistory(m2m_fields=["colleagues", "contacts"])

    class Meta:
        verbose_name = _("contact moment")
        verbose_name_plural = _("contact moments")
        ordering = ["-happened_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(summary=""), name="contact_moment_has_summary"),
            models.CheckConstraint(
                condition=~Q(follow_up="")
                | Q(follow_up_due__isnull=True, follow_up_assignee__isnull=True, follow_up_done_at__isnull=True),
                name="contact_moment_follow_up_details_need_text",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=Q(meeting__isnull=False),
                name="contact_moment_once_per_meeting_and_organisation",
                violation_error_message=_("This organisation already has a contact moment from this meeting."),
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "happened_at"], name="contact_moment_org_time_idx"),
            models.Index(
                fields=["follow_up_assignee", "follow_up_done_at", "follow_up_due"], name="contact_moment_follow_up_idx"
            ),
        ]

    def __str__(self):
        when = timezone.localtime(self.happened_at)
        return f"{self.get_channel_display()} {self.organisation.name} ({when:%d-%m-%Y})"

    def get_absolute_url(self):
        return reverse("stakeholders:organisation_detail", args=[self.organisation_id]) + f"#contactmoment-{self.pk}"

    @property
    def local_date(self):
        return timezone.localdate(self.happened_at)

    @property
    def has_follow_up(self):
        return bool(self.follow_up)

    @property
    def follow_up_is_done(self):
        return self.follow_up_done_at is not None

    def follow_up_days_overdue(self, today=None):
        """Days past the due date of an open follow-up (0 when not overdue, done, or without a date)."""
        if not self.follow_up or self.follow_up_done_at or self.follow_up_due is None:
            return 0
        today = today or timezone.localdate()
        return max((today - self.follow_up_due).days, 0)

    @property
    def follow_up_is_overdue(self):
        return self.follow_up_days_overdue() > 0

    def can_be_changed_by(self, user):
        """Its creator or an editor (model permission) may edit or delete it."""
        return user.pk == self.created_by_id or user.has_perm("stakeholders.change_contactmoment")

    def can_follow_up_be_done_by(self, user):
        """The colleague it is assigned to, its creator, or an editor may tick the follow-up off (or undo that)."""
        return user.pk == self.follow_up_assignee_id or self.can_be_changed_by(user)

    def mark_follow_up_done(self, *, now=None):
        """Tick the follow-up off; nothing happens when there is none or it is done already."""
        if self.follow_up and self.follow_up_done_at is None:
            self.follow_up_done_at = now or timezone.now()
            self.save(update_fields=["follow_up_done_at", "updated_at"])

    def reopen_follow_up(self):
        """Undo "done": the follow-up is open again."""
        if self.follow_up_done_at is not None:
            self.follow_up_done_at = None
            self.save(update_fields=["follow_up_done_at", "updated_at"])
