import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_interface_is_dutch_even_when_the_browser_asks_for_english(viewer_client):
    html = viewer_client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Mijn bijeenkomsten deze week" in html
    assert 'lang="nl"' in html


def test_chosen_english_is_remembered_on_the_account_across_sessions(viewer_client, viewer):
    response = viewer_client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    viewer.refresh_from_db()
    assert viewer.language == "en"

    laptop = Client()  # another device: no language cookie
    laptop.force_login(viewer)
    html = laptop.get("/").content.decode()
    assert "My meetings this week" in html
    assert 'lang="en"' in html


def test_switching_back_to_dutch(viewer_client, viewer):
    viewer_client.post("/i18n/setlang/", {"language": "en"})
    viewer_client.post("/i18n/setlang/", {"language": "nl"})
    viewer.refresh_from_db()
    assert viewer.language == "nl"
    assert "Mijn bijeenkomsten deze week" in viewer_client.get("/").content.decode()


def test_unknown_language_changes_nothing(viewer_client, viewer):
    viewer_client.post("/i18n/setlang/", {"language": "xx"})
    viewer.refresh_from_db()
    assert viewer.language == ""


def test_login_page_language_can_be_chosen_before_logging_in(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert "Log in with your SWN account." in client.get("/accounts/login/").content.decode()


def test_dates_and_weekdays_follow_the_chosen_language(viewer_client, viewer):
    import re

    def day_heading(html):
        text = re.sub(r"<[^>]+>", " ", re.search(r'id="day-2026-11-23">(.*?)</h2>', html, re.S).group(1))
        return " ".join(text.split()).lower()

    assert day_heading(viewer_client.get("/week/2026-W48/").content.decode()).startswith("maandag 23 november")
    viewer.language = "en"
    viewer.save()
    assert day_heading(viewer_client.get("/week/2026-W48/").content.decode()).startswith("monday 23 november")
