"""Mijn account (/account/): who you are, and your calendar subscription link."""

import pytest
from django.db import IntegrityError, transaction

from meetings.models import CalendarToken
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_account_page_shows_name_and_themes(viewer_client, viewer):
    viewer.themes.set([ThemeFactory(name="Armoede & schulden"), ThemeFactory(name="Jeugd & opvoeding")])
    response = viewer_client.get("/account/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mijn account" in html
    assert "Mira Medewerker" in html
    assert "Armoede &amp; schulden" in html and "Jeugd &amp; opvoeding" in html


def test_account_is_in_the_user_menu(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert '<a class="dropdown-item" href="/account/">Mijn account</a>' in html


def test_without_a_link_the_page_offers_to_make_one_and_makes_none_on_get(viewer_client, viewer):
    html = viewer_client.get("/account/").content.decode()
    assert "Je hebt nog geen agendalink" in html
    assert "Nieuwe link maken" in html
    assert "Link intrekken" not in html
    assert not CalendarToken.objects.filter(user=viewer).exists()


def test_making_a_link_shows_the_absolute_subscription_url_and_instructions(viewer_client, viewer):
    response = viewer_client.post("/account/calendar-link/renew/", follow=True)
    html = response.content.decode()
    token = CalendarToken.objects.active().get(user=viewer)
    assert len(token.token) >= 43
    assert f'value="http://testserver/calendar/{token.token}.ics"' in html
    assert f'href="webcal://testserver/calendar/{token.token}.ics"' in html
    assert "Je agendalink staat klaar" in html
    for app in ("Outlook", "Google Agenda", "Apple Agenda"):
        assert app in html
    assert "Abonneren vanaf internet" in html
    assert "Link intrekken" in html


def test_a_new_link_revokes_the_old_one(viewer_client, viewer):
    old = CalendarToken.objects.issue(user=viewer)
    response = viewer_client.post("/account/calendar-link/renew/", follow=True)
    new = CalendarToken.objects.active().get(user=viewer)
    old.refresh_from_db()
    assert new.token != old.token
    assert old.revoked_at is not None
    assert "De oude link werkt niet meer" in response.content.decode()
    assert viewer_client.get(f"/calendar/{old.token}.ics").status_code == 404
    assert viewer_client.get(f"/calendar/{new.token}.ics").status_code == 200


def test_revoking_the_link_stops_the_feed(viewer_client, viewer):
    token = CalendarToken.objects.issue(user=viewer)
    response = viewer_client.post("/account/calendar-link/revoke/", follow=True)
    html = response.content.decode()
    assert "Je agendalink is ingetrokken" in html
    assert "Je hebt nog geen agendalink" in html
    assert not CalendarToken.objects.active().filter(user=viewer).exists()
    assert viewer_client.get(f"/calendar/{token.token}.ics").status_code == 404


def test_one_colleague_cannot_touch_the_link_of_another(viewer_client, editor):
    theirs = CalendarToken.objects.issue(user=editor)
    viewer_client.post("/account/calendar-link/revoke/")
    viewer_client.post("/account/calendar-link/renew/")
    theirs.refresh_from_db()
    assert theirs.revoked_at is None
    assert theirs.token not in viewer_client.get("/account/").content.decode()


@pytest.mark.parametrize("path", ["/account/calendar-link/renew/", "/account/calendar-link/revoke/"])
def test_link_changes_happen_on_post_only(viewer_client, viewer, path):
    CalendarToken.objects.issue(user=viewer)
    assert viewer_client.get(path).status_code == 405
    assert CalendarToken.objects.filter(user=viewer).count() == 1


def test_the_database_allows_one_active_link_per_colleague(viewer):
    CalendarToken.objects.issue(user=viewer)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarToken.objects.create(user=viewer)


def test_account_pages_require_login(client):
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client.post("/account/calendar-link/renew/").status_code == 302
    assert not CalendarToken.objects.exists()


def test_an_administrator_can_revoke_a_link_in_the_admin_without_seeing_it(admin_client_, viewer):
    token = CalendarToken.objects.issue(user=viewer)
    changelist = admin_client_.get("/admin/meetings/calendartoken/")
    assert token.token not in changelist.content.decode()
    admin_client_.post(
        "/admin/meetings/calendartoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_admin_refuses_a_second_active_link_with_a_message(admin_client_, viewer):
    CalendarToken.objects.issue(user=viewer)
    response = admin_client_.post("/admin/meetings/calendartoken/add/", {"user": viewer.pk, "revoked_at": ""})
    assert response.status_code == 200
    assert "heeft al een agendalink" in response.content.decode()
    assert CalendarToken.objects.filter(user=viewer).count() == 1
