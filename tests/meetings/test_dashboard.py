import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, UserFactory

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
    with django_assert_num_queries(16) as few:
        viewer_client.get("/")
    for day in range(10):
        AttendanceFactory(user=viewer, meeting=MeetingFactory(start=at(day)))
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/")


def test_dashboard_says_so_when_there_is_nothing_planned(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert "Geen bijeenkomsten" in html


def from_now(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def meeting_with(organisations, colleagues, *, days=2, attendance=AttendanceStatus.BEVESTIGD, **kwargs):
    meeting = MeetingFactory(start=from_now(days), **kwargs)
    meeting.organisations.add(*organisations)
    for colleague in colleagues:
        AttendanceFactory(meeting=meeting, user=colleague, status=attendance)
    return meeting


def relation_titles(response):
    return [m.title for m in response.context["relation_meetings"]]


def test_dashboard_shows_where_colleagues_meet_the_organisations_i_own(viewer_client, viewer):
    mine = OrganisationFactory(name="Gemeente Utrecht", owner=viewer)
    not_mine = OrganisationFactory(name="Gemeente Zeist", owner=UserFactory())
    lex = UserFactory(first_name="Lex", last_name="Staal")
    meeting_with([mine, not_mine], [lex], title="Lex bij Utrecht", location="Stadskantoor")
    meeting_with([not_mine], [lex], title="Lex bij Zeist")
    meeting_with([mine], [lex, viewer], title="Ik ga zelf mee")
    meeting_with([mine], [lex], title="Lex afgemeld", attendance=AttendanceStatus.AFGEMELD)
    meeting_with([mine], [lex], title="Geannuleerd overleg", status=MeetingStatus.GEANNULEERD)
    meeting_with([mine], [lex], title="Over drie weken", days=21)
    meeting_with([mine], [lex], title="Vorige week", days=-7)
    meeting_with([mine], [], title="Niemand van SWN")

    response = viewer_client.get("/")
    html = response.content.decode()

    assert relation_titles(response) == ["Lex bij Utrecht"]
    assert "Collega’s ontmoeten jouw relaties" in html
    section = html[html.index("Collega’s ontmoeten jouw relaties") :]
    assert "Lex bij Utrecht" in section and "Lex Staal" in section and "Gemeente Utrecht" in section
    assert "Gemeente Zeist" not in section


def test_dashboard_says_so_when_no_colleague_meets_my_relations(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert "Geen collega ontmoet de komende twee weken een van jouw relaties" in html


def test_dashboard_query_count_with_relation_meetings_does_not_grow(viewer_client, viewer, django_assert_num_queries):
    lex = UserFactory()
    mine = OrganisationFactory(owner=viewer)
    meeting_with([mine], [lex])
    AttendanceFactory(user=viewer, meeting=MeetingFactory(start=at(1)))
    with django_assert_num_queries(18) as few:
        viewer_client.get("/")
    for day in range(1, 12):
        meeting_with([mine, OrganisationFactory(owner=viewer)], [lex, UserFactory()], days=day)
        AttendanceFactory(user=viewer, meeting=MeetingFactory(start=at(day)))
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/")
    assert len(response.context["relation_meetings"]) == 12
