"""An overleg's rhythm: the RFC 5545 RRULE behind it, and the meetings generated from it.

The overleg form never shows RRULE text: it offers a frequency, an interval, a weekday and a
week of the month (`Rhythm`), and this module turns those into a rule and back. Occurrences
are computed on the local wall clock (Europe/Amsterdam) and only then given their time zone,
so "every Tuesday at 10:00" stays at 10:00 across the daylight-saving changes.
"""

import dataclasses
import datetime

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, RhythmFrequency, WeekOfMonth

DEFAULT_HORIZON_DAYS = 182
RRULE_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


@dataclasses.dataclass(frozen=True)
class Rhythm:
    """A rhythm the overleg form can show: weekly or monthly-on-the-nth-weekday, every `interval`."""

    frequency: str
    weekday: int  # 0 = Monday, as in datetime.date.weekday()
    interval: int = 1
    week_of_month: int | None = None  # 1-4 or -1 (last); monthly only

    def to_rule(self):
        parts = ["FREQ=WEEKLY" if self.frequency == RhythmFrequency.WEEKLY else "FREQ=MONTHLY"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        prefix = "" if self.frequency == RhythmFrequency.WEEKLY else str(self.week_of_month)
        parts.append(f"BYDAY={prefix}{RRULE_WEEKDAYS[self.weekday]}")
        return ";".join(parts)

    @classmethod
    def from_rule(cls, rule):
        """The rhythm a rule stands for, or None when the form cannot show it (e.g. set in the admin)."""
        try:
            parts = dict(part.split("=", 1) for part in _strip(rule).upper().split(";") if part)
        except ValueError:
            return None
        parts.pop("WKST", None)
        frequency = {"WEEKLY": RhythmFrequency.WEEKLY, "MONTHLY": RhythmFrequency.MONTHLY}.get(parts.pop("FREQ", ""))
        interval = parts.pop("INTERVAL", "1")
        byday = parts.pop("BYDAY", "")
        if frequency is None or parts or not interval.isdigit() or int(interval) < 1 or len(byday) < 2:
            return None
        weekday_code, prefix = byday[-2:], byday[:-2]
        if weekday_code not in RRULE_WEEKDAYS:
            return None
        weekday = RRULE_WEEKDAYS.index(weekday_code)
        if frequency == RhythmFrequency.WEEKLY:
            return cls(frequency, weekday, int(interval)) if prefix == "" else None
        if prefix not in {"1", "2", "3", "4", "-1", "+1", "+2", "+3", "+4"}:
            return None
        return cls(frequency, weekday, int(interval), int(prefix))

    def describe(self):
        """The rhythm in plain words: "every 2nd Tuesday of the month" (Dutch in the interface)."""
        weekday = str(WEEKDAYS[self.weekday]).lower()
        if self.frequency == RhythmFrequency.WEEKLY:
            if self.interval == 1:
                return _("every week on %(weekday)s") % {"weekday": weekday}
            return _("every %(interval)d weeks on %(weekday)s") % {"interval": self.interval, "weekday": weekday}
        ordinal = str(WeekOfMonth(self.week_of_month).label)
        if self.interval == 1:
            return _("every %(ordinal)s %(weekday)s of the month") % {"ordinal": ordinal, "weekday": weekday}
        return _("every %(interval)d months on the %(ordinal)s %(weekday)s") % {
            "interval": self.interval,
            "ordinal": ordinal,
            "weekday": weekday,
        }


def _strip(rule):
    rule = (rule or "").strip()
    return rule[len("RRULE:") :] if rule.upper().startswith("RRULE:") else rule


def describe_rule(rule):
    """Plain words for any stored rule; rules the form cannot express are shown as they are."""
    if not rule:
        return _("no fixed rhythm")
    rhythm = Rhythm.from_rule(rule)
    if rhythm is None:
        return _("own rhythm (%(rule)s)") % {"rule": _strip(rule)}
    return rhythm.describe()


def validate_rule(rule, *, dtstart=None):
    """Raise ValidationError when python-dateutil cannot read the rule (RFC 5545 RRULE)."""
    dtstart = dtstart or datetime.datetime(2026, 1, 1, 10)
    try:
        rule_set = rrulestr(_strip(rule), dtstart=dtstart)
        next(iter(rule_set), None)
    except (ValueError, TypeError, KeyError, IndexError) as error:
        raise ValidationError(_("This rhythm cannot be read: %(error)s") % {"error": error}) from error


def occurrences(overleg, *, after, until):
    """The start times (aware, in the default time zone) of the overleg's rhythm in (after, until]."""
    if not (overleg.recurrence_rule and overleg.recurrence_start and overleg.start_time):
        return []
    tz = timezone.get_default_timezone()
    dtstart = datetime.datetime.combine(overleg.recurrence_start, overleg.start_time)
    rule = rrulestr(_strip(overleg.recurrence_rule), dtstart=dtstart)
    # Compare on the local wall clock: the rule knows nothing about time zones.
    local_after = timezone.localtime(after, tz).replace(tzinfo=None)
    local_until = timezone.localtime(until, tz).replace(tzinfo=None)
    return [timezone.make_aware(naive, tz) for naive in rule.between(local_after, local_until, inc=False)]


def occurrence_end(overleg, start):
    """When a generated meeting starting at `start` ends: the overleg's usual end time that day."""
    tz = timezone.get_default_timezone()
    local_start = timezone.localtime(start, tz)
    if overleg.end_time and overleg.end_time > local_start.time():
        return timezone.make_aware(datetime.datetime.combine(local_start.date(), overleg.end_time), tz)
    return start + datetime.timedelta(hours=1)


@dataclasses.dataclass
class GenerationResult:
    created: int = 0
    moved: int = 0
    updated: int = 0
    removed: int = 0

    def __add__(self, other):
        pairs = zip(dataclasses.astuple(self), dataclasses.astuple(other), strict=True)
        return GenerationResult(*(a + b for a, b in pairs))

    @property
    def changed(self):
        return bool(self.created or self.moved or self.updated or self.removed)


def _untouched(meeting):
    """A generated meeting nobody changed: the rhythm may still move, update or remove it."""
    return meeting.recurrence_id is not None and not meeting.edited_by_hand and meeting.status == MeetingStatus.GEPLAND


@transaction.atomic
def generate_meetings(*, overleg, now=None, horizon_days=DEFAULT_HORIZON_DAYS):
    """Bring the overleg's future generated meetings in line with its rhythm, up to the horizon.

    Safe to run again and again: every occurrence is one meeting, found by `recurrence_id` (the
    occurrence's start) and guarded by the `meeting_unique_occurrence` constraint. Meetings that
    were edited by hand, cancelled or lie in the past are never touched. Future untouched meetings
    whose occurrence is gone are moved to a new occurrence (keeping their calendar UID) or removed.
    """
    from meetings.models import Attendance, Meeting, Overleg

    now = now or timezone.now()
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    # Locked, and so read as last committed: a meeting cancelled (or edited) at this very moment
    # is seen as such and left alone, instead of being saved back from a stale copy.
    generated = list(
        Meeting.objects.select_for_update()
        .filter(overleg=overleg, recurrence_id__isnull=False, recurrence_id__gt=now)
        .prefetch_related("attendances")
        .order_by("recurrence_id")
    )
    taken = {meeting.recurrence_id for meeting in generated}
    until = now + datetime.timedelta(days=horizon_days)
    # Untouched meetings generated earlier with a longer horizon stay as long as the rhythm holds.
    until = max([until, *(m.recurrence_id + datetime.timedelta(minutes=1) for m in generated if _untouched(m))])
    wanted = occurrences(overleg, after=now, until=until) if overleg.is_active else []
    wanted_set = set(wanted)

    delegates = list(overleg.delegates.all())
    organisation_ids = list(overleg.organisations.values_list("pk", flat=True))
    result = GenerationResult()
    obsolete = [m for m in generated if _untouched(m) and m.recurrence_id not in wanted_set]
    missing = [start for start in wanted if start not in taken]

    for meeting in generated:
        if _untouched(meeting) and meeting.recurrence_id in wanted_set:
            result.updated += _follow_overleg(meeting, overleg, delegates)

    for meeting, start in zip(obsolete, missing, strict=False):
        # Move first: the occurrence it stood for is gone, so free its slot in the constraint.
        meeting.recurrence_id = start
        meeting.start = start
        meeting.end = occurrence_end(overleg, start)
        meeting.sequence += 1
        _copy_details(meeting, overleg)
        meeting.full_clean(exclude=["overleg"], validate_unique=False, validate_constraints=False)
        meeting.save()
        # A new date: earlier answers were for another day, so everyone is invited afresh.
        meeting.attendances.all().delete()
        _create_with_history(_invitations(meeting, delegates), Attendance)
        meeting.organisations.set(organisation_ids)
        result.moved += 1

    leftover = obsolete[len(missing) :]
    if leftover:
        Meeting.objects.filter(pk__in=[m.pk for m in leftover]).delete()
        result.removed = len(leftover)

    new_meetings = []
    for start in missing[len(obsolete) :]:
        meeting = Meeting(overleg=overleg, start=start, end=occurrence_end(overleg, start), recurrence_id=start)
        _copy_details(meeting, overleg)
        meeting.full_clean(exclude=["overleg"], validate_unique=False, validate_constraints=False)
        new_meetings.append(meeting)
    if new_meetings:
        # With history: a planned meeting and its invitations show up in "Geschiedenis".
        _create_with_history(new_meetings, Meeting)
        _create_with_history(
            [attendance for meeting in new_meetings for attendance in _invitations(meeting, delegates)], Attendance
        )
        Meeting.organisations.through.objects.bulk_create(
            [
                Meeting.organisations.through(meeting_id=meeting.pk, organisation_id=org_id)
                for meeting in new_meetings
                for org_id in organisation_ids
            ]
        )
        result.created = len(new_meetings)
    return result


def generate_all_meetings(*, now=None, horizon_days=DEFAULT_HORIZON_DAYS):
    """Run `generate_meetings` for every overleg with a rhythm or with future generated meetings."""
    from meetings.models import Overleg

    now = now or timezone.now()
    overleggen = Overleg.objects.filter(Q(recurrence_rule__gt="") | Q(meetings__recurrence_id__gt=now)).distinct()
    total = GenerationResult()
    for overleg in overleggen.order_by("pk"):
        total += generate_meetings(overleg=overleg, now=now, horizon_days=horizon_days)
    return total


def _create_with_history(objects, model):
    """bulk_create that also writes their "created" history rows (plain bulk_create writes none)."""
    if objects:
        bulk_create_with_history(objects, model)


def _copy_details(meeting, overleg):
    meeting.title = overleg.name
    meeting.location = overleg.location
    meeting.online_url = overleg.online_url


def _invitations(meeting, delegates):
    from meetings.models import Attendance

    return [
        Attendance(meeting=meeting, user=user, role=AttendanceRole.DEELNEMER, status=AttendanceStatus.UITGENODIGD)
        for user in delegates
    ]


def _follow_overleg(meeting, overleg, delegates):
    """Keep an untouched future meeting in step with its overleg (times, place, new delegates); 1 if changed."""
    from meetings.models import Attendance

    before = (meeting.title, meeting.end, meeting.location, meeting.online_url)
    meeting.end = occurrence_end(overleg, meeting.start)
    _copy_details(meeting, overleg)
    present = {attendance.user_id for attendance in meeting.attendances.all()}
    newcomers = [user for user in delegates if user.pk not in present]
    if before == (meeting.title, meeting.end, meeting.location, meeting.online_url) and not newcomers:
        return 0
    meeting.sequence += 1
    meeting.full_clean(exclude=["overleg"], validate_unique=False, validate_constraints=False)
    meeting.save()
    _create_with_history(_invitations(meeting, newcomers), Attendance)
    return 1
