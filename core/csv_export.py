"""CSV cells that open correctly in Excel and cannot smuggle formulas into it (used by every export).

Format: UTF-8 with a byte-order mark, comma-separated, RFC 4180 quoting, CRLF line ends.
- The BOM is what makes Excel read the file as UTF-8 ("Fryslân", "Coördinator"), without it
  Excel guesses Windows-1252 and mangles every accent.
- The comma is the RFC 4180 separator: LibreOffice, Google Sheets, Numbers, Power Query, pandas and
  the csv module read it without guessing, and Excel's "Gegevens > Van tekst/CSV" detects it.
  A semicolon would suit only Excel with Dutch regional settings when a file is double-clicked;
  `DELIMITER` is the one place to change if the users ask for that.
- Formula injection: a cell starting with = + - @ tab or carriage return is run as a formula by
  spreadsheet programs (OWASP "CSV Injection"), so such cells get a leading apostrophe.
"""

import re

DELIMITER = ","


# Formula-looking text, also after apostrophes: "'=x" gets one more, so unneutralise() can always
# take exactly one off and give back the original ("'s-Hertogenbosch" is left alone).
NEEDS_APOSTROPHE = re.compile(r"'*[=+\-@\t\r]")
ADDED_APOSTROPHE = re.compile(r"'+[=+\-@\t\r]")


def neutralise(value):
    """The cell text for `value`: None becomes empty, formula-looking text gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if NEEDS_APOSTROPHE.match(text):
        return "'" + text
    return text


def unneutralise(text):
    """Undo `neutralise` when reading a cell back: take off the one apostrophe it added."""
    if ADDED_APOSTROPHE.match(text):
        return text[1:]
    return text
