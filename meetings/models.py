import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind


class OverlegQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Overleg(models.Model):
    """A standing consultation, working group, network or member committee that meets again and again."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of overleg"), max_length=30, choices=OverlegKind.choices)
    purpose = models.TextField(_("purpose"), blank=True)
    organiser = models.ForeignKey(
        "stakeholders.Organisation",
        verbose_name=_("organiser"),
        related_name="organised_overleggen",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Leave empty when SWN itself organises it."),
    )
    themes = models.ManyToManyField("themes.Theme", verbose_name=_("themes"), related_name="overleggen", blank=True)
    organisations = models.ManyToManyField(
        "stakeholders.Organisation",
        verbose_name=_("participating organisations"),
        related_name="overleggen",
        blank=True,
    )
    delegates = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("SWN delegates"),
        related_name="delegated_overleggen",
        blank=True,
    )
    recurrence_rule = models.CharField(
        _("rhythm (recurrence rule)"),
        max_length=200,
        blank=True,
        help_text=_("An RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU for every second Tuesday."),
    )
    recurrence_start = models.DateField(_("rhythm starts on"), null=True, blank=True)
    start_time = models.TimeField(_("usual start time"), null=True, blank=True)
    end_time = models.TimeField(_("usual end time"), null=True, blank=True)
    location = models.CharField(_("usual location"), max_length=200, blank=True)
    online_url = models.URLField(_("usual video link"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OverlegQuerySet.as_manager()

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="overleg_end_time_after_start_time",
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="overleg_kind_idx")]

    def __str__(self):
        return self.name


class MeetingQuerySet(models.QuerySet):
    def between(self, start, end):
        """Meetings that start in [start, end)."""
        return self.filter(start__gte=start, start__lt=end)

    def in_week(self, year, week):
        """Meetings starting in ISO week `week` of `year`, in the current time zone."""
        monday = datetime.date.fromisocalendar(year, week, 1)
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(monday + datetime.timedelta(days=7), datetime.time.min, tzinfo=tz)
        return self.between(start, end)

    def attended_by(self, user):
        return self.filter(attendances__user=user)

    def not_cancelled(self):
        return self.exclude(status=MeetingStatus.GEANNULEERD)


class Meeting(models.Model):
    """One gathering, of an overleg or on its own, with a time, a place and attendance."""

    overleg = models.ForeignKey(
        Overleg,
        verbose_name=_("overleg"),
        related_name="meetings",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    online_url = models.URLField(_("video link"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.GEPLAND)
    agenda = models.TextField(_("agenda"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    organisations = models.ManyToManyField(
        "stakeholders.Organisation",
        verbose_name=_("organisations at the table"),
        related_name="meetings",
        blank=True,
    )
    contacts = models.ManyToManyField(
        "stakeholders.ContactPerson",
        verbose_name=_("contact persons at the table"),
        related_name="meetings",
        blank=True,
    )
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Attendance",
        verbose_name=_("colleagues"),
        related_name="meetings",
        blank=True,
    )
    # Calendar identity: the UID never changes, SEQUENCE goes up on every change (RFC 5545).
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # Set on meetings generated from an overleg's rhythm: the occurrence they stand for.
    recurrence_id = models.DateTimeField(_("occurrence of the rhythm"), null=True, blank=True, editable=False)
    edited_by_hand = models.BooleanField(
        _("edited by hand"),
        default=False,
        help_text=_("A generated meeting changed by a person; regenerating the rhythm leaves it alone."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="meeting_ends_after_start"),
            models.UniqueConstraint(fields=["uid"], name="meeting_unique_uid"),
            models.UniqueConstraint(
                fields=["overleg", "recurrence_id"],
                condition=Q(recurrence_id__isnull=False),
                name="meeting_unique_occurrence",
            ),
        ]
        indexes = [
            models.Index(fields=["start"], name="meeting_start_idx"),
            models.Index(fields=["overleg", "start"], name="meeting_overleg_start_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d-%m-%Y %H:%M})"

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.GEANNULEERD

    @property
    def duration(self):
        return self.end - self.start


class Attendance(models.Model):
    """A colleague's place at a meeting: the role they have and whether they go."""

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), related_name="attendances", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        related_name="attendances",
        on_delete=models.CASCADE,
    )
    role = models.CharField(_("role"), max_length=20, choices=AttendanceRole.choices, default=AttendanceRole.DEELNEMER)
    status = models.CharField(
        _("status"), max_length=20, choices=AttendanceStatus.choices, default=AttendanceStatus.UITGENODIGD
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting__start", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique_colleague_per_meeting"),
        ]

    def __str__(self):
        return f"{self.user} – {self.meeting.title}"
