"""The shared CSV writer: UTF-8 with BOM for Excel, comma-separated, formulas neutralised."""

import csv
import io

import pytest

from core.csv_export import csv_response, neutralise


@pytest.mark.parametrize("dangerous", ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tTAB", "\rCR"])
def test_cells_that_a_spreadsheet_would_run_as_a_formula_get_an_apostrophe(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


@pytest.mark.parametrize(("value", "cell"), [("VNG", "VNG"), (None, ""), (5, "5"), ("a=b", "a=b"), ("", "")])
def test_ordinary_cells_are_left_alone(value, cell):
    assert neutralise(value) == cell


def test_the_response_is_a_utf8_csv_attachment_with_bom_that_reads_back():
    response = csv_response(
        filename="proef", header=["Naam", "Plaats"], rows=[["Fryslân, Noord", "Ljouwert"], ['"Citaat"', "=cmd"]]
    )

    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="proef-')
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows == [["Naam", "Plaats"], ["Fryslân, Noord", "Ljouwert"], ['"Citaat"', "'=cmd"]]
    assert b"\r\n" in raw
