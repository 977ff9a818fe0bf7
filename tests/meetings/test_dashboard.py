import datetime

import pytest
from django.utils import timezone

from tests.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def at(days_from_monday, hour=10):
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    day = monday + datetime.timedelta(days=days_from_monday)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def test_dashboard_shows_my_meetings_this_week_and_next_only(viewer_client, viewer, editor):
    mine_now = AttendanceFactory(user=viewer, meeting=MeetingFactory(title="Overleg VNG", start=at(2))).meeting
    mine_next = AttendanceFactory(user=viewer, meeting=MeetingFactory(title="Stuurgroep VWS", start=at(9))).meeting
    AttendanceFactory(user=viewer, meeting=MeetingFactory(title="Over drie weken", start=at(21)))
    AttendanceFactory(user=editor, meeting=MeetingFactory(title="Alleen Ruben", start=at(3)))

    response = viewer_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert mine_now.title in html and mine_next.title in html
    assert "Over drie weken" not in html
    assert "Alleen Ruben" not in html
    this_week, next_week = response.context["weeks"]
    assert [m.pk for m in this_week["meetings"]] == [mine_now.pk]
    assert [m.pk for m in next_week["meetings"]] == [mine_next.pk]


def test_dashboard_query_count_does_not_grow_with_meetings(viewer_client, viewer, django_assert_num_queries):
    AttendanceFactory(user=viewer, meeting=MeetingFactory(start=at(1)))
    with django_assert_num_queries(8) as few:
        viewer_client.get("/")
    for day in range(10):
        AttendanceFactory(user=viewer, meeting=MeetingFactory(start=at(day)))
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/")


def test_dashboard_says_so_when_there_is_nothing_planned(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert "Geen bijeenkomsten" in html
