import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, UserFactory
from tests.helpers import days_from_now, meeting_with

pytestmark = pytest.mark.django_db


def days_from_monday(days, hour=10):
    """`days` after this week's Monday (7: next Monday), at `hour`, on the clock's week."""
    return days_from_now(days - timezone.localdate().weekday(), hour)


def test_dashboard_shows_my_meetings_this_week_and_next_only(viewer_client, viewer, editor):
    mine_now = AttendanceFactory(
        user=viewer, meeting=MeetingFactory(title="Overleg VNG", start=days_from_monday(2))
    ).meeting
    mine_next = AttendanceFactory(
        user=viewer, meeting=MeetingFactory(title="Stuurgroep VWS", start=days_from_monday(9))
    ).meeting
    AttendanceFactory(user=viewer, meeting=MeetingFactory(title="Over drie weken", start=days_from_monday(21)))
    AttendanceFactory(user=editor, meeting=MeetingFactory(title="Alleen Ruben", start=days_from_monday(3)))

    response = viewer_client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert mine_now.title in html and mine_next.title in html
    assert "Over drie weken" not in html
    assert "Alleen Ruben" not in html
    this_week, next_week = response.context["dashboard"].weeks
    assert [m.pk for m in this_week["meetings"]] == [mine_now.pk]
    assert [m.pk for m in next_week["meetings"]] == [mine_next.pk]


def test_dashboard_query_count_does_not_grow_with_meetings(viewer_client, viewer, django_assert_num_queries):
    AttendanceFactory(user=viewer, meeting=MeetingFactory(start=days_from_monday(1)))
    with django_assert_num_queries(12) as few:
        viewer_client.get("/")
    for day in range(10):
        AttendanceFactory(user=viewer, meeting=MeetingFactory(start=days_from_monday(day)))
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/")


