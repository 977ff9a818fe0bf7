"""/stakeholders/: the stakeholder directory with its filters, sorting, paging, empty states and CSV export."""

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.choices import AttendanceStatus
from stakeholders.choices import Level, OrganisationKind, Province
from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory
from tests.helpers import meeting_with

pytestmark = pytest.mark.django_db
URL = "/stakeholders/"
EXPORT_URL = reverse("overview:organisation_export")


def names(response):
    return [org.name for org in response.context["organisations"]]


def test_lists_stakeholders_only_with_the_total_count(viewer_client):
    OrganisationFactory(name="VNG")
    OrganisationFactory(name="ActiZ")
    MembershipFactory(organisation__name="Alleen lid")

    response = viewer_client.get(URL)

    assert response.status_code == 200
    assert names(response) == ["ActiZ", "VNG"]
    assert "2 stakeholders" in response.content.decode()


def test_a_row_shows_kind_level_themes_owner_last_contact_by_whom_and_next_meeting(viewer_client):
    theme = ThemeFactory(slug="armoede-schulden")
    owner = UserFactory(first_name="Olga", last_name="Eigenaar")
    org = OrganisationFactory(
        name="Divosa", acronym="DV", kind=OrganisationKind.BRANCHE, level=Level.LANDELIJK, themes=[theme], owner=owner
    )
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    last = meeting_with(org, days=-3, colleagues=[(anna, AttendanceStatus.AANWEZIG)])
    meeting_with(org, days=6, title="Kennismaking Divosa")

    html = viewer_client.get(URL).content.decode()

    assert "Divosa" in html and "(DV)" in html
    assert "Branche- of beroepsorganisatie" in html and "Landelijk" in html
    assert theme.name.replace("&", "&amp;") in html
    assert "Olga Eigenaar" in html
    assert timezone.localtime(last.start).strftime("%d-%m-%Y") in html
    assert "door Anna Aanwezig" in html
    assert "Kennismaking Divosa" in html
    assert f'href="/stakeholders/{org.pk}/"' in html


def test_a_stakeholder_without_contact_says_never_and_nothing_planned(viewer_client):
    OrganisationFactory(name="Stil")
    html = viewer_client.get(URL).content.decode()
    assert "nooit" in html and "niets gepland" in html


@pytest.mark.parametrize("query", ["divosa", "DVS", "Jansen", "Zwolle", "divo zwol"])
def test_free_text_finds_name_acronym_contact_name_and_municipality(viewer_client, query):
    divosa = OrganisationFactory(name="Divosa", acronym="DVS", municipality="Zwolle")
    ContactPersonFactory(organisation=divosa, name="Piet Jansen")
    OrganisationFactory(name="ActiZ", acronym="AZ", municipality="Utrecht")

    assert names(viewer_client.get(URL, {"q": query})) == ["Divosa"]


def test_free_text_matching_several_contacts_lists_the_organisation_once(viewer_client):
    org = OrganisationFactory(name="VNG")
    ContactPersonFactory(organisation=org, name="Jan de Vries")
    ContactPersonFactory(organisation=org, name="Jan Bakker")
    assert names(viewer_client.get(URL, {"q": "jan"})) == ["VNG"]


def test_filter_on_theme_by_slug(viewer_client):
    poverty = ThemeFactory(slug="armoede-schulden")
    youth = ThemeFactory(slug="jeugd-opvoeding")
    OrganisationFactory(name="Schuldhulp", themes=[poverty, youth])
    OrganisationFactory(name="Jeugdzorg", themes=[youth])

    assert names(viewer_client.get(URL, {"theme": "armoede-schulden"})) == ["Schuldhulp"]
    assert names(viewer_client.get(URL, {"theme": "jeugd-opvoeding"})) == ["Jeugdzorg", "Schuldhulp"]


