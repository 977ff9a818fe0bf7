"""Writes that touch an overleg or a meeting together with their attendance and links.

Every change of a meeting made in the application raises its calendar SEQUENCE (RFC 5545), so
subscribed calendars pick up the new version; a change to a meeting generated from a rhythm marks
it `edited_by_hand`, so regenerating the rhythm leaves it alone.
"""

import dataclasses

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, ReviewDecision
from meetings.models import REVIEW_PERIOD, Attendance, Meeting, Overleg, OverlegReview
from meetings.recurrence import DEFAULT_HORIZON_DAYS, generate_meetings

RESPONSES = (AttendanceStatus.BEVESTIGD, AttendanceStatus.AFGEMELD)


@dataclasses.dataclass(frozen=True)
class Seat:
    """One colleague's place at a meeting as planned in the meeting form."""

    user: object
    role: str = AttendanceRole.DEELNEMER
    status: str = AttendanceStatus.UITGENODIGD


def _mark_changed(meeting):
    """A saved change: a new calendar version, and a generated meeting becomes hand-made."""
    meeting.sequence += 1
    if meeting.recurrence_id is not None:
        meeting.edited_by_hand = True


@transaction.atomic
def save_overleg(*, overleg, themes, organisations, delegates, horizon_days=DEFAULT_HORIZON_DAYS):
    """Create or update an overleg with its links, then bring its generated meetings in line with its rhythm.

    Returns the `GenerationResult` of the regeneration.
    """
    overleg.full_clean()
    overleg.save()
    overleg.themes.set(themes)
    overleg.organisations.set(organisations)
    overleg.delegates.set(delegates)
    return generate_meetings(overleg=overleg, horizon_days=horizon_days)


@transaction.atomic
def save_meeting(*, meeting, organisations, contacts, seats):
    """Create or update a meeting with the organisations and contacts at the table and its colleagues.

    `seats` is the complete list of colleagues (`Seat`); colleagues not in it are taken off.
    """
    if meeting.pk is not None:
        meeting = _lock(meeting)
        _mark_changed(meeting)
    meeting.full_clean()
    meeting.save()
    meeting.organisations.set(organisations)
    meeting.contacts.set(contacts)
    wanted = {seat.user.pk: seat for seat in seats}
    existing = {attendance.user_id: attendance for attendance in meeting.attendances.all()}
    Attendance.objects.filter(meeting=meeting).exclude(user_id__in=wanted).delete()
    for user_id, seat in wanted.items():
        attendance = existing.get(user_id) or Attendance(meeting=meeting, user=seat.user)
        if attendance.pk and (attendance.role, attendance.status) == (seat.role, seat.status):
            continue
        attendance.role, attendance.status = seat.role, seat.status
        attendance.full_clean(validate_constraints=False)
        attendance.save()
    return meeting


