"""Overleggen, their meetings, who attends, the yearly value reviews, and calendar tokens."""

import datetime
import secrets
import uuid

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DurationField, Exists, F, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.history import TrackedHistory
from core.reversing import reverse_one
from meetings.choices import (
    ADDED_VALUE_CHOICES,
    AttendanceRole,
    AttendanceStatus,
    MeetingStatus,
    OverlegKind,
    ReviewDecision,
)
from swn_crm.models import User

# An overleg is due for its value review when the last one is this long ago (or there was none).
REVIEW_INTERVAL = relativedelta(years=1)
# The time cost a review weighs: the hours SWN spent on the overleg in this period before it.
REVIEW_PERIOD = datetime.timedelta(days=365)


class OverlegQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_last_review(self):
        """Annotate the latest value review: `last_review_id`, `last_reviewed_on`, `last_review_value`,
        `last_review_decision` (all NULL when never reviewed)."""
        latest = OverlegReview.objects.filter(overleg=OuterRef("pk")).order_by("-reviewed_on", "-pk")
        return self.annotate(
            last_review_id=Subquery(latest.values("pk")[:1]),
            last_reviewed_on=Subquery(latest.values("reviewed_on")[:1]),
            last_review_value=Subquery(latest.values("added_value")[:1]),
            last_review_decision=Subquery(latest.values("decision")[:1]),
        )

    def due_for_review(self, *, today=None):
        """Active overleggen never reviewed, or last reviewed a year ago or longer (on or before today minus a year)."""
        today = today or timezone.localdate()
        recent = OverlegReview.objects.filter(overleg=OuterRef("pk"), reviewed_on__gt=today - REVIEW_INTERVAL)
        return self.active().exclude(Exists(recent))

    def with_time_spent(self, *, since, until=None):
        """Annotate `time_spent` (a timedelta): what the overleg cost SWN between `since` and `until`.

        The sum over its meetings that started in [since, until) and were not cancelled of
        (duration x number of colleagues with status "aanwezig"). `until` defaults to now. A
        subquery, so other joins (theme or delegate filters) cannot multiply the sum.
        """
        until = until or timezone.now()
        spent = (
            Attendance.objects.filter(
                meeting__overleg=OuterRef("pk"),
                status=AttendanceStatus.AANWEZIG,
                meeting__start__gte=since,
                meeting__start__lt=until,
            )
            .exclude(meeting__status=MeetingStatus.GEANNULEERD)
            .order_by()
            .values("meeting__overleg")
            .annotate(total=Sum(F("meeting__end") - F("meeting__start"), output_field=DurationField()))
            .values("total")
        )
        return self.annotate(
            time_spent=Coalesce(
                Subquery(spent, output_field=DurationField()),
                Value(datetime.timedelta(0), output_field=DurationField()),
            )
        )

    def with_next_meeting(self, *, now=None):
        """Annotate `next_meeting_id` and `next_meeting_start`: the first not-cancelled meeting from now on."""
        now = now or timezone.now()
        upcoming = (
            Meeting.objects.filter(overleg=OuterRef("pk"), end__gt=now)
            .exclude(status=MeetingStatus.GEANNULEERD)
            .order_by("start", "pk")
        )
        return self.annotate(
            next_meeting_id=Subquery(upcoming.values("pk")[:1]),
            next_meeting_start=Subquery(upcoming.values("start")[:1]),
        )


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
    history = TrackedHistory(m2m_fields=["themes", "organisations", "delegates"])

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

    def get_absolute_url(self):
        return reverse_one("meetings:overleg_detail", self.pk)

    def clean(self):
        from meetings.recurrence import validate_rule

        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("The end time must be after the start time.")})
        if self.recurrence_rule:
            missing = {
                name: _("A rhythm needs this.")
                for name in ("recurrence_start", "start_time", "end_time")
                if getattr(self, name) is None
            }
            if missing:
                raise ValidationError(missing)
            validate_rule(
                self.recurrence_rule,
                dtstart=datetime.datetime.combine(self.recurrence_start, self.start_time),
            )

    @property
    def rhythm_display(self):
        """The rhythm in plain words with the usual times: "every 2nd Tuesday of the month, 10:00–12:00"."""
        from meetings.recurrence import describe_rule

        text = describe_rule(self.recurrence_rule)
        if self.recurrence_rule and self.start_time and self.end_time:
            return f"{text}, {self.start_time:%H:%M}–{self.end_time:%H:%M}"
        return text

    @property
    def time_spent_hours(self):
        """Hours from the `time_spent` annotation (`Overleg.objects.with_time_spent`), one decimal."""
        return round(self.time_spent.total_seconds() / 3600, 1)

    def is_due_for_review(self, *, last_reviewed_on, today=None):
        """Active, and never reviewed or last reviewed a year ago or longer: `due_for_review()` for one overleg."""
        today = today or timezone.localdate()
        return self.is_active and (last_reviewed_on is None or last_reviewed_on <= today - REVIEW_INTERVAL)


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
    history = TrackedHistory(m2m_fields=["organisations", "contacts"])

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
            # The overleg page splits coming from past meetings on their end.
            models.Index(fields=["end"], name="meeting_end_idx"),
            models.Index(fields=["overleg", "start"], name="meeting_overleg_start_idx"),
        ]

    def __str__(self):
        return f"{self.title} ({timezone.localtime(self.start):%d-%m-%Y %H:%M})"

    def get_absolute_url(self):
        return reverse_one("meetings:meeting_detail", self.pk)

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.GEANNULEERD

    @property
    def duration(self):
        return self.end - self.start

    @property
    def has_started(self):
        return self.start <= timezone.now()

    @property
    def has_ended(self):
        return self.end <= timezone.now()

    @property
    def is_held(self):
        return self.status == MeetingStatus.GEHOUDEN

    def can_record_outcome(self):
        """The outcome, and contact moments from it, may be recorded once the meeting has begun, unless cancelled."""
        return not self.is_cancelled and self.has_started

    def can_be_cancelled(self):
        """A meeting can be cancelled until it has been held (its outcome recorded), and only once."""
        return not self.is_cancelled and not self.is_held

    def accepts_responses(self):
        """A colleague may answer their invitation until the meeting has ended, unless it was cancelled."""
        return not self.is_cancelled and not self.has_ended


