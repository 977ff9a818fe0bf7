"""The dashboard (/) of one colleague: what it shows, computed on first use.

Each section costs a fixed number of queries, whatever the amount of data.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property

from meetings.choices import AttendanceStatus
from meetings.models import Attendance, Meeting, Overleg
from meetings.reviews import due_reviews
from meetings.week import IsoWeek
from relations.models import ContactMoment
from relations.selectors import GOING_COLD_AFTER, with_contact_summary, without_recent_contact
from stakeholders.models import Organisation

# How far ahead "Colleagues meet your relations" looks.
RELATIONS_HORIZON = datetime.timedelta(days=14)
# How many items each short list shows; the full lists are one click away.
FOLLOW_UPS_SHOWN = 8
REVIEWS_SHOWN = 5
COLD_SHOWN = 8


class Dashboard:
    """The colleague's meetings this week and next, their open follow-ups, the value reviews due,
    their relationships going cold, and where colleagues meet the organisations they own."""

    cold_after_days = GOING_COLD_AFTER.days

    def __init__(self, user, *, now=None):
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.week = IsoWeek.containing(self.today)

    @cached_property
    def weeks(self):
        """My meetings this week and next (cancelled ones too, struck through), with my own attendance."""
        next_week = self.week.next
        start, _ = self.week.bounds()
        _, end = next_week.bounds()
        meetings = (
            Meeting.objects.attended_by(self.user)
            .between(start, end)
            .select_related("overleg")
            .prefetch_related(
                Prefetch("attendances", queryset=Attendance.objects.filter(user=self.user), to_attr="mine")
            )
            .order_by("start")
        )
        shown = {self.week: [], next_week: []}
        for meeting in meetings:
            meeting.my_attendance = meeting.mine[0] if meeting.mine else None
            shown[IsoWeek.containing(timezone.localdate(meeting.start))].append(meeting)
        return [
            {"monday": week.monday, "meetings": shown[week], "is_current": week == self.week}
            for week in (self.week, next_week)
        ]

    @cached_property
    def _my_follow_ups(self):
        return ContactMoment.objects.open_follow_ups().assigned_to(self.user)

    @cached_property
    def _follow_up_counts(self):
        return self._my_follow_ups.aggregate(
            total=Count("pk"), overdue=Count("pk", filter=Q(follow_up_due__lt=self.today))
        )

    @cached_property
    def follow_ups(self):
        """My open follow-ups, overdue first."""
        shown = list(self._my_follow_ups.select_related("organisation").overdue_first()[:FOLLOW_UPS_SHOWN])
        for moment in shown:
            moment.days_overdue = moment.follow_up_days_overdue(self.today)
        return shown

    @property
    def follow_up_count(self):
        return self._follow_up_counts["total"]

    @property
    def follow_up_overdue(self):
        return self._follow_up_counts["overdue"]

    @cached_property
    def reviews_for_editor(self):
        """Editors see every overleg due for review; other colleagues those they are a delegate of."""
        return self.user.has_perm("meetings.add_overlegreview")

    @cached_property
    def _due_reviews(self):
        queryset = Overleg.objects.all() if self.reviews_for_editor else Overleg.objects.filter(delegates=self.user)
        return due_reviews(queryset, now=self.now, prefetch=False)

    @property
    def reviews_due(self):
        return self._due_reviews[:REVIEWS_SHOWN]

    @property
    def reviews_due_count(self):
        return len(self._due_reviews)

    @cached_property
    def _cold(self):
        """Organisations I own with no contact (meeting or contact moment) for 90+ days, or never."""
        since = Organisation.cold_since(self.cold_after_days, today=self.today)
        return without_recent_contact(Organisation.objects.filter(owner=self.user), now=self.now, since=since)

    @cached_property
    def cold_relations(self):
        """The coldest first: never contacted, then the longest ago."""
        shown = list(
            with_contact_summary(self._cold, now=self.now).order_by(
                F("last_contact_at").asc(nulls_first=True), "name", "pk"
            )[:COLD_SHOWN]
        )
        for organisation in shown:
            organisation.days_without_contact = organisation.days_since_contact(self.today)
        return shown

    @cached_property
    def cold_count(self):
        return self._cold.count()

    @cached_property
    def relation_meetings(self):
        """Coming meetings where another colleague meets an organisation I own.

        Meetings I go to myself are left out (they are in "my meetings"), and so are cancelled
        ones. Each meeting gets `others` (the colleagues going) and `my_relations` (my
        organisations at the table), each fetched in one query for all meetings.
        """
        user = self.user
        going = Attendance.objects.exclude(status=AttendanceStatus.AFGEMELD)
        others_going = going.filter(meeting=OuterRef("pk")).exclude(user=user)
        i_go = going.filter(meeting=OuterRef("pk"), user=user)
        my_org_at_table = Meeting.organisations.through.objects.filter(meeting=OuterRef("pk"), organisation__owner=user)
        return list(
            Meeting.objects.between(self.now, self.now + RELATIONS_HORIZON)
            .not_cancelled()
            .filter(Exists(others_going), Exists(my_org_at_table))
            .exclude(Exists(i_go))
            .select_related("overleg")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=going.exclude(user=user)
                    .select_related("user")
                    .order_by("user__first_name", "user__last_name"),
                    to_attr="others",
                ),
                Prefetch("organisations", queryset=Organisation.objects.filter(owner=user), to_attr="my_relations"),
            )
            .order_by("start", "title")
        )
