"""Ids from query strings and forms are checked where they arrive: a bad one is "not found" or
"not a valid choice", never a database error."""

import pytest

from core.ids import ModelMultipleChoiceField, parse_id
from tests.factories import OrganisationFactory, OverlegFactory
from themes.models import Theme

HUGE = "99999999999999999999"


@pytest.mark.parametrize("text", ["", " ", "abc", "-1", "1e3", "٣", HUGE, None])
def test_a_text_that_is_no_id_parses_to_none(text):
    assert parse_id(text) is None


def test_an_id_parses_to_its_number():
    assert parse_id(" 42 ") == 42


@pytest.mark.django_db
def test_an_out_of_range_number_among_chosen_ids_is_not_a_valid_choice():
    theme = Theme.objects.create(name="Armoede", slug="armoede")
    field = ModelMultipleChoiceField(queryset=Theme.objects.all())
    assert list(field.clean([str(theme.pk)])) == [theme]
    with pytest.raises(Exception) as error:
        field.clean([str(theme.pk), HUGE])
    assert error.value.code == "invalid_choice"


@pytest.mark.django_db
def test_a_form_posting_a_huge_id_answers_with_the_form_and_a_dutch_message(editor_client):
    from tests.helpers import post_edit

    overleg = OverlegFactory()
    response = post_edit(editor_client, f"/overleggen/{overleg.pk}/edit/", {"name": overleg.name, "delegates": HUGE})
    assert response.status_code == 200
    assert "geen beschikbare keuze" in response.content.decode() or "geldige keuze" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("query", [f"?overleg={HUGE}", "?overleg=abc", "?overleg=%00"])
def test_a_malformed_overleg_in_the_new_meeting_address_opens_an_empty_form(editor_client, query):
    assert editor_client.get(f"/meetings/new/{query}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("value", [HUGE, "abc", ""])
def test_a_malformed_organisation_for_a_new_contact_moment_is_not_found(viewer_client, value):
    OrganisationFactory()
    assert viewer_client.get(f"/contact-moments/new/?organisation={value}").status_code == 404