def _lock(meeting):
    """Reload the row for update, keeping the field values the form just set on `meeting`."""
    stored = (
        Meeting.objects.select_for_update()
        .only("overleg", "sequence", "recurrence_id", "edited_by_hand")
        .get(pk=meeting.pk)
    )
    meeting.sequence = stored.sequence
    meeting.edited_by_hand = stored.edited_by_hand
    # Moved to another overleg (or made a meeting on its own): it no longer stands for an
    # occurrence of the old overleg's rhythm.
    meeting.recurrence_id = stored.recurrence_id if stored.overleg_id == meeting.overleg_id else None
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting):
    """Cancel a meeting: it stays in the history (and in the calendars, as cancelled)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.is_cancelled:
        return meeting
    if not meeting.can_be_cancelled():
        raise ValidationError(_("This meeting has been held; it can no longer be cancelled."))
    meeting.status = MeetingStatus.GEANNULEERD
    meeting.sequence += 1
    meeting.full_clean()
    meeting.save(update_fields=["status", "sequence", "updated_at"])
    return meeting


@transaction.atomic
def record_outcome(*, meeting, outcome, present):
    """After the meeting: what came out of it and who was there. The meeting becomes "held".

    Colleagues in `present` get status "aanwezig", the others on the list "afgemeld".
    """
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_record_outcome():
        if meeting.is_cancelled:
            raise ValidationError(_("A cancelled meeting has no outcome."))
        raise ValidationError(_("The outcome can be recorded once the meeting has begun."))
    meeting.outcome = outcome
    meeting.status = MeetingStatus.GEHOUDEN
    _mark_changed(meeting)
    meeting.full_clean()
    meeting.save()
    present_ids = {user.pk for user in present}
    # Saved one by one, not with update(): each change of a colleague's status is in the history.
    for attendance in Attendance.objects.filter(meeting=meeting):
        status = AttendanceStatus.AANWEZIG if attendance.user_id in present_ids else AttendanceStatus.AFGEMELD
        if attendance.status != status:
            attendance.status = status
            attendance.save(update_fields=["status"])
    return meeting


@transaction.atomic
def respond_to_meeting(*, meeting, user, status):
    """A colleague confirms or declines their own place at a meeting.

    Raises ValidationError when they are not on the list, the answer is not "bevestigd" or
    "afgemeld", or the meeting is cancelled or over. Raises the SEQUENCE (the feeds show who
    goes) but does not make a generated meeting hand-made: the rhythm may still move it.
    """
    if status not in RESPONSES:
        raise ValidationError(_("Choose whether you go or not."))
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.accepts_responses():
        if meeting.is_cancelled:
            raise ValidationError(_("This meeting has been cancelled."))
        raise ValidationError(_("This meeting is over; the outcome records who was there."))
    attendance = Attendance.objects.filter(meeting=meeting, user=user).first()
    if attendance is None:
        raise ValidationError(_("You are not on the list for this meeting. Ask an editor to add you."))
    if attendance.status != status:
        attendance.status = status
        attendance.full_clean(validate_constraints=False)
        attendance.save(update_fields=["status"])
        meeting.sequence += 1
        meeting.save(update_fields=["sequence", "updated_at"])
    return attendance


# -- Yearly value review -----------------------------------------------------------------------


def time_spent_before(*, overleg, now):
    """What the overleg cost SWN in the review period (12 months) up to `now`, as a timedelta."""
    return (
        Overleg.objects.filter(pk=overleg.pk)
        .with_time_spent(since=now - REVIEW_PERIOD, until=now)
        .values_list("time_spent", flat=True)
        .get()
    )


@transaction.atomic
def record_review(*, overleg, added_value, yielded, decision, rationale, reviewer, now=None):
    """Record a value review of `overleg`, dated today, with the time cost computed from its meetings now.

    The decision "stoppen" also ends the overleg (`stop_overleg`), in the same transaction: the
    review and the consequences are saved together or not at all. "afschalen" and "overdragen"
    are recorded only; what follows from them is planned by hand.
    """
    now = now or timezone.now()
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    review = OverlegReview(
        overleg=overleg,
        reviewed_on=timezone.localdate(now),
        added_value=added_value,
        yielded=yielded,
        time_spent=time_spent_before(overleg=overleg, now=now),
        decision=decision,
        rationale=rationale,
        reviewer=reviewer,
    )
    review.full_clean()
    review.save()
    if decision == ReviewDecision.STOPPEN:
        review.stop_result = stop_overleg(overleg=overleg, now=now)
    return review


@dataclasses.dataclass(frozen=True)
class StopResult:
    """What stopping an overleg changed: meetings cancelled and delegates released."""

    cancelled_meetings: int
    released_delegates: int


@transaction.atomic
def stop_overleg(*, overleg, now=None):
    """End an overleg: no longer active, its future meetings cancelled, its delegates released.

    History stays intact: meetings that began before `now` and their attendance are not touched;
    future meetings are kept (cancelled, with a new calendar SEQUENCE, so they show struck
    through and subscribed calendars drop them) and the attendance on them becomes "afgemeld".
    """
    now = now or timezone.now()
    overleg = Overleg.objects.select_for_update().get(pk=overleg.pk)
    overleg.is_active = False
    overleg.full_clean()
    overleg.save(update_fields=["is_active", "updated_at"])
    cancelled = _cancel_future_meetings(overleg=overleg, now=now)
    released = _release_delegates(overleg=overleg)
    return StopResult(cancelled_meetings=cancelled, released_delegates=released)


def _cancel_future_meetings(*, overleg, now):
    future = Meeting.objects.filter(overleg=overleg, start__gt=now).exclude(status=MeetingStatus.GEANNULEERD)
    Attendance.objects.filter(meeting__overleg=overleg, meeting__start__gt=now).exclude(
        status=AttendanceStatus.AFGEMELD
    ).update(status=AttendanceStatus.AFGEMELD)
    return future.update(status=MeetingStatus.GEANNULEERD, sequence=F("sequence") + 1, updated_at=timezone.now())


def _release_delegates(*, overleg):
    count = overleg.delegates.count()
    overleg.delegates.clear()
    return count
