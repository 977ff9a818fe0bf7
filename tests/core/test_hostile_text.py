"""Whatever colleagues type comes back exactly as typed, escaped, and never runs."""

import datetime
import html

import pytest
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import ContactPersonFactory, MeetingFactory, OrganisationFactory, OverlegFactory
from tests.helpers import post_edit

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ODD = "Overleg 👩🏽‍💻 עברית שלום e\u0301e\u0301 Ω≈ç√ ﷽ “quotes” & <b>vet</b>"
LONG = "Lange tekst. " * 800


def assert_shown_exactly_and_escaped(page, text):
    assert html.escape(text, quote=False) in page or html.escape(text) in page, text[:40]
    assert "<script>alert" not in page
    assert "onerror=alert(1)>" not in page


def test_organisation_contact_and_overleg_text_is_shown_back_escaped(viewer_client):
    organisation = OrganisationFactory(name=f"Stichting {ODD}", notes=SCRIPT + "\n" + LONG)
    ContactPersonFactory(organisation=organisation, name=f"Jan {SCRIPT}", job_title=ODD)
    overleg = OverlegFactory(name=f"Werkgroep {ODD}", purpose=SCRIPT)
    overleg.organisations.add(organisation)

    page = viewer_client.get(f"/stakeholders/{organisation.pk}/").content.decode()
    assert_shown_exactly_and_escaped(page, f"Stichting {ODD}")
    assert_shown_exactly_and_escaped(page, f"Jan {SCRIPT}")
    assert html.escape(LONG.strip(), quote=False)[:2000] in page

    page = viewer_client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert_shown_exactly_and_escaped(page, f"Werkgroep {ODD}")
    assert_shown_exactly_and_escaped(page, SCRIPT)


def test_meeting_typed_in_the_form_is_stored_exactly_and_shown_escaped(editor_client):
    start = timezone.localtime() + datetime.timedelta(days=3)
    data = {
        "overleg": "",
        "title": ODD,
        "date": start.date().isoformat(),
        "start_time": "10:00",
        "end_time": "11:00",
        "location": SCRIPT,
        "online_url": "",
        "agenda": f"1. {ODD}\n2. {SCRIPT}",
        "seats-TOTAL_FORMS": "0",
        "seats-INITIAL_FORMS": "0",
        "seats-MIN_NUM_FORMS": "0",
        "seats-MAX_NUM_FORMS": "1000",
    }
    response = editor_client.post("/meetings/new/", data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.location, meeting.agenda) == (ODD, SCRIPT, f"1. {ODD}\n2. {SCRIPT}")

    page = editor_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert_shown_exactly_and_escaped(page, ODD)
    assert_shown_exactly_and_escaped(page, SCRIPT)

    week = editor_client.get("/week/" + start.strftime("%G-W%V") + "/").content.decode()
    assert_shown_exactly_and_escaped(week, ODD)

    # Saved again unchanged through the edit form: still byte for byte the same.
    post_edit(editor_client, f"/meetings/{meeting.pk}/edit/", data)
    meeting.refresh_from_db()
    assert (meeting.title, meeting.location) == (ODD, SCRIPT)


def test_search_echoes_hostile_input_escaped(viewer_client):
    MeetingFactory()
    page = viewer_client.get("/search/", {"q": SCRIPT}).content.decode()
    assert "<script>alert" not in page