class AttendanceQuerySet(models.QuerySet):
    def clashing_with(self, meeting):
        """Other bookings of this meeting's colleagues that overlap it in time.

        Both sides count only when not declined, and cancelled meetings never clash. Empty for a
        cancelled meeting. One query, with the other meeting and the colleague selected.
        """
        if meeting.pk is None or meeting.status == MeetingStatus.GEANNULEERD:
            return self.none()
        going = Attendance.objects.filter(meeting=meeting).exclude(status=AttendanceStatus.AFGEMELD)
        return (
            self.filter(
                user__in=going.values("user"),
                meeting__start__lt=meeting.end,
                meeting__end__gt=meeting.start,
            )
            .exclude(meeting=meeting)
            .exclude(status=AttendanceStatus.AFGEMELD)
            .exclude(meeting__status=MeetingStatus.GEANNULEERD)
            .select_related("meeting", "user")
            .order_by("user__first_name", "user__last_name", "meeting__start")
        )


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

    objects = AttendanceQuerySet.as_manager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["meeting__start", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="attendance_unique_colleague_per_meeting"),
        ]

    def __str__(self):
        return f"{self.user} – {self.meeting.title}"


class OverlegReview(models.Model):
    """The yearly review of an overleg: does it still add value, and do we continue, scale down or step out?

    The time cost is computed from the meetings when the review is recorded (see
    `meetings.services.record_review`) and kept with it, so later changes to meetings do not
    rewrite history.
    """

    overleg = models.ForeignKey(Overleg, verbose_name=_("overleg"), related_name="reviews", on_delete=models.PROTECT)
    reviewed_on = models.DateField(_("reviewed on"))
    added_value = models.PositiveSmallIntegerField(_("added value"), choices=ADDED_VALUE_CHOICES)
    yielded = models.TextField(_("what it yielded"))
    time_spent = models.DurationField(
        _("time spent in the 12 months before"),
        editable=False,
        help_text=_("Duration of each meeting held times the colleagues present, computed when the review was saved."),
    )
    decision = models.CharField(_("decision"), max_length=20, choices=ReviewDecision.choices)
    rationale = models.TextField(_("rationale"))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        related_name="overleg_reviews",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = TrackedHistory()

    class Meta:
        verbose_name = _("value review")
        verbose_name_plural = _("value reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(added_value__gte=1, added_value__lte=5), name="overleg_review_value_1_to_5"
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="overleg_review_has_rationale"),
            models.CheckConstraint(
                condition=Q(time_spent__gte=datetime.timedelta(0)), name="overleg_review_time_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["overleg", "reviewed_on"], name="overleg_review_overleg_idx")]

    def __str__(self):
        return f"{self.overleg.name}: {self.get_decision_display()} ({self.reviewed_on:%d-%m-%Y})"

    @property
    def time_spent_hours(self):
        return round(self.time_spent.total_seconds() / 3600, 1)

    @property
    def next_due_on(self):
        return self.reviewed_on + REVIEW_INTERVAL

    @property
    def is_stop(self):
        return self.decision == ReviewDecision.STOPPEN


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
