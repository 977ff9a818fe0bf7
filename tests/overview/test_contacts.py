"""/contacts/: find a person by name, organisation, job title or theme."""

import pytest

from tests.factories import ContactPersonFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db
URL = "/contacts/"


def names(response):
    return [contact.name for contact in response.context["contacts"]]


@pytest.fixture
def people():
    theme = ThemeFactory(slug="armoede-schulden")
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    zwolle = OrganisationFactory(name="Gemeente Zwolle")
    petra = ContactPersonFactory(
        organisation=vng, name="Petra de Wit", job_title="Senior beleidsadviseur", email="p.dewit@vng.nl"
    )
    petra.themes.add(theme)
    ContactPersonFactory(organisation=zwolle, name="Willem Wethouder", job_title="Wethouder", email="w@zwolle.nl")
    ContactPersonFactory(organisation=zwolle, name="Oud Gediende", job_title="Directeur", is_active=False)
    return {"vng": vng, "petra": petra}


def test_lists_everyone_with_organisation_links_and_contact_details(viewer_client, people):
    response = viewer_client.get(URL)
    html = response.content.decode()

    assert names(response) == ["Oud Gediende", "Petra de Wit", "Willem Wethouder"]
    assert "3 contactpersonen" in html
    assert f'href="/stakeholders/{people["vng"].pk}/#contacts"' in html
    assert 'href="mailto:p.dewit@vng.nl"' in html
    assert "niet meer actief" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "petra wit"}, ["Petra de Wit"]),
        ({"q": "zwolle.nl"}, ["Willem Wethouder"]),
        ({"organisation": "VNG"}, ["Petra de Wit"]),
        ({"organisation": "gemeente zwolle"}, ["Oud Gediende", "Willem Wethouder"]),
        ({"job_title": "beleid"}, ["Petra de Wit"]),
        ({"theme": "armoede-schulden"}, ["Petra de Wit"]),
        ({"active": "nee"}, ["Oud Gediende"]),
        ({"active": "ja", "organisation": "zwolle"}, ["Willem Wethouder"]),
    ],
)
def test_filters_find_people_by_name_organisation_job_title_theme_and_activity(viewer_client, people, query, expected):
    assert names(viewer_client.get(URL, query)) == expected


def test_unknown_theme_and_bad_page_give_a_normal_page(viewer_client, people):
    response = viewer_client.get(URL, {"theme": "onbekend", "page": "zeven"})
    assert response.status_code == 200
    assert len(names(response)) == 3


def test_empty_result_says_so_with_a_link_to_clear_the_filters(viewer_client, people):
    html = viewer_client.get(URL, {"q": "niemand"}).content.decode()
    assert "Geen contactpersonen gevonden voor deze filters." in html
    assert 'href="/contacts/">Wis de filters</a>' in html


def test_query_count_is_the_same_for_one_and_for_ten_people(viewer_client, populate, django_assert_num_queries):
    populate(1)
    with django_assert_num_queries(9) as few:  # 2 for the permissions (import and privacy links)
        viewer_client.get(URL, {"theme": "armoede-schulden"})
    populate(4, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(URL, {"theme": "armoede-schulden"})
    assert len(names(response)) == 10