def test_dashboard_says_so_when_there_is_nothing_planned(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert "Geen bijeenkomsten" in html


def colleagues_meeting(organisations, colleagues, *, days=2, attendance=AttendanceStatus.BEVESTIGD, **kwargs):
    meeting = MeetingFactory(start=days_from_now(days), **kwargs)
    meeting.organisations.add(*organisations)
    for colleague in colleagues:
        AttendanceFactory(meeting=meeting, user=colleague, status=attendance)
    return meeting


def relation_titles(response):
    return [m.title for m in response.context["dashboard"].relation_meetings]


def test_dashboard_shows_where_colleagues_meet_the_organisations_i_own(viewer_client, viewer):
    mine = OrganisationFactory(name="Gemeente Utrecht", owner=viewer)
    not_mine = OrganisationFactory(name="Gemeente Zeist", owner=UserFactory())
    lex = UserFactory(first_name="Lex", last_name="Staal")
    colleagues_meeting([mine, not_mine], [lex], title="Lex bij Utrecht", location="Stadskantoor")
    colleagues_meeting([not_mine], [lex], title="Lex bij Zeist")
    colleagues_meeting([mine], [lex, viewer], title="Ik ga zelf mee")
    colleagues_meeting([mine], [lex], title="Lex afgemeld", attendance=AttendanceStatus.AFGEMELD)
    colleagues_meeting([mine], [lex], title="Geannuleerd overleg", status=MeetingStatus.GEANNULEERD)
    colleagues_meeting([mine], [lex], title="Over drie weken", days=21)
    colleagues_meeting([mine], [lex], title="Vorige week", days=-7)
    colleagues_meeting([mine], [], title="Niemand van SWN")

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
    colleagues_meeting([mine], [lex])
    AttendanceFactory(user=viewer, meeting=MeetingFactory(start=days_from_monday(1)))
    with django_assert_num_queries(14) as few:
        viewer_client.get("/")
    for day in range(1, 12):
        colleagues_meeting([mine, OrganisationFactory(owner=viewer)], [lex, UserFactory()], days=day)
        AttendanceFactory(user=viewer, meeting=MeetingFactory(start=days_from_monday(day)))
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/")
    assert len(response.context["dashboard"].relation_meetings) == 12


# -- My follow-ups, reviews due and relations going cold -------------------------------------------


def test_dashboard_shows_my_open_follow_ups_overdue_first_with_a_link_to_all(viewer_client, viewer):
    from tests.factories import ContactMomentFactory

    today = timezone.localdate()
    for what, due in [("Later", 10), ("Te laat", -4), ("Morgen", 1)]:
        ContactMomentFactory(follow_up=what, follow_up_assignee=viewer, follow_up_due=today + datetime.timedelta(due))
    ContactMomentFactory(follow_up="Al klaar", follow_up_assignee=viewer, follow_up_done_at=timezone.now())
    ContactMomentFactory(follow_up="Van een ander", follow_up_assignee=UserFactory())

    response = viewer_client.get("/")
    html = response.content.decode()

    assert [m.follow_up for m in response.context["dashboard"].follow_ups] == ["Te laat", "Morgen", "Later"]
    assert response.context["dashboard"].follow_up_count == 3 and response.context["dashboard"].follow_up_overdue == 1
    assert "Mijn acties" in html and "(3 open, 1 te laat)" in html and "4 dagen te laat" in html
    assert 'href="/follow-ups/"' in html


def test_dashboard_shows_at_most_eight_follow_ups(viewer_client, viewer):
    from tests.factories import ContactMomentFactory

    for n in range(10):
        ContactMomentFactory(follow_up=f"Actie {n}", follow_up_assignee=viewer)
    response = viewer_client.get("/")
    assert len(response.context["dashboard"].follow_ups) == 8 and response.context["dashboard"].follow_up_count == 10


def test_a_follow_up_is_ticked_off_from_the_dashboard(viewer_client, viewer):
    from tests.factories import ContactMomentFactory

    moment = ContactMomentFactory(follow_up="Bellen", follow_up_assignee=viewer)
    html = viewer_client.get("/").content.decode()
    assert f'action="/follow-ups/{moment.pk}/done/"' in html
    response = viewer_client.post(f"/follow-ups/{moment.pk}/done/", {"next": "/"})
    assert response["Location"] == "/"
    assert viewer_client.get("/").context["dashboard"].follow_ups == []


def test_dashboard_shows_relations_going_cold_coldest_first_with_the_days(viewer_client, viewer):
    from tests.factories import ContactMomentFactory

    OrganisationFactory(name="Nooit gesproken", owner=viewer)
    cold = OrganisationFactory(name="Lang stil", owner=viewer)
    meeting_with(cold, days=-200)
    colder_call = OrganisationFactory(name="Gebeld lang geleden", owner=viewer)
    ContactMomentFactory(organisation=colder_call, happened_at=days_from_now(-300), colleagues=[viewer])
    just = OrganisationFactory(name="Net 90 dagen", owner=viewer)
    ContactMomentFactory(organisation=just, happened_at=days_from_now(-90, hour=9))
    warm = OrganisationFactory(name="Vorige week gebeld", owner=viewer)
    meeting_with(warm, days=-200)
    ContactMomentFactory(organisation=warm, happened_at=days_from_now(-7))
    OrganisationFactory(name="Van een ander", owner=UserFactory())

    response = viewer_client.get("/")

    rows = [(o.name, o.days_without_contact) for o in response.context["dashboard"].cold_relations]
    assert rows == [("Nooit gesproken", None), ("Gebeld lang geleden", 300), ("Lang stil", 200), ("Net 90 dagen", 90)]
    assert response.context["dashboard"].cold_count == 4
    html = response.content.decode()
    assert "Mijn relaties die afkoelen" in html and "nooit contact" in html and "300 dagen geleden" in html
    assert "Mira Medewerker" in html  # who had that call


def test_editors_see_every_review_due_viewers_those_of_their_overleggen(client, viewer, editor):
    from tests.factories import OverlegFactory

    mine = OverlegFactory(name="Mijn overleg")
    mine.delegates.add(viewer)
    OverlegFactory(name="Ander overleg")
    OverlegFactory(name="Gestopt overleg", is_active=False).delegates.add(viewer)

    client.force_login(viewer)
    viewer_view = client.get("/")
    client.force_login(editor)
    editor_view = client.get("/")

    assert [o.name for o in viewer_view.context["dashboard"].reviews_due] == ["Mijn overleg"]
    assert {o.name for o in editor_view.context["dashboard"].reviews_due} == {"Mijn overleg", "Ander overleg"}
    assert editor_view.context["dashboard"].reviews_due_count == 2
    assert 'href="/reviews/"' in editor_view.content.decode()


def test_dashboard_with_every_section_filled_runs_the_same_queries_at_two_sizes(
    viewer_client, viewer, django_assert_num_queries
):
    from tests.factories import ContactMomentFactory, OverlegFactory, OverlegReviewFactory

    def add(n):
        for index in range(n):
            mine = OrganisationFactory(owner=viewer)
            ContactMomentFactory(
                organisation=mine,
                happened_at=days_from_now(-100 - index),
                colleagues=[UserFactory()],
                follow_up="Nabellen",
                follow_up_assignee=viewer,
                follow_up_due=timezone.localdate() - datetime.timedelta(days=index),
            )
            overleg = OverlegFactory()
            overleg.delegates.add(viewer)
            OverlegReviewFactory(overleg=overleg, reviewed_on=timezone.localdate() - datetime.timedelta(days=400))
            colleagues_meeting([mine], [UserFactory()], days=index % 10 + 1)
            AttendanceFactory(user=viewer, meeting=MeetingFactory(start=days_from_monday(index % 7)))

    add(1)
    with django_assert_num_queries(14) as few:
        viewer_client.get("/")
    add(12)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/")
    assert len(response.context["dashboard"].follow_ups) == 8
    assert response.context["dashboard"].cold_count == 13 and response.context["dashboard"].reviews_due_count == 13
