"""The weekly overview: which ISO week is shown, and who from SWN is where on each day.

Everything here works on meetings that the view fetched once with their attendances,
overleg themes and organisations prefetched (see `MeetingWeekView.get_queryset`), so building
the board adds no queries, however many meetings the week holds.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone

from meetings.choices import AttendanceStatus

# Weeks outside this range give 404: far enough for any history and planning, and it keeps
# date arithmetic (previous/next week, time zones) clear of Python's year 1 and 9999 limits.
FIRST_YEAR, LAST_YEAR = 1900, 2999

# "2026-W48", "2026-w5", "2026 W48", "2026-48", "2026W48": what people type in the fallback field.
_WEEK_TEXT = re.compile(r"^\s*(\d{4})\s*[-/ ]?\s*[Ww]?\s*(\d{1,2})\s*$")


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, week 1 holds the year's first Thursday."""

    year: int
    week: int

    def __post_init__(self):
        if not FIRST_YEAR <= self.year <= LAST_YEAR:
            raise ValueError(f"year {self.year} out of range")
        # Raises ValueError for week 0, week 54+, and week 53 in a year that has 52.
        datetime.date.fromisocalendar(self.year, self.week, 1)

    @classmethod
    def containing(cls, day):
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def parse(cls, text):
        """Read '2026-W48' (what <input type="week"> sends) or a looser hand-typed form."""
        match = _WEEK_TEXT.match(text or "")
        if not match:
            raise ValueError(f"not a week: {text!r}")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self):
        return f"{self.year}-W{self.week:02d}"

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    @property
    def days(self):
        monday = self.monday
        return [monday + datetime.timedelta(days=offset) for offset in range(7)]

    def bounds(self):
        """Start of Monday and start of the next Monday, in the current time zone.

        Built from local midnights, so a week with a daylight-saving change is 167 or 169
        hours long and every meeting lands on the day it has on the office clock.
        """
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.monday, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(self.monday + datetime.timedelta(days=7), datetime.time.min, tzinfo=tz)
        return start, end

    def _shifted(self, days):
        try:
            return IsoWeek.containing(self.monday + datetime.timedelta(days=days))
        except (ValueError, OverflowError):
            return None

    @property
    def previous(self):
        return self._shifted(-7)

    @property
    def next(self):
        return self._shifted(7)

    @property
    def url(self):
        # The week is passed zero-padded so the URL is the canonical /week/2026-W05/.
        return reverse("meetings:week_detail", kwargs={"year": self.year, "week": f"{self.week:02d}"})


@dataclass
class WeekDay:
    """One column of the overview: a date and the meetings that start on it."""

    date: datetime.date
    is_today: bool
    meetings: list = field(default_factory=list)
    # How many of `meetings` the page shows (None: all); the rest is behind "toon alle".
    limit: int | None = None

    @property
    def is_weekend(self):
        return self.date.weekday() >= 5

    @property
    def shown(self):
        return self.meetings if self.limit is None else self.meetings[: self.limit]

    @property
    def hidden_count(self):
        return len(self.meetings) - len(self.shown)


@dataclass
class Booking:
    """A colleague's place at one meeting, as shown in the per-colleague layout."""

    meeting: object
    attendance: object


@dataclass
class ColleagueDay:
    date: datetime.date
    bookings: list = field(default_factory=list)

    @property
    def is_weekend(self):
        return self.date.weekday() >= 5

    @property
    def is_free(self):
        """No meeting that goes ahead (cancelled ones are still listed, struck through)."""
        return not any(not booking.meeting.is_cancelled for booking in self.bookings)

    @property
    def has_double_booking(self):
        return any(booking.attendance.double_booked for booking in self.bookings)


@dataclass
class ColleagueRow:
    colleague: object
    days: list


@dataclass
class DoubleBooking:
    colleague: object
    date: datetime.date
    meetings: list


def _themes_of(meeting):
    """The themes a meeting is about: its overleg's, or for a meeting on its own, those of the
    organisations at the table (in theme order, each once)."""
    if meeting.overleg_id:
        return list(meeting.overleg.themes.all())
    themes = {theme.pk: theme for org in meeting.organisations.all() for theme in org.themes.all()}
    return sorted(themes.values(), key=lambda theme: (theme.order, theme.name))


def _overlaps(first, second):
    return first.start < second.end and second.start < first.end


def annotate_meetings(meetings):
    """Give each meeting what the overview shows, and mark double bookings.

    Sets on each meeting `week_themes`, `going` (attendances not declined) and `no_colleague`;
    on each attendance `double_booked`. Returns the double bookings, one per colleague and day.
    A double booking is two meetings that overlap in time, neither cancelled, for a colleague
    who has declined neither.
    """
    by_colleague_day = {}
    for meeting in meetings:
        meeting.week_themes = _themes_of(meeting)
        attendances = list(meeting.attendances.all())
        meeting.going = [a for a in attendances if a.status != AttendanceStatus.AFGEMELD]
        meeting.no_colleague = not meeting.going
        day = timezone.localdate(meeting.start)
        for attendance in attendances:
            attendance.double_booked = False
            if attendance.status != AttendanceStatus.AFGEMELD and not meeting.is_cancelled:
                by_colleague_day.setdefault((attendance.user_id, day), []).append((meeting, attendance))

    double_bookings = []
    for (_, day), entries in by_colleague_day.items():
        clashing = []
        for index, (meeting, attendance) in enumerate(entries):
            if any(_overlaps(meeting, other) for other, _ in entries[:index] + entries[index + 1 :]):
                attendance.double_booked = True
                clashing.append(meeting)
        if clashing:
            double_bookings.append(DoubleBooking(colleague=entries[0][1].user, date=day, meetings=clashing))
    double_bookings.sort(key=lambda d: (d.date, d.colleague.first_name, d.colleague.last_name))
    return double_bookings


def days_of(week, meetings, *, limit=None):
    """Monday to Sunday, each with the meetings starting that day (in the order given), of which
    the page shows the first `limit` (None: all)."""
    today = timezone.localdate()
    days = {day: WeekDay(date=day, is_today=day == today, limit=limit) for day in week.days}
    for meeting in meetings:
        days[timezone.localdate(meeting.start)].meetings.append(meeting)
    return list(days.values())


def colleague_rows(week, meetings, colleagues):
    """A row per colleague, a cell per day, with the meetings they go to (not declined)."""
    cells = {(colleague.pk, day): ColleagueDay(date=day) for colleague in colleagues for day in week.days}
    for meeting in meetings:
        day = timezone.localdate(meeting.start)
        for attendance in meeting.going:
            cell = cells.get((attendance.user_id, day))
            if cell is not None:
                cell.bookings.append(Booking(meeting=meeting, attendance=attendance))
    return [ColleagueRow(colleague=c, days=[cells[(c.pk, day)] for day in week.days]) for c in colleagues]
