"""Every old address in the redirect table answers 301 with a new one that works."""

import re

import pytest
from django.urls import resolve

from swn_crm.redirects import PATHS
from tests.factories import (
    CoalitionFactory,
    ContactMomentFactory,
    ContactPersonFactory,
    JointStatementFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    PolicyDossierFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

# New URL names that answer POST only: a GET on them is 405, which still proves they resolve.
POST_ONLY = {
    "overview:calendar_token_renew",
    "overview:calendar_token_revoke",
    "stakeholders:contact_privacy_flags",
    "stakeholders:contact_data_export",
    "stakeholders:contact_erase",
    "meetings:meeting_cancel",
    "meetings:attendance_respond",
    "relations:follow_up_done",
    "relations:follow_up_reopen",
}


@pytest.fixture
def objects(admin_user):
    organisation = OrganisationFactory()
    coalition = CoalitionFactory()
    started = MeetingFactory()
    started.start = started.start.replace(year=started.start.year - 1)
    started.end = started.end.replace(year=started.end.year - 1)
    started.save()
    return {
        "stakeholders": organisation.pk,
        "contacts": ContactPersonFactory(organisation=organisation).pk,
        "contactmomenten": ContactMomentFactory(organisation=organisation, created_by=admin_user).pk,
        "overleggen": OverlegFactory().pk,
        "meetings": started.pk,
        "coalitions": coalition.pk,
        "verklaringen": JointStatementFactory(coalition=coalition).pk,
        "dossiers": PolicyDossierFactory().pk,
        "acties": ContactMomentFactory(organisation=organisation, follow_up="Bellen", created_by=admin_user).pk,
        "slug": ThemeFactory(slug="armoede").slug,
    }


def old_address(route, objects):
    """The route with a real object's id (the one of the segment before `<int:pk>`) or slug."""
    route = route.replace("<slug:slug>", objects["slug"])
    match = re.search(r"(\w+)/<int:pk>", route)
    if match:
        route = route.replace("<int:pk>", str(objects[match.group(1)]))
    return "/" + route


@pytest.mark.parametrize("row", PATHS, ids=[row[0] for row in PATHS])
def test_every_old_address_redirects_permanently_to_a_working_new_one(row, admin_client_, objects):
    old, new_name = row[0], row[1]
    response = admin_client_.get(old_address(old, objects))
    assert response.status_code == 301
    target = response["Location"]
    assert resolve(target.split("?")[0]).view_name == new_name
    expected = 405 if new_name in POST_ONLY else 200
    assert admin_client_.get(target, follow=True).status_code == expected, target  # week/pick/ sends on


def test_an_old_address_keeps_the_query_string_and_translates_old_parameters(admin_client_):
    response = admin_client_.get("/meetings/exporteren/?formaat=xlsx&overleg=3&thema=armoede")
    assert response.status_code == 301
    assert response["Location"] == "/meetings/export/?format=xlsx&overleg=3&theme=armoede"


def test_the_organisation_of_the_old_contact_moment_address_moves_into_the_query_string(admin_client_):
    organisation = OrganisationFactory()
    response = admin_client_.get(f"/stakeholders/{organisation.pk}/contactmomenten/nieuw/?next=/week/")
    assert response["Location"] == f"/contact-moments/new/?next=%2Fweek%2F&organisation={organisation.pk}"
    assert admin_client_.get(response["Location"]).status_code == 200


def test_the_week_page_translates_its_old_parameters_on_the_same_path(viewer_client):
    response = viewer_client.get(
        "/week/2026-W48/?weergave=collega&collega=sanne&thema=jeugd&soort=zonder-overleg&mijn=on"
    )
    assert response.status_code == 301
    assert response["Location"] == (
        "/week/2026-W48/?layout=colleague&colleague=sanne&theme=jeugd&kind=zonder-overleg&mine=on"
    )
    assert viewer_client.get(response["Location"]).status_code == 200


def test_a_form_posted_to_an_old_address_is_sent_on_with_its_method(admin_client_, objects):
    response = admin_client_.post(f"/acties/{objects['acties']}/klaar/")
    assert response.status_code == 308
    assert response["Location"] == f"/follow-ups/{objects['acties']}/done/"


def test_an_old_address_asks_an_anonymous_visitor_to_log_in_first(client):
    response = client.get("/acties/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_new_parameters_are_left_alone(viewer_client):
    assert viewer_client.get("/week/?layout=colleague&theme=jeugd").status_code == 200