@pytest.mark.parametrize(
    ("param", "value", "expected"),
    [
        ("kind", OrganisationKind.MINISTERIE, ["Ministerie van VWS"]),
        ("level", Level.LOKAAL, ["Gemeente Zwolle"]),
        ("province", Province.OVERIJSSEL, ["Gemeente Zwolle"]),
    ],
)
def test_filter_on_kind_level_and_province(viewer_client, param, value, expected):
    OrganisationFactory(
        name="Ministerie van VWS",
        kind=OrganisationKind.MINISTERIE,
        level=Level.LANDELIJK,
        province=Province.ZUID_HOLLAND,
    )
    OrganisationFactory(
        name="Gemeente Zwolle", kind=OrganisationKind.GEMEENTE, level=Level.LOKAAL, province=Province.OVERIJSSEL
    )
    assert names(viewer_client.get(URL, {param: value})) == expected


def test_filter_on_owner_by_username_and_on_no_owner(viewer_client):
    olga = UserFactory(username="olga")
    OrganisationFactory(name="Van Olga", owner=olga)
    OrganisationFactory(name="Van iemand anders", owner=UserFactory())
    OrganisationFactory(name="Van niemand", owner=None)

    assert names(viewer_client.get(URL, {"owner": "olga"})) == ["Van Olga"]
    assert names(viewer_client.get(URL, {"no_owner": "on"})) == ["Van niemand"]


def test_filter_on_member_yes_or_no_means_an_active_membership(viewer_client):
    MembershipFactory(organisation__name="Wijkteam lid", organisation__is_stakeholder=True)
    MembershipFactory(organisation__name="Wijkteam oud-lid", organisation__is_stakeholder=True, status="beeindigd")
    OrganisationFactory(name="Geen lid")

    assert names(viewer_client.get(URL, {"member": "ja"})) == ["Wijkteam lid"]
    assert names(viewer_client.get(URL, {"member": "nee"})) == ["Geen lid", "Wijkteam oud-lid"]


def test_filter_no_contact_for_six_months(viewer_client):
    warm = OrganisationFactory(name="Warm")
    meeting_with(warm, days=-30)
    cold = OrganisationFactory(name="Koud")
    meeting_with(cold, days=-190)
    OrganisationFactory(name="Nooit gezien")

    assert names(viewer_client.get(URL, {"no_recent_contact": "on"})) == ["Koud", "Nooit gezien"]


def test_sort_by_name_descending_and_by_kind(viewer_client):
    OrganisationFactory(name="Bedrijf B", kind=OrganisationKind.BEDRIJF)
    OrganisationFactory(name="Branche A", kind=OrganisationKind.BRANCHE)
    OrganisationFactory(name="Gemeente C", kind=OrganisationKind.GEMEENTE)

    assert names(viewer_client.get(URL, {"sort": "-name"})) == ["Gemeente C", "Branche A", "Bedrijf B"]
    # Kinds in the order of the domain: branch associations, companies, ..., municipalities.
    assert names(viewer_client.get(URL, {"sort": "kind"})) == ["Branche A", "Bedrijf B", "Gemeente C"]


def test_sort_by_last_contact_puts_never_contacted_last_or_first(viewer_client):
    old = OrganisationFactory(name="Lang geleden")
    meeting_with(old, days=-90)
    recent = OrganisationFactory(name="Onlangs")
    meeting_with(recent, days=-2)
    OrganisationFactory(name="Nooit")

    assert names(viewer_client.get(URL, {"sort": "-last_contact"})) == ["Onlangs", "Lang geleden", "Nooit"]
    assert names(viewer_client.get(URL, {"sort": "last_contact"})) == ["Nooit", "Lang geleden", "Onlangs"]


