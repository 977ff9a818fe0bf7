"""Every string a user reads is translated: templates carry no bare text, the catalogue is complete."""

import ast
import re
from pathlib import Path

import polib
import pytest
from django.template.base import Lexer, TokenType

REPO = Path(__file__).resolve().parents[2]
APPS = ["swn_crm", "themes", "stakeholders", "meetings"]
# Text that is the same in every language: names, units, punctuation.
ALLOWED_TEXT = {"SWN CRM", "SWN", "CSV", "iCal", "ICS", "Bootstrap", "Sociaal Werk Nederland", "×", "–", "·", "→", "←"}


def visible_text(template_source):
    """Text a user would read that is not inside {% translate %} or {% blocktranslate %}.

    Template tags are dropped and variables become a neutral placeholder, then HTML is removed
    from the whole document at once (a tag may be split by an {% if %}); the readable attributes
    (aria-label, title, placeholder, alt) are checked as text too.
    """
    parts, skipping = [], None
    for token in Lexer(template_source).tokenize():
        if token.token_type is TokenType.BLOCK:
            command = token.contents.split()[0] if token.contents.split() else ""
            if skipping and command == skipping:
                skipping = None
            elif command in {"blocktranslate", "blocktrans"}:
                skipping = "end" + command
            elif command == "comment":
                skipping = "endcomment"
            elif command == "block" and token.contents.split()[1].endswith("_class"):
                skipping = "endblock"  # a CSS class list, e.g. {% block container_class %}
            continue
        if skipping:
            continue
        if token.token_type is TokenType.VAR:
            parts.append("\x00")
        elif token.token_type is TokenType.TEXT:
            parts.append(token.contents)
    document = "".join(parts)
    document = re.sub(r"<!--.*?-->", " ", document, flags=re.S)
    document = re.sub(r"<(script|style)\b.*?</\1>", " ", document, flags=re.S)
    attributes = re.findall(r"\b(?:aria-label|title|placeholder|alt)=\"([^\"]*)\"", document)
    text = re.sub(r"<[^>]*>", "\n", document, flags=re.S)
    text = re.sub(r"&[#\w]+;", " ", text)
    for line in [*text.splitlines(), *attributes]:
        line = line.replace("\x00", " ").strip(" \t\"'>/()[],.:;|·–-")
        if line and re.search(r"[A-Za-z]{2,}", line) and line not in ALLOWED_TEXT:
            yield line


def templates():
    for path in sorted((REPO / "templates").rglob("*.html")):
        yield pytest.param(path, id=str(path.relative_to(REPO / "templates")))


@pytest.mark.parametrize("path", list(templates()))
def test_templates_have_no_untranslated_text(path):
    source = path.read_text()
    if "{% load i18n" not in source and not list(visible_text(source)):
        return
    assert list(visible_text(source)) == []


def test_dutch_catalogue_has_every_string_translated():
    po = polib.pofile(str(REPO / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


def test_compiled_catalogue_is_up_to_date():
    po = polib.pofile(str(REPO / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(REPO / "locale" / "nl" / "LC_MESSAGES" / "django.mo"))
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"run 'make messages': {entry.msgid!r} is not compiled"


def _gettext_strings():
    po = polib.pofile(str(REPO / "locale" / "nl" / "LC_MESSAGES" / "django.po"))
    return {e.msgid for e in po}


USER_FACING_CALLS = {"success", "info", "warning", "error", "add_message", "ValidationError", "message_user"}


def test_python_messages_to_users_are_marked_for_translation():
    """messages.success("...") or ValidationError("...") with a bare literal would show untranslated text."""
    offenders = []
    for app in APPS:
        for path in (REPO / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name not in USER_FACING_CALLS:
                    continue
                for arg in node.args:
                    if (
                        isinstance(arg, ast.Constant)
                        and isinstance(arg.value, str)
                        and re.search("[A-Za-z]{3}", arg.value)
                    ):
                        offenders.append(f"{path.relative_to(REPO)}:{node.lineno}: {arg.value!r}")
    assert offenders == []
