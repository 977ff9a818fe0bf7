"""Every page of overleggen and meetings, tried by every persona: who may read, who may plan."""

import pytest

from tests.factories import AttendanceFactory, MeetingFactory, OverlegFactory

pytestmark = pytest.mark.django_db

READ = ["/overleggen/", "/overleggen/{overleg}/", "/meetings/{meeting}/"]
PLAN = [
    "/overleggen/new/",
    "/overleggen/{overleg}/edit/",
    "/meetings/new/",
    "/meetings/new/?overleg={overleg}",
    "/meetings/{meeting}/edit/",
    "/meetings/{meeting}/outcome/",
]


@pytest.fixture
def urls():
    overleg = OverlegFactory()
    meeting = AttendanceFactory(meeting=MeetingFactory(overleg=overleg)).meeting
    return {"overleg": overleg.pk, "meeting": meeting.pk}


@pytest.mark.parametrize("url", READ + PLAN)
def test_anonymous_visitors_are_sent_to_login(client, urls, url):
    response = client.get(url.format(**urls))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", ["viewer_client", "editor_client", "admin_client_"])
@pytest.mark.parametrize("url", READ)
def test_every_colleague_reads_overleggen_and_meetings(request, persona, urls, url):
    assert request.getfixturevalue(persona).get(url.format(**urls)).status_code == 200


@pytest.mark.parametrize("url", PLAN)
def test_viewers_get_403_on_planning_pages(viewer_client, urls, url):
    assert viewer_client.get(url.format(**urls)).status_code == 403


@pytest.mark.parametrize("persona", ["editor_client", "admin_client_"])
@pytest.mark.parametrize("url", PLAN)
def test_editors_and_admins_open_the_planning_pages(request, persona, urls, url):
    assert request.getfixturevalue(persona).get(url.format(**urls)).status_code == 200


def test_the_403_page_explains_in_dutch(viewer_client):
    response = viewer_client.get("/overleggen/new/")
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()
