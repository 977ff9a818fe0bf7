"""/overleggen/ export: the list as shown or the import format, with the list's filters, at a fixed query count."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.choices import OverlegKind
from meetings.resources import OverlegResource
from tests.factories import OverlegFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def read_csv(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_overleg_export_gives_both_column_sets_of_the_filtered_list(viewer_client):
    delegate = UserFactory(first_name="Lex", last_name="de Boer")
    OverlegFactory(name="Werkgroep armoede", kind=OverlegKind.WERKGROEP).delegates.add(delegate)
    OverlegFactory(name="Ledencommissie Noord", kind=OverlegKind.LEDENCOMMISSIE)
    url = reverse("meetings:overleg_export")

    listed = read_csv(viewer_client.get(url, {"kind": OverlegKind.WERKGROEP, "format": "csv", "columns": "list"}))
    imported = read_csv(viewer_client.get(url, {"kind": OverlegKind.WERKGROEP, "format": "csv", "columns": "import"}))

    header = listed[0]
    assert header[0] == "Naam" and "Vertegenwoordigers SWN" in header
    assert [row[0] for row in listed[1:]] == ["Werkgroep armoede"]
    assert listed[1][header.index("Vertegenwoordigers SWN")] == "Lex de Boer"
    with translation.override("nl"):
        assert imported[0] == [str(h) for h in OverlegResource().get_export_headers()]
    assert [row[0] for row in imported[1:]] == ["Werkgroep armoede"]


@pytest.mark.parametrize("columns", ["list", "import"])
def test_the_overleg_export_runs_as_many_queries_for_ten_overleggen_as_for_one(
    viewer_client, django_assert_num_queries, columns
):
    theme = ThemeFactory()

    def add(count):
        for _ in range(count):
            overleg = OverlegFactory(themes=[theme])
            overleg.delegates.add(UserFactory())

    add(1)
    query = {"format": "csv", "columns": columns}
    with django_assert_num_queries(10, exact=False) as few:
        assert len(read_csv(viewer_client.get(reverse("meetings:overleg_export"), query))) == 2
    add(9)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(read_csv(viewer_client.get(reverse("meetings:overleg_export"), query))) == 11
