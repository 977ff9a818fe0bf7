"""The downloads of the directory lists: one export path per list, the list as shown or the import format."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from stakeholders.choices import OrganisationKind, Province
from stakeholders.resources import ContactPersonResource, OrganisationResource
from tests.factories import ContactPersonFactory, MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def read(response):
    """The rows of a CSV or XLSX download."""
    if response["Content-Type"].startswith("text/csv"):
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def import_headers(resource):
    with translation.override("nl"):
        return [str(header) for header in resource().get_export_headers()]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_stakeholder_export_gives_both_column_sets_of_the_filtered_list(viewer_client, file_format):
    OrganisationFactory(name="Fonds Noord", kind=OrganisationKind.FONDS)
    OrganisationFactory(name="Fonds Zuid", kind=OrganisationKind.FONDS)
    OrganisationFactory(name="Gemeente Ergens", kind=OrganisationKind.GEMEENTE)
    url = reverse("overview:organisation_export")

    shown = viewer_client.get(url, {"kind": "fonds", "format": file_format, "columns": "list"})
    for_import = viewer_client.get(url, {"kind": "fonds", "format": file_format, "columns": "import"})

    listed, imported = read(shown), read(for_import)
    assert shown["Content-Disposition"].endswith(f'.{file_format}"')
    assert listed[0][0] == "Naam" and "Pagina in het CRM" in listed[0]
    assert imported[0] == import_headers(OrganisationResource)
    assert [row[0] for row in listed[1:]] == ["Fonds Noord", "Fonds Zuid"]
    assert sorted(row[0] for row in imported[1:]) == ["Fonds Noord", "Fonds Zuid"]
    assert "stakeholders-import-" in for_import["Content-Disposition"]


def test_the_member_export_gives_both_column_sets_of_the_filtered_list(viewer_client):
    MembershipFactory(organisation__name="Welzijn Fryslân", organisation__province=Province.FRIESLAND)
    MembershipFactory(organisation__name="Welzijn Utrecht", organisation__province=Province.UTRECHT)
    url = reverse("overview:member_export")

    listed = read(viewer_client.get(url, {"province": "FR", "format": "csv", "columns": "list"}))
    imported = read(viewer_client.get(url, {"province": "FR", "format": "csv", "columns": "import"}))

    assert listed[0][:2] == ["Lidnummer", "Naam"]
    assert [row[1] for row in listed[1:]] == ["Welzijn Fryslân"]
    assert imported[0] == import_headers(OrganisationResource)
    assert [row[0] for row in imported[1:]] == ["Welzijn Fryslân"]


def test_the_contact_export_gives_both_column_sets_of_the_filtered_list(viewer_client):
    ContactPersonFactory(name="Anna de Vries", organisation__name="VNG")
    ContactPersonFactory(name="Bram Bakker", organisation__name="Divosa")
    url = reverse("overview:contact_export")

    listed = read(viewer_client.get(url, {"q": "Vries", "format": "xlsx", "columns": "list"}))
    imported = read(viewer_client.get(url, {"q": "Vries", "format": "xlsx", "columns": "import"}))

    assert listed[0][:3] == ["Naam", "Functie", "Organisatie"]
    assert [row[:1] + row[2:3] for row in listed[1:]] == [["Anna de Vries", "VNG"]]
    assert imported[0] == import_headers(ContactPersonResource)
    assert len(imported) == 2 and "Anna de Vries" in imported[1]


@pytest.mark.parametrize("columns", ["list", "import"])
def test_formula_cells_are_neutralised_in_both_column_sets(viewer_client, columns):
    OrganisationFactory(name='=HYPERLINK("http://evil")', acronym="+31", municipality="@SUM(A1)")

    rows = read(viewer_client.get(reverse("overview:organisation_export"), {"format": "xlsx", "columns": columns}))

    cells = [cell for row in rows[1:] for cell in row]
    assert '\'=HYPERLINK("http://evil")' in cells and "'@SUM(A1)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def add_directory(start, count):
    theme = ThemeFactory(slug="armoede-schulden")
    owner = UserFactory()
    for index in range(start, start + count):
        organisation = OrganisationFactory(name=f"Stakeholder {index:03d}", themes=[theme], owner=owner)
        MembershipFactory(organisation__name=f"Lid {index:03d}", organisation__themes=[theme])
        contact = ContactPersonFactory(organisation=organisation)
        contact.themes.add(theme)


@pytest.mark.parametrize(
    "url_name", ["overview:organisation_export", "overview:member_export", "overview:contact_export"]
)
@pytest.mark.parametrize("columns", ["list", "import"])
def test_an_export_runs_as_many_queries_for_ten_rows_as_for_one(
    viewer_client, django_assert_num_queries, url_name, columns
):
    ThemeFactory(slug="armoede-schulden")
    add_directory(0, 1)
    query = {"theme": "armoede-schulden", "format": "csv", "columns": columns}
    with django_assert_num_queries(8, exact=False) as few:
        rows = read(viewer_client.get(reverse(url_name), query))
    assert len(rows) == 2
    add_directory(1, 9)
    with django_assert_num_queries(len(few.captured_queries)):
        rows = read(viewer_client.get(reverse(url_name), query))
    assert len(rows) == 11


def test_the_list_pages_offer_both_downloads_with_the_filters(viewer_client):
    page = viewer_client.get(reverse("overview:organisation_list"), {"kind": "fonds", "page": "1"}).content.decode()
    export = reverse("overview:organisation_export")
    for label, query in [
        ("Deze lijst downloaden (Excel)", "format=xlsx&amp;columns=list"),
        ("Deze lijst downloaden (CSV)", "format=csv&amp;columns=list"),
        ("Exporteren voor import (Excel)", "format=xlsx&amp;columns=import"),
        ("Exporteren voor import (CSV)", "format=csv&amp;columns=import"),
    ]:
        assert label in page
        assert f'href="{export}?kind=fonds&amp;{query}"' in page


def test_the_old_csv_link_of_a_list_page_leads_to_its_export(viewer_client):
    response = viewer_client.get(reverse("overview:member_list"), {"province": "FR", "format": "csv", "page": "2"})
    assert response.status_code == 301
    assert response["Location"] == f"{reverse('overview:member_export')}?province=FR&format=csv&columns=list"
