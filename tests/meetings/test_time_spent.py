"""The time SWN spends on an overleg: duration x colleagues present, held meetings of the last 365 days."""

import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from meetings.models import Overleg
from tests.factories import AttendanceFactory, MeetingFactory, OverlegFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

AANWEZIG, AFGEMELD = AttendanceStatus.AANWEZIG, AttendanceStatus.AFGEMELD


def held(overleg, *, days_ago, minutes, statuses, status=MeetingStatus.GEHOUDEN):
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago)
    meeting = MeetingFactory(
        overleg=overleg, start=start, end=start + datetime.timedelta(minutes=minutes), status=status
    )
    for n, attendance_status in enumerate(statuses):
        AttendanceFactory(meeting=meeting, user=UserFactory(username=f"c{n}"), status=attendance_status)
    return meeting


@pytest.fixture
def overleg():
    """A hand-computed example: 2 h x 3 present + 1.5 h x 2 present = 9 hours."""
    overleg = OverlegFactory(name="Stuurgroep Preventie", themes=[ThemeFactory(), ThemeFactory()])
    overleg.delegates.set([UserFactory(username="c0"), UserFactory(username="c1")])
    held(overleg, days_ago=40, minutes=120, statuses=[AANWEZIG, AANWEZIG, AANWEZIG, AFGEMELD])  # 6 h
    held(overleg, days_ago=100, minutes=90, statuses=[AANWEZIG, AANWEZIG])  # 3 h
    held(overleg, days_ago=20, minutes=120, statuses=[AANWEZIG, AANWEZIG], status=MeetingStatus.GEANNULEERD)  # 0
    held(overleg, days_ago=400, minutes=120, statuses=[AANWEZIG, AANWEZIG])  # too long ago
    held(overleg, days_ago=-7, minutes=120, statuses=[AttendanceStatus.BEVESTIGD], status=MeetingStatus.GEPLAND)
    held(OverlegFactory(), days_ago=10, minutes=600, statuses=[AANWEZIG])  # another overleg
    return overleg


def since():
    return timezone.now() - datetime.timedelta(days=365)


def test_time_spent_is_duration_times_colleagues_present_over_the_last_year(overleg):
    annotated = Overleg.objects.with_time_spent(since=since()).get(pk=overleg.pk)
    assert annotated.time_spent == datetime.timedelta(hours=9)
    assert annotated.time_spent_hours == 9.0


def test_time_spent_is_not_multiplied_by_other_joins(overleg):
    theme = overleg.themes.first()
    delegate = overleg.delegates.first()
    annotated = (
        Overleg.objects.filter(themes=theme, delegates=delegate).with_time_spent(since=since()).get(pk=overleg.pk)
    )
    assert annotated.time_spent == datetime.timedelta(hours=9)


def test_time_spent_is_zero_without_meetings_and_respects_the_window(overleg):
    assert Overleg.objects.with_time_spent(since=since()).get(pk=OverlegFactory().pk).time_spent == datetime.timedelta(
        0
    )
    recent = timezone.now() - datetime.timedelta(days=60)
    assert Overleg.objects.with_time_spent(since=recent).get(pk=overleg.pk).time_spent == datetime.timedelta(hours=6)


def test_overleg_page_shows_the_hours_in_dutch(viewer_client, overleg):
    html = viewer_client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert "9,0 uur" in html
    assert "afgelopen 12 maanden" in html
