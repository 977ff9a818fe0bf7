"""The shared CSV writer: UTF-8 with BOM for Excel, comma-separated, formulas neutralised."""

import pytest

from core.csv_export import neutralise


@pytest.mark.parametrize("dangerous", ["=1+1", "+31 6 1234", "-2", "@SUM(A1)", "\tTAB", "\rCR"])
def test_cells_that_a_spreadsheet_would_run_as_a_formula_get_an_apostrophe(dangerous):
    assert neutralise(dangerous) == "'" + dangerous


@pytest.mark.parametrize(("value", "cell"), [("VNG", "VNG"), (None, ""), (5, "5"), ("a=b", "a=b"), ("", "")])
def test_ordinary_cells_are_left_alone(value, cell):
    assert neutralise(value) == cell
