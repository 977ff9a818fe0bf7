"""/members/: the member directory, its filters, counts per province and CSV export."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from meetings.choices import OverlegKind
from stakeholders.choices import MembershipStatus, Province
from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory, OverlegFactory, ThemeFactory

pytestmark = pytest.mark.django_db
URL = "/members/"
EXPORT_URL = reverse("overview:member_export")


def member(name, *, province=Province.UTRECHT, municipality="Utrecht", since=datetime.date(2015, 1, 1), **kwargs):
    return MembershipFactory(
        organisation__name=name,
        organisation__province=province,
        organisation__municipality=municipality,
        since=since,
        **kwargs,
    ).organisation


def names(response):
    return [org.name for org in response.context["members"]]


def test_lists_members_of_any_status_but_not_stakeholders_without_membership(viewer_client):
    active = member("Welzijn Utrecht")
    member("Oud-lid", status=MembershipStatus.BEEINDIGD)
    OrganisationFactory(name="Alleen stakeholder")

    response = viewer_client.get(URL)
    html = response.content.decode()

    assert names(response) == ["Oud-lid", "Welzijn Utrecht"]
    assert "2 lidorganisaties" in html
    assert f'href="/stakeholders/{active.pk}/"' in html
    assert "Beëindigd" in html


@pytest.mark.parametrize("query", ["welzijn", "L00777", "Janssen", "amers"])
def test_free_text_finds_name_member_number_contact_and_municipality(viewer_client, query):
    org = member("Welzijn Amersfoort", municipality="Amersfoort", member_number="L00777")
    ContactPersonFactory(organisation=org, name="Kees Janssen")
    member("Buurtwerk Zwolle", municipality="Zwolle", member_number="L00001")

    assert names(viewer_client.get(URL, {"q": query})) == ["Welzijn Amersfoort"]


def test_filter_on_province_and_on_municipality_ignoring_case(viewer_client):
    member("Welzijn Zwolle", province=Province.OVERIJSSEL, municipality="Zwolle")
    member("Welzijn Deventer", province=Province.OVERIJSSEL, municipality="Deventer")
    member("Welzijn Utrecht")

    assert names(viewer_client.get(URL, {"province": "OV"})) == ["Welzijn Deventer", "Welzijn Zwolle"]
    assert names(viewer_client.get(URL, {"municipality": "zwolle"})) == ["Welzijn Zwolle"]


def test_municipality_box_suggests_the_municipalities_of_members(viewer_client):
    member("Welzijn Zwolle", municipality="Zwolle")
    html = viewer_client.get(URL).content.decode()
    assert 'list="id_municipality-suggestions"' in html
    assert '<option value="Zwolle"></option>' in html


def test_filter_on_status(viewer_client):
    member("Actief lid")
    member("Aspirant", status=MembershipStatus.ASPIRANT)
    assert names(viewer_client.get(URL, {"status": "aspirant"})) == ["Aspirant"]


def test_filter_on_member_since_year_and_date_range(viewer_client):
    member("Sinds 2010", since=datetime.date(2010, 6, 1))
    member("Sinds 2015", since=datetime.date(2015, 3, 1))
    member("Sinds 2020", since=datetime.date(2020, 9, 1))

    assert names(viewer_client.get(URL, {"since_year": "2015"})) == ["Sinds 2015"]
    assert names(viewer_client.get(URL, {"since_from": "2012-01-01"})) == ["Sinds 2015", "Sinds 2020"]
    assert names(viewer_client.get(URL, {"since_to": "2015-03-01"})) == ["Sinds 2010", "Sinds 2015"]
    assert names(viewer_client.get(URL, {"since_from": "2011-01-01", "since_to": "2016-01-01"})) == ["Sinds 2015"]


def test_filter_on_theme_and_on_taking_part_in_a_member_committee(viewer_client):
    theme = ThemeFactory(slug="jeugd-opvoeding")
    in_committee = member("In commissie")
    in_committee.themes.add(theme)
    in_other_overleg = member("In werkgroep")
    OverlegFactory(kind=OverlegKind.LEDENCOMMISSIE).organisations.add(in_committee)
    OverlegFactory(kind=OverlegKind.WERKGROEP).organisations.add(in_other_overleg)
    OverlegFactory(kind=OverlegKind.LEDENCOMMISSIE, is_active=False).organisations.add(in_other_overleg)

    assert names(viewer_client.get(URL, {"theme": "jeugd-opvoeding"})) == ["In commissie"]
    assert names(viewer_client.get(URL, {"in_committee": "on"})) == ["In commissie"]


@pytest.mark.parametrize(
    "query",
    [{"since_year": "twintig"}, {"since_from": "gisteren"}, {"since_to": "31-02-2020"}, {"status": "vip"}],
)
def test_letters_and_nonsense_in_filters_give_a_message_not_an_error(viewer_client, query):
    member("Welzijn Utrecht")
    response = viewer_client.get(URL, query)
    assert response.status_code == 200
    assert names(response) == ["Welzijn Utrecht"]
    assert "Niet alle filterwaarden zijn geldig" in response.content.decode()


def test_empty_result_says_so_with_a_link_to_clear_the_filters(viewer_client):
    member("Welzijn Utrecht")
    html = viewer_client.get(URL, {"province": "ZE"}).content.decode()
    assert "Geen leden gevonden voor deze filters." in html
    assert 'href="/members/">Wis de filters</a>' in html


def test_counts_per_province_follow_the_other_filters_but_not_the_province(viewer_client):
    member("Utrecht 1")
    member("Utrecht 2")
    member("Zwolle", province=Province.OVERIJSSEL, municipality="Zwolle")
    member("Oud-lid Zwolle", province=Province.OVERIJSSEL, municipality="Zwolle", status=MembershipStatus.BEEINDIGD)

    response = viewer_client.get(URL, {"province": "UT", "status": "actief"})
    counts = {row["code"]: row["count"] for row in response.context["province_counts"]}
    html = response.content.decode()

    assert names(response) == ["Utrecht 1", "Utrecht 2"]
    assert counts["UT"] == 2 and counts["OV"] == 1 and counts["ZE"] == 0
    assert len(counts) == 12  # every province is listed, also with none
    assert "Leden per provincie" in html
    assert "(gekozen)" in html
    assert '<meter class="province-bar" min="0" max="2" value="2" aria-hidden="true">' in html
    assert "?province=OV&amp;status=actief" in html


def test_csv_export_honours_the_filters_and_reads_back(viewer_client):
    org = member("Welzijn Fryslân", province=Province.FRIESLAND, municipality="Ljouwert", member_number="L00123")
    member("Welzijn Utrecht")

    response = viewer_client.get(EXPORT_URL, {"province": "FR", "format": "csv", "columns": "list"})
    body = response.content.decode("utf-8")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))

    assert body.startswith("\ufeff")
    assert response["Content-Disposition"].startswith('attachment; filename="leden-')
    assert rows[0][:3] == ["Lidnummer", "Naam", "Soort"]
    assert rows[1:] == [
        [
            "L00123",
            "Welzijn Fryslân",
            "Sociaalwerkorganisatie",
            "Ljouwert",
            "Fryslân",
            "Actief",
            "01-01-2015",
            "",
            "",
            "",
            "",
            f"http://testserver/stakeholders/{org.pk}/",
        ]
    ]


def test_query_count_is_the_same_for_one_and_for_ten_members(viewer_client, populate, django_assert_num_queries):
    populate(1)
    # 2 for the permissions (import button)
    with django_assert_num_queries(10) as few:
        viewer_client.get(URL, {"status": "actief"})
    populate(9, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(URL, {"status": "actief"})
    assert len(names(response)) == 10
    with django_assert_num_queries(4) as few_csv:
        viewer_client.get(EXPORT_URL, {"format": "csv", "columns": "list"})
    populate(5, start=10)
    with django_assert_num_queries(len(few_csv.captured_queries)):
        viewer_client.get(EXPORT_URL, {"format": "csv", "columns": "list"})


def test_letters_in_the_year_stay_in_the_box_next_to_a_dutch_error(viewer_client):
    html = viewer_client.get(URL, {"since_year": "twintig"}).content.decode()
    assert 'value="twintig"' in html
    assert "Voer een getal in." in html