def test_filters_combine_and_stay_in_the_links_of_the_page(viewer_client):
    theme = ThemeFactory(slug="armoede-schulden")
    for n in range(55):
        OrganisationFactory(name=f"Org {n:02d}", themes=[theme], kind=OrganisationKind.FONDS)
    OrganisationFactory(name="Ander soort", themes=[theme])

    response = viewer_client.get(URL, {"theme": "armoede-schulden", "kind": "fonds"})
    html = response.content.decode()

    assert response.context["paginator"].count == 55
    assert len(names(response)) == 50
    assert "55 stakeholders" in html
    assert "?theme=armoede-schulden&amp;kind=fonds&amp;page=2" in html
    assert "?theme=armoede-schulden&amp;kind=fonds&amp;format=csv&amp;columns=list" in html


def test_second_page_shows_the_rest(viewer_client):
    for n in range(52):
        OrganisationFactory(name=f"Org {n:02d}")
    response = viewer_client.get(URL, {"page": "2"})
    assert names(response) == ["Org 50", "Org 51"]


def test_a_page_past_the_end_shows_the_last_page_with_a_message(viewer_client):
    for n in range(52):
        OrganisationFactory(name=f"Org {n:02d}")

    response = viewer_client.get(URL, {"page": "99"})

    assert response.status_code == 200
    assert names(response) == ["Org 50", "Org 51"]
    assert "Pagina 99 bestaat niet; je ziet de laatste pagina, pagina 2." in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5"])
def test_a_page_that_is_not_a_number_shows_the_first_page_with_a_message(viewer_client, page):
    OrganisationFactory(name="Enige")
    response = viewer_client.get(URL, {"page": page})
    assert response.status_code == 200
    assert names(response) == ["Enige"]
    assert "Dat paginanummer bestaat niet; je ziet de eerste pagina." in response.content.decode()


def test_an_unknown_theme_is_ignored_with_a_message_and_other_filters_still_apply(viewer_client):
    OrganisationFactory(name="Gemeente Zwolle", kind=OrganisationKind.GEMEENTE)
    OrganisationFactory(name="VNG", kind=OrganisationKind.BRANCHE)

    response = viewer_client.get(URL, {"theme": "bestaat-niet", "kind": "gemeente"})
    html = response.content.decode()

    assert response.status_code == 200
    assert names(response) == ["Gemeente Zwolle"]
    assert "Niet alle filterwaarden zijn geldig" in html
    assert "Onbekende waarde “bestaat-niet”; dit filter is genegeerd." in html


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "raket"},
        {"owner": "niemand-bekend"},
        {"member": "misschien"},
        {"sort": "drop table"},
        {"no_recent_contact": "jazeker"},
        {"q": "x" * 500},
        {"province": "<script>"},
    ],
)
def test_bad_query_strings_never_break_the_page(viewer_client, query):
    OrganisationFactory(name="VNG")
    response = viewer_client.get(URL, query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_empty_result_says_so_with_a_link_to_clear_the_filters(viewer_client):
    OrganisationFactory(name="VNG")

    html = viewer_client.get(URL, {"q": "bestaat niet"}).content.decode()

    assert "Geen stakeholders gevonden voor deze filters." in html
    assert 'href="/stakeholders/">Wis de filters</a>' in html


def test_an_empty_directory_explains_itself(viewer_client):
    html = viewer_client.get(URL).content.decode()
    assert "Er staan nog geen stakeholders in het CRM." in html


def test_the_filter_form_has_dutch_labels_and_keeps_what_was_chosen(viewer_client):
    ThemeFactory(slug="armoede-schulden")
    html = viewer_client.get(URL, {"q": "Zwolle", "theme": "armoede-schulden"}).content.decode()
    labels = ("Zoeken", "Thema", "Soort", "Niveau", "Provincie", "Relatiebeheerder", "Lid", "Zonder relatiebeheerder")
    for label in labels:
        assert re.search(rf">\s*{label}\s*<", html), label
    assert "Zes maanden geen contact" in html
    assert 'value="Zwolle"' in html
    assert '<option value="armoede-schulden" selected>' in html


def test_query_count_is_the_same_for_one_and_for_ten_stakeholders(viewer_client, populate, django_assert_num_queries):
    populate(1)
    # 2 for the permissions (import button)
    with django_assert_num_queries(10) as few:
        viewer_client.get(URL, {"theme": "armoede-schulden"})
    populate(9, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(URL, {"theme": "armoede-schulden"})
    assert len(names(response)) == 10


# -- CSV export -------------------------------------------------------------------------------


def read_csv(response):
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body[1:])))


