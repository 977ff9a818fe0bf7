"""Mijn acties (/follow-ups/): my follow-ups, overdue first, done with one click and undone again."""

import datetime

import pytest
from django.utils import timezone

from relations.models import ContactMoment
from tests.factories import ContactMomentFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/follow-ups/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def follow_up(user, what, due=None, **kwargs):
    return ContactMomentFactory(follow_up=what, follow_up_due=due, follow_up_assignee=user, **kwargs)


def shown(response):
    return [moment.follow_up for moment in response.context["follow_ups"]]


def test_my_actions_lists_my_open_follow_ups_overdue_first_then_by_due_date(viewer_client, viewer):
    follow_up(viewer, "Volgende week", due=days(7))
    follow_up(viewer, "Zonder datum")
    follow_up(viewer, "Lang te laat", due=days(-20))
    follow_up(viewer, "Morgen", due=days(1))
    follow_up(viewer, "Net te laat", due=days(-1))
    follow_up(viewer, "Al gedaan", due=days(-5), follow_up_done_at=timezone.now())
    follow_up(UserFactory(), "Van een collega", due=days(-30))

    response = viewer_client.get(URL)

    assert response.status_code == 200
    assert shown(response) == ["Lang te laat", "Net te laat", "Morgen", "Volgende week", "Zonder datum"]
    html = response.content.decode()
    assert "Mijn acties" in html and "5 open acties" in html
    assert "20 dagen te laat" in html and "1 dag te laat" in html


def test_done_with_one_click_and_undone_again(viewer_client, viewer):
    moment = follow_up(viewer, "Notitie nasturen", due=days(-2))

    response = viewer_client.post(f"/follow-ups/{moment.pk}/done/", {"next": URL})

    assert response.status_code == 302 and response["Location"] == URL
    moment.refresh_from_db()
    assert moment.follow_up_done_at is not None
    page = viewer_client.get(URL)
    assert shown(page) == []
    html = page.content.decode()
    assert "Afgevinkt: “Notitie nasturen”." in html
    assert f'action="/follow-ups/{moment.pk}/reopen/"' in html  # undo, right in the message

    viewer_client.post(f"/follow-ups/{moment.pk}/reopen/", {"next": URL})

    moment.refresh_from_db()
    assert moment.follow_up_done_at is None
    assert shown(viewer_client.get(URL)) == ["Notitie nasturen"]


def test_done_follow_ups_are_listed_most_recent_first_with_a_button_to_open_again(viewer_client, viewer):
    now = timezone.now()
    follow_up(viewer, "Eerder klaar", follow_up_done_at=now - datetime.timedelta(days=3))
    follow_up(viewer, "Net klaar", follow_up_done_at=now - datetime.timedelta(hours=1))
    follow_up(viewer, "Nog open")
    response = viewer_client.get(URL, {"status": "klaar"})
    assert shown(response) == ["Net klaar", "Eerder klaar"]
    assert "Heropenen" in response.content.decode()
    assert shown(viewer_client.get(URL, {"status": "alle"})) == ["Nog open", "Net klaar", "Eerder klaar"]


def test_ticking_off_is_post_only(viewer_client, viewer):
    moment = follow_up(viewer, "Bellen")
    assert viewer_client.get(f"/follow-ups/{moment.pk}/done/").status_code == 405
    moment.refresh_from_db()
    assert moment.follow_up_done_at is None


def test_a_viewer_cannot_tick_off_someone_elses_follow_up(viewer_client):
    moment = follow_up(UserFactory(), "Niet van mij", created_by=UserFactory())
    assert viewer_client.post(f"/follow-ups/{moment.pk}/done/").status_code == 403
    moment.refresh_from_db()
    assert moment.follow_up_done_at is None


def test_an_editor_can_tick_off_a_colleagues_follow_up(editor_client):
    moment = follow_up(UserFactory(), "Voor een collega")
    assert editor_client.post(f"/follow-ups/{moment.pk}/done/").status_code == 302
    moment.refresh_from_db()
    assert moment.follow_up_done_at is not None


def test_a_contact_moment_without_follow_up_cannot_be_ticked_off(viewer_client, viewer):
    moment = ContactMomentFactory(created_by=viewer)
    assert viewer_client.post(f"/follow-ups/{moment.pk}/done/").status_code == 404


def test_next_may_not_lead_off_the_site(viewer_client, viewer):
    moment = follow_up(viewer, "Bellen")
    response = viewer_client.post(f"/follow-ups/{moment.pk}/done/", {"next": "https://example.com/"})
    assert response["Location"] == URL


def test_the_actions_of_a_colleague_can_be_looked_up(viewer_client):
    sanne = UserFactory(username="sanne", first_name="Sanne", last_name="de Vries")
    follow_up(sanne, "Werk van Sanne")
    response = viewer_client.get(URL, {"colleague": "sanne"})
    assert shown(response) == ["Werk van Sanne"]
    assert "Acties van Sanne de Vries" in response.content.decode()


def test_search_finds_follow_ups_by_text_or_organisation(viewer_client, viewer):
    follow_up(viewer, "Brief aan VWS", organisation=OrganisationFactory(name="Gemeente Zwolle"))
    follow_up(viewer, "Bellen", organisation=OrganisationFactory(name="ActiZ"))
    assert shown(viewer_client.get(URL, {"q": "zwolle"})) == ["Brief aan VWS"]
    assert shown(viewer_client.get(URL, {"q": "brief"})) == ["Brief aan VWS"]


def test_bad_filter_values_are_ignored_with_a_dutch_message(viewer_client, viewer):
    follow_up(viewer, "Bellen")
    response = viewer_client.get(URL, {"status": "misschien", "colleague": "niemand", "page": "abc"})
    assert response.status_code == 200
    assert shown(response) == ["Bellen"]
    html = response.content.decode()
    assert "Niet alle filterwaarden zijn geldig" in html
    assert "Onbekende waarde “misschien”; dit filter is genegeerd." in html


def test_nothing_to_do_says_how_follow_ups_arrive(viewer_client):
    html = viewer_client.get(URL).content.decode()
    assert "Niets te doen: je hebt geen open acties." in html


def test_my_actions_is_in_the_navigation(viewer_client):
    assert f'href="{URL}"' in viewer_client.get("/").content.decode()


def test_query_count_does_not_grow_with_follow_ups(viewer_client, viewer, django_assert_num_queries):
    follow_up(viewer, "Eerste", due=days(-1), created_by=UserFactory())
    with django_assert_num_queries(5) as few:
        viewer_client.get(URL)
    for n in range(12):
        follow_up(viewer, f"Actie {n}", due=days(n - 6), created_by=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(URL)
    assert len(shown(response)) == 13
    assert ContactMoment.objects.count() == 13
