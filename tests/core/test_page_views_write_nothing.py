"""Reading a page writes nothing: no session save, no cache row, no counter (users' work is writing,
and a page view must not make those writes wait)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import CalendarToken
from tests.factories import (
    AttendanceFactory,
    CoalitionFactory,
    ContactMomentFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    PolicyDossierFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# Statements that change data or schema; reads include PostgreSQL's server-side cursors (DECLARE ... FOR SELECT).
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "TRUNCATE", "CREATE", "ALTER", "DROP")


@pytest.fixture
def world(viewer):
    theme = ThemeFactory(slug="armoede-schulden")
    organisation = OrganisationFactory(themes=[theme])
    overleg = OverlegFactory(themes=[theme])
    overleg.organisations.add(organisation)
    meeting = MeetingFactory(overleg=overleg)
    meeting.organisations.add(organisation)
    AttendanceFactory(meeting=meeting, user=viewer)
    ContactMomentFactory(organisation=organisation, follow_up="Bellen", follow_up_assignee=viewer)
    return {
        "theme": theme,
        "organisation": organisation,
        "overleg": overleg,
        "meeting": meeting,
        "coalition": CoalitionFactory(),
        "dossier": PolicyDossierFactory(theme=theme),
        "token": CalendarToken.objects.create(user=viewer),
    }


def main_pages(world):
    return [
        reverse("overview:dashboard"),
        reverse("meetings:week"),
        reverse("meetings:week") + "?layout=colleague",
        reverse("overview:organisation_list"),
        reverse("overview:organisation_detail", args=[world["organisation"].pk]),
        reverse("overview:member_list"),
        reverse("overview:contact_list"),
        reverse("overview:theme_list"),
        reverse("overview:theme_detail", args=[world["theme"].slug]),
        reverse("overview:theme_map", args=[world["theme"].slug]),
        reverse("overview:theme_network", args=[world["theme"].slug]),
        reverse("meetings:overleg_list"),
        reverse("meetings:overleg_detail", args=[world["overleg"].pk]),
        reverse("meetings:meeting_detail", args=[world["meeting"].pk]),
        reverse("lobby:coalition_list"),
        reverse("lobby:coalition_detail", args=[world["coalition"].pk]),
        reverse("lobby:dossier_list"),
        reverse("lobby:dossier_detail", args=[world["dossier"].pk]),
        reverse("meetings:review_list"),
        reverse("overview:report_index"),
        reverse("overview:report_relationships"),
        reverse("overview:report_staff_load"),
        reverse("relations:my_actions"),
        reverse("overview:search") + "?q=a",
        reverse("meetings:overleg_calendar", args=[world["overleg"].pk]),
        reverse("meetings:calendar_feed", args=[world["token"].token]),
    ]


def test_no_main_page_writes_to_the_database(viewer_client, world):
    viewer_client.get("/")
    writes = {}
    for url in main_pages(world):
        with CaptureQueriesContext(connection) as queries:
            response = viewer_client.get(url)
        assert response.status_code == 200, url
        found = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(WRITES)]
        if found:
            writes[url] = found
    assert writes == {}
