"""The shared list and form skeletons (templates/core/list.html, core/form.html) as the pages use them."""

import pytest
from django.urls import reverse

from tests.factories import CoalitionFactory, OverlegFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "overview:organisation_list",
    "overview:member_list",
    "overview:contact_list",
    "meetings:overleg_list",
    "meetings:review_list",
    "lobby:coalition_list",
    "lobby:dossier_list",
    "relations:my_actions",
]


@pytest.mark.parametrize("url_name", LISTS)
def test_every_list_page_has_one_heading_and_its_filters(editor_client, url_name):
    response = editor_client.get(reverse(url_name))
    page = response.content.decode()
    assert "core/list.html" in [template.name for template in response.templates]
    assert page.count("<h1") == 1
    assert 'id="filter-heading"' in page


def test_a_page_past_the_end_says_so_above_the_list(viewer_client):
    page = viewer_client.get(reverse("overview:organisation_list"), {"page": "9"}).content.decode()
    assert 'class="alert alert-warning" role="status"' in page


def test_only_editors_see_the_import_button(client, viewer, editor):
    url = reverse("meetings:overleg_list")
    client.force_login(viewer)
    assert reverse("meetings:overleg_import") not in client.get(url).content.decode()
    client.force_login(editor)
    assert reverse("meetings:overleg_import") in client.get(url).content.decode()


def test_form_pages_extend_the_shared_form_and_keep_their_buttons(editor_client):
    overleg = OverlegFactory()
    coalition = CoalitionFactory()
    for url, submit in [
        (reverse("meetings:overleg_update", args=[overleg.pk]), "Opslaan"),
        (reverse("meetings:review_create", args=[overleg.pk]), "Beoordeling vastleggen"),
        (reverse("lobby:coalition_update", args=[coalition.pk]), "Opslaan"),
        (reverse("lobby:dossier_create"), "Opslaan"),
    ]:
        response = editor_client.get(url)
        page = response.content.decode()
        assert "core/form.html" in [template.name for template in response.templates], url
        assert page.count("<h1") == 1
        assert f'<button type="submit" class="btn btn-swn">{submit}</button>' in page, url
        assert "Terug zonder opslaan" in page


def test_a_form_with_errors_says_so_above_the_fields(editor_client):
    page = editor_client.post(reverse("lobby:dossier_create"), {}).content.decode()
    assert 'class="alert alert-danger" role="alert"' in page
