"""A meeting's invariants live in the database: these bypass Python validation and hit the constraints."""

import datetime

import pytest

from tests.factories import AttendanceFactory, MeetingFactory
from tests.helpers import assert_rejected

pytestmark = pytest.mark.django_db


def test_meeting_must_end_after_it_starts():
    meeting = MeetingFactory()
    assert_rejected(lambda: MeetingFactory(start=meeting.start, end=meeting.start))
    assert_rejected(lambda: MeetingFactory(start=meeting.start, end=meeting.start - datetime.timedelta(hours=1)))


def test_a_colleague_is_on_a_meeting_only_once():
    attendance = AttendanceFactory()
    assert_rejected(lambda: AttendanceFactory(meeting=attendance.meeting, user=attendance.user))