def test_csv_export_holds_every_filtered_row_with_dutch_headers(viewer_client):
    theme = ThemeFactory(slug="armoede-schulden")
    olga = UserFactory(first_name="Olga", last_name="Eigenaar")
    for n in range(60):
        OrganisationFactory(name=f"Fonds {n:02d}", kind=OrganisationKind.FONDS, themes=[theme], owner=olga)
    OrganisationFactory(name="Buiten het filter", kind=OrganisationKind.GEMEENTE)
    cold = OrganisationFactory(name="Fryslân Fûns", kind=OrganisationKind.FONDS, municipality="Ljouwert")
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    met = meeting_with(cold, days=-4, colleagues=[(anna, AttendanceStatus.AANWEZIG)])

    response = viewer_client.get(EXPORT_URL, {"kind": "fonds", "format": "csv", "columns": "list", "page": "2"})
    rows = read_csv(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="stakeholders-')
    header, data = rows[0], rows[1:]
    assert header[:3] == ["Naam", "Afkorting", "Soort"]
    assert "Laatste contact" in header and "Laatste contact door" in header
    assert len(data) == 61  # all rows, not one page
    assert "Buiten het filter" not in [row[0] for row in data]
    frisian = next(row for row in data if row[0] == "Fryslân Fûns")
    assert frisian[2] == "Fonds"
    assert frisian[header.index("Laatste contact")] == timezone.localtime(met.start).strftime("%d-%m-%Y")
    assert frisian[header.index("Laatste contact door")] == "Anna Aanwezig"
    assert frisian[header.index("Pagina in het CRM")] == f"http://testserver/stakeholders/{cold.pk}/"
    fund = next(row for row in data if row[0] == "Fonds 00")
    assert fund[header.index("Thema's")] == theme.name
    assert fund[header.index("Relatiebeheerder")] == "Olga Eigenaar"


def test_csv_export_neutralises_formulas(viewer_client):
    OrganisationFactory(name='=HYPERLINK("http://evil")', acronym="+31", municipality="@SUM(A1)")
    OrganisationFactory(name="-2+3", acronym="")

    rows = read_csv(viewer_client.get(EXPORT_URL, {"format": "csv", "columns": "list"}))

    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells
    assert "'+31" in cells and "'@SUM(A1)" in cells and "'-2+3" in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_csv_export_of_an_empty_selection_has_only_the_header(viewer_client):
    rows = read_csv(viewer_client.get(EXPORT_URL, {"q": "niets", "format": "csv", "columns": "list"}))
    assert len(rows) == 1 and rows[0][0] == "Naam"


def test_csv_export_query_count_does_not_grow(viewer_client, populate, django_assert_num_queries):
    populate(1)
    with django_assert_num_queries(4) as few:
        viewer_client.get(EXPORT_URL, {"format": "csv", "columns": "list"})
    populate(9, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        rows = read_csv(viewer_client.get(EXPORT_URL, {"format": "csv", "columns": "list"}))
    assert len(rows) == 11


def test_a_csv_download_with_a_bad_filter_leaves_no_message_for_the_next_page(viewer_client):
    OrganisationFactory(name="VNG")
    rows = read_csv(viewer_client.get(EXPORT_URL, {"theme": "bestaat-niet", "format": "csv", "columns": "list"}))
    assert [row[0] for row in rows[1:]] == ["VNG"]
    assert "Niet alle filterwaarden" not in viewer_client.get(URL).content.decode()
