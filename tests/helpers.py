"""Small helpers shared by the tests of every app."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.concurrency import FIELD
from meetings.choices import MeetingStatus
from tests.factories import AttendanceFactory, MeetingFactory


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


def days_from_now(days, hour=10):
    """An aware datetime `days` from now (negative: in the past), at a whole hour, in the current zone."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


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
