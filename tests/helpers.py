"""Small helpers shared by the tests of every app."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.concurrency import FIELD
from meetings.choices import MeetingStatus
from tests.factories import AttendanceFactory, MeetingFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

# Where the clock stands when a test starts: a Wednesday morning in a week without a clock change,
# far from a year or month end, so "this week", "today" and "later today" mean the same every run.
CLOCK_START = datetime.datetime(2026, 11, 18, 10, 0, tzinfo=AMSTERDAM)


def post_edit(client, url, data, **kwargs):
    """POST to an edit page as a browser would: with the hidden snapshot the page handed out.

    Edit forms refuse a save without it (optimistic concurrency), so a test first opens the page.
    """
    form = client.get(url).context["form"]
    return client.post(url, {**data, FIELD: form.initial.get(FIELD, "")}, **kwargs)


def logged_in_client(user, **client_options):
    """A browser session of its own for `user` (the `client` fixture is one shared session)."""
    from django.test import Client

    client = Client(**client_options)
    client.force_login(user)
    return client


def local(year, month, day, hour=10, minute=0):
    """An aware datetime on the wall clock in Amsterdam, where every colleague works."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


def days_from_now(days, hour=10, minute=0):
    """An aware datetime `days` from today (negative: in the past) at `hour`:`minute`, Amsterdam time.

    "Today" is the clock's (see `clock` in tests/conftest.py), so the result does not depend on
    when the tests run.
    """
    day = timezone.localdate() + datetime.timedelta(days=days)
    return local(day.year, day.month, day.day, hour, minute)


def meeting_with(organisation, *, days, colleagues=(), status=MeetingStatus.GEPLAND, overleg=None, **kwargs):
    """A meeting `days` from now with `organisation` at the table and `colleagues` as (user, status) pairs."""
    meeting = MeetingFactory(start=days_from_now(days), status=status, overleg=overleg, **kwargs)
    meeting.organisations.add(organisation)
    for user, attendance_status in colleagues:
        AttendanceFactory(meeting=meeting, user=user, status=attendance_status)
    return meeting


def assert_rejected(create):
    """`create()` breaks a database constraint: the database itself refuses it, whatever Python checks."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


class Clock:
    """The time the code under test sees (time-machine). It ticks on from where it is put.

    clock.at(local(2026, 12, 1, 9)) puts it somewhere else; clock.shift(hours=8) moves it on;
    tick=False holds it still, for a test that counts the seconds.
    """

    def __init__(self, traveller):
        self._traveller = traveller

    def at(self, moment, *, tick=True):
        self._traveller.move_to(moment, tick=tick)
        return moment

    def shift(self, delta=None, **timedelta_kwargs):
        self._traveller.shift(delta if delta is not None else datetime.timedelta(**timedelta_kwargs))

    @staticmethod
    def now():
        return timezone.now()


def start_clock(moment=CLOCK_START):
    """travel(...) to `moment`, ticking; returns (travel, Clock). Stop it with travel.stop()."""
    travel = time_machine.travel(moment, tick=True)
    return travel, Clock(travel.start())
