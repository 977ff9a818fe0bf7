"""Relationship work: contact moments with an organisation and the follow-ups they carry."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import TrackedHistory
from core.reversing import reverse_one
from relations.choices import NOT_CONTACT_CHANNELS, ContactChannel
from stakeholders.models import ContactPerson, Organisation


class ContactMomentQuerySet(models.QuerySet):
    def counting_as_contact(self):
        """Contact moments that are contact with the organisation: every channel except a note."""
        return self.exclude(channel__in=NOT_CONTACT_CHANNELS)

    def with_follow_up(self):
        return self.exclude(follow_up="")

    def open_follow_ups(self):
        """Contact moments with a follow-up that is not done yet."""
        return self.with_follow_up().filter(follow_up_done_at__isnull=True)

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
        return reverse_one("overview:organisation_detail", self.organisation_id) + f"#contactmoment-{self.pk}"

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
        return user.pk == self.created_by_id or user.has_perm("relations.change_contactmoment")

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
