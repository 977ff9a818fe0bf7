"""The import pages: upload -> preview -> confirm, per persona; the export buttons of the list pages."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.dataexchange_views import SESSION_KEY
from meetings.models import Meeting
from stakeholders.models import Organisation
from tests.exchange_data import build_exchange_data
from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db

IMPORT_URLS = [
    "stakeholders:organisation_import",
    "stakeholders:contact_import",
    "meetings:overleg_import",
    "meetings:meeting_import",
]
EXPORT_URLS = [
    "overview:organisation_export",
    "overview:member_export",
    "overview:contact_export",
    "meetings:overleg_export",
    "meetings:meeting_export",
]
GOOD = "Naam;Soort organisatie;Thema's\r\nWelzijn Oost;Sociaalwerkorganisatie;armoede-schulden\r\n"


@pytest.fixture(autouse=True)
def import_dir(settings, tmp_path):
    settings.IMPORT_TEMP_DIR = tmp_path / "imports"
    return settings.IMPORT_TEMP_DIR


def upload(client, text, name="import.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        reverse("stakeholders:organisation_import"), {"step": "upload", "file": SimpleUploadedFile(name, data)}
    )


@pytest.mark.parametrize("url_name", IMPORT_URLS)
@pytest.mark.parametrize("persona", ["editor", "admin_user"])
def test_a_redacteur_and_a_beheerder_see_the_upload_form_with_the_columns(client, request, persona, url_name):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Voorbeeld tonen" in page
    assert "Kolommen" in page


@pytest.mark.parametrize("url_name", EXPORT_URLS)
@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_every_colleague_may_export_the_list_as_csv_and_xlsx(viewer_client, url_name, file_format):
    build_exchange_data()
    response = viewer_client.get(reverse(url_name), {"format": file_format})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{file_format}"')


def test_the_export_follows_the_filters_of_the_list(viewer_client):
    build_exchange_data()
    response = viewer_client.get(reverse("overview:organisation_export"), {"kind": "gemeente", "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Utrecht"]
    response = viewer_client.get(reverse("meetings:meeting_export"), {"week": "2026-W11"})
    text = response.content.decode("utf-8-sig")
    assert "Landelijk overleg sociaal domein" in text
    assert "Losse bijeenkomst" not in text


def test_the_list_pages_offer_export_to_everyone(viewer_client):
    page = viewer_client.get(reverse("overview:organisation_list")).content.decode()
    assert "Exporteren voor import (Excel)" in page
    assert reverse("stakeholders:organisation_import") not in page


def test_the_list_pages_offer_import_to_editors(editor_client):
    page = editor_client.get(reverse("overview:contact_list")).content.decode()
    assert reverse("stakeholders:contact_import") in page


def test_upload_shows_a_preview_and_writes_nothing_until_confirmed(editor_client):
    ThemeFactory(slug="armoede-schulden")
    response = upload(editor_client, GOOD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 rij importeren" in page
    assert "Welzijn Oost" in page
    assert not Organisation.objects.exists()
    token = response.context["token"]
    response = editor_client.post(reverse("stakeholders:organisation_import"), {"step": "confirm", "token": token})
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Welzijn Oost")
    assert {row.history_user.username for row in organisation.history.all()} == {"ruben"}
    page = editor_client.get(response["Location"]).content.decode()
    assert "Import klaar: 1 nieuw, 0 gewijzigd, 0 ongewijzigd." in page
    # The stored file is gone: confirming twice does nothing.
    again = editor_client.post(reverse("stakeholders:organisation_import"), {"step": "confirm", "token": token})
    assert again.status_code == 404
    assert Organisation.objects.count() == 1


def test_a_file_with_errors_shows_them_by_row_and_column_and_offers_no_confirmation(editor_client):
    response = upload(editor_client, "Naam;Soort organisatie\r\nGoed;branche\r\nFout;vereniging\r\n")
    page = response.content.decode()
    assert "Rij 3, kolom “Soort organisatie”: “vereniging” is geen van de keuzes" in page
    assert 'value="confirm"' not in page
    assert not Organisation.objects.exists()


def test_a_refused_file_comes_back_on_the_form_with_the_reason(editor_client):
    response = upload(editor_client, b"%PDF", name="leden.pdf")
    assert response.status_code == 400
    assert "Kies een CSV- of Excel-bestand (.csv of .xlsx)." in response.content.decode()


def test_confirm_checks_the_stored_file_again_and_refuses_a_changed_one(editor_client, import_dir):
    ThemeFactory(slug="armoede-schulden")
    token = upload(editor_client, GOOD).context["token"]
    (import_dir / f"{token}.upload").write_bytes(b"Naam;Soort organisatie\r\nAnders;branche\r\n")
    response = editor_client.post(reverse("stakeholders:organisation_import"), {"step": "confirm", "token": token})
    assert response.status_code == 404
    assert not Organisation.objects.exists()


def test_confirm_repeats_the_validation_and_writes_nothing_when_the_data_changed_meanwhile(editor_client):
    theme = ThemeFactory(slug="armoede-schulden")
    token = upload(editor_client, GOOD).context["token"]
    theme.delete()  # a colleague removed the theme between preview and confirm
    response = editor_client.post(reverse("stakeholders:organisation_import"), {"step": "confirm", "token": token})
    assert response.status_code == 400
    assert "Er is niets geïmporteerd" in response.content.decode()
    assert not Organisation.objects.exists()


def test_another_colleague_cannot_confirm_someone_elses_upload(editor_client, admin_user):
    from django.test import Client

    ThemeFactory(slug="armoede-schulden")
    token = upload(editor_client, GOOD).context["token"]
    other = Client()
    other.force_login(admin_user)
    response = other.post(reverse("stakeholders:organisation_import"), {"step": "confirm", "token": token})
    assert response.status_code == 404


def test_cancel_removes_the_stored_file(editor_client, import_dir):
    ThemeFactory(slug="armoede-schulden")
    token = upload(editor_client, GOOD).context["token"]
    editor_client.post(reverse("stakeholders:organisation_import"), {"step": "cancel", "token": token})
    assert not (import_dir / f"{token}.upload").exists()
    assert token not in editor_client.session.get(SESSION_KEY, {})


def test_an_unchanged_file_says_there_is_nothing_to_import(editor_client):
    build_exchange_data()
    export = editor_client.get(reverse("meetings:meeting_export"), {"format": "xlsx"}).content
    response = editor_client.post(
        reverse("meetings:meeting_import"), {"step": "upload", "file": SimpleUploadedFile("b.xlsx", export)}
    )
    assert "Alles in dit bestand staat al in het CRM" in response.content.decode()
    assert Meeting.objects.count() == 2


def test_the_preview_page_runs_the_same_queries_for_few_and_many_rows(editor_client):
    ThemeFactory(slug="armoede-schulden")

    def text(rows):
        return "Naam;Soort organisatie;Thema's\r\n" + "".join(
            f"Org {n};branche;armoede-schulden\r\n" for n in range(rows)
        )

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        upload(editor_client, text(2))
    with CaptureQueriesContext(connection) as many:
        upload(editor_client, text(30))
    assert len(few) == len(many)


@pytest.mark.parametrize(
    "model", ["stakeholders/organisation", "stakeholders/contactperson", "meetings/overleg", "meetings/meeting"]
)
def test_the_admin_offers_import_and_export(admin_client_, model):
    build_exchange_data()
    app, name = model.split("/")
    assert admin_client_.get(reverse(f"admin:{app}_{name}_import")).status_code == 200
    response = admin_client_.post(reverse(f"admin:{app}_{name}_export"), {"format": "0", "resource": "0"})
    assert response.status_code == 200


def test_the_admin_import_reads_a_semicolon_csv_and_imports_after_confirmation(admin_client_):
    ThemeFactory(slug="armoede-schulden")
    response = admin_client_.post(
        reverse("admin:stakeholders_organisation_import"),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("a.csv", GOOD.encode("cp1252"))},
    )
    assert response.status_code == 200
    confirm = response.context["confirm_form"]
    response = admin_client_.post(
        reverse("admin:stakeholders_organisation_process_import"), {**confirm.initial, "resource": "0"}
    )
    assert response.status_code == 302
    assert Organisation.objects.get().name == "Welzijn Oost"
