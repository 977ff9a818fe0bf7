"""/search/?q=: organisations, contact persons and overleggen from the search box on every page."""

import pytest

from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory, OverlegFactory

pytestmark = pytest.mark.django_db
URL = "/search/"


def group(response, key):
    return next(g for g in response.context["groups"] if g["key"] == key)


def test_every_page_has_a_labelled_search_box_in_the_navigation(viewer_client):
    html = viewer_client.get("/").content.decode()
    assert '<form class="nav-search' in html and 'action="/search/"' in html
    assert '<label class="visually-hidden" for="nav-search-q">Zoek organisaties, contactpersonen en overleggen' in html
    assert 'id="nav-search-q" name="q"' in html


def test_finds_organisations_contacts_and_overleggen_grouped_with_counts(viewer_client):
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    ContactPersonFactory(organisation=vng, name="Petra de Wit", email="p.dewit@vng.nl")
    overleg = OverlegFactory(name="VNG-overleg sociaal domein")
    OrganisationFactory(name="ActiZ")

    response = viewer_client.get(URL, {"q": "vng"})
    html = response.content.decode()

    assert [o.name for o in group(response, "organisations")["results"]] == ["Vereniging van Nederlandse Gemeenten"]
    assert [c.name for c in group(response, "contacts")["results"]] == ["Petra de Wit"]
    assert [o.pk for o in group(response, "overleggen")["results"]] == [overleg.pk]
    assert response.context["total"] == 3
    assert "3 resultaten voor “vng”" in html
    assert "Organisaties" in html and "Contactpersonen" in html and "Overleggen" in html
    assert f'href="/stakeholders/{vng.pk}/"' in html
    assert f'href="/stakeholders/{vng.pk}/#contacts"' in html


def test_members_are_found_by_member_number(viewer_client):
    MembershipFactory(organisation__name="Welzijn Zwolle", member_number="L00456")
    response = viewer_client.get(URL, {"q": "L00456"})
    assert [o.name for o in group(response, "organisations")["results"]] == ["Welzijn Zwolle"]


def test_an_exact_acronym_comes_first(viewer_client):
    OrganisationFactory(name="Advies VNG Gemeenten", acronym="")
    OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    response = viewer_client.get(URL, {"q": "vng"})
    assert group(response, "organisations")["results"][0].acronym == "VNG"


def test_many_results_are_cut_off_with_a_link_to_the_full_list(viewer_client):
    for n in range(25):
        OrganisationFactory(name=f"Gemeente {n:02d}")

    response = viewer_client.get(URL, {"q": "gemeente"})
    html = response.content.decode()

    assert group(response, "organisations")["count"] == 25
    assert len(group(response, "organisations")["results"]) == 20
    assert "De eerste 20 van 25 staan hier." in html
    assert 'href="/stakeholders/?q=gemeente"' in html


def test_an_empty_search_is_a_helpful_page(viewer_client):
    response = viewer_client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Typ wat je zoekt" in html
    assert 'href="/stakeholders/"' in html and 'href="/members/"' in html


def test_spaces_only_count_as_an_empty_search(viewer_client):
    assert "Typ wat je zoekt" in viewer_client.get(URL, {"q": "   "}).content.decode()


def test_no_results_says_what_to_try(viewer_client):
    OrganisationFactory(name="VNG")
    html = viewer_client.get(URL, {"q": "xyzzy"}).content.decode()
    assert "Niets gevonden voor “xyzzy”." in html
    assert "Controleer de spelling" in html


@pytest.mark.parametrize("query", ["%", "_", "' OR 1=1 --", "<b>vet</b>", "a" * 1000, "\\"])
def test_odd_queries_are_searched_literally_and_escaped(viewer_client, query):
    OrganisationFactory(name="100% Welzijn")
    response = viewer_client.get(URL, {"q": query})
    assert response.status_code == 200
    assert "<b>vet</b>" not in response.content.decode()
    if query == "%":
        assert [o.name for o in group(response, "organisations")["results"]] == ["100% Welzijn"]


def test_query_count_does_not_grow_with_results(viewer_client, populate, django_assert_num_queries):
    populate(1)
    with django_assert_num_queries(8) as few:
        viewer_client.get(URL, {"q": "1"})
    populate(9, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(URL, {"q": "0"})
    assert group(response, "organisations")["count"] == 20
