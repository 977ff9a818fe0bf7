"""Importing files: Dutch errors naming row and column, nothing written on any error, keys, encodings."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.dataexchange import ImportFileError, read_bytes, read_upload, write_csv
from meetings.models import Meeting
from meetings.resources import MeetingResource, OverlegResource
from stakeholders.models import ContactPerson, Membership, Organisation
from stakeholders.resources import ContactPersonResource, OrganisationResource
from tests.exchange_data import build_exchange_data
from tests.factories import MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "Naam;Soort organisatie;Thema's;Lidnummer;Lid sinds\r\n"


def run(resource, text, *, name="import.csv", encoding="utf-8", dry_run=False):
    return resource().run(read_bytes(text.encode(encoding), name), dry_run=dry_run)


def errors(report):
    return [(row, column, message) for row, column, message in report.errors()]


def snapshot():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        ContactPerson.objects.count(),
        Meeting.objects.count(),
    )


def test_a_new_organisation_with_membership_is_added():
    ThemeFactory(slug="armoede-schulden")
    report = run(
        OrganisationResource, HEADER + "Welzijn Noord;Sociaalwerkorganisatie;armoede-schulden;L00900;01-02-2020\r\n"
    )
    assert (report.new, report.invalid) == (1, 0), report.errors()
    organisation = Organisation.objects.get(name="Welzijn Noord")
    assert organisation.kind == "sociaalwerk"
    assert organisation.membership.member_number == "L00900"
    assert list(organisation.themes.values_list("slug", flat=True)) == ["armoede-schulden"]


def test_an_import_updates_the_organisation_with_that_member_number_instead_of_adding_one():
    member = MembershipFactory(member_number="L00123", organisation__name="Oude naam")
    report = run(OrganisationResource, "Naam;Soort organisatie;Lidnummer\r\nNieuwe naam;sociaalwerk;L00123\r\n")
    assert (report.new, report.changed) == (0, 1), report.errors()
    assert Organisation.objects.count() == 1
    member.organisation.refresh_from_db()
    assert member.organisation.name == "Nieuwe naam"


def test_an_import_matches_on_name_and_kind_without_a_member_number():
    OrganisationFactory(name="VNG", kind="branche", municipality="Utrecht")
    report = run(
        OrganisationResource, "Naam;Soort organisatie;Gemeente\r\nVNG;Branche- of beroepsorganisatie;Den Haag\r\n"
    )
    assert (report.new, report.changed) == (0, 1), report.errors()
    assert Organisation.objects.get().municipality == "Den Haag"
    assert report.rows[0]["cells"][2] == {"value": "Den Haag", "changed": True}
    assert report.rows[0]["cells"][0]["changed"] is False


def test_a_missing_column_is_named_and_nothing_is_written():
    before = snapshot()
    report = run(OrganisationResource, "Naam;Gemeente\r\nNieuw;Utrecht\r\n")
    assert report.has_errors
    assert "De kolom “Soort organisatie” ontbreekt." in report.problems
    assert snapshot() == before


def test_an_unknown_column_is_refused():
    report = run(OrganisationResource, "Naam;Soort organisatie;Themas\r\nNieuw;branche;x\r\n")
    assert any("Onbekende kolom “Themas”" in problem for problem in report.problems)
    assert not Organisation.objects.exists()


def test_a_bad_date_names_row_and_column_and_nothing_is_written():
    report = run(
        OrganisationResource,
        HEADER + "Goed;sociaalwerk;;L1;01-01-2020\r\nFout;sociaalwerk;;L2;31-02-2020\r\n",
    )
    assert errors(report) == [
        (3, "Lid sinds", "“31-02-2020” is geen datum; schrijf die als dd-mm-jjjj, bijvoorbeeld 31-12-2026.")
    ]
    assert not Organisation.objects.exists()


def test_an_unknown_theme_is_an_error_and_the_other_rows_are_not_written_either():
    ThemeFactory(slug="armoede-schulden")
    report = run(OrganisationResource, HEADER + "Een;branche;armoede-schulden;;\r\nTwee;branche;armoede; jeugd;;\r\n")
    ((row, column, message),) = errors(report)
    assert (row, column) == (3, "Thema's")
    assert "Onbekend thema “armoede”" in message
    assert not Organisation.objects.exists()


def test_a_key_used_twice_in_one_file_is_an_error_on_the_second_row():
    report = run(OrganisationResource, HEADER + "Een;branche;;L7;01-01-2020\r\nTwee;branche;;L7;01-01-2020\r\n")
    assert errors(report) == [
        (3, "", "Deze rij heeft dezelfde sleutel (lidnummer, of naam en soort) als rij 2 van dit bestand.")
    ]
    assert not Organisation.objects.exists()


def test_an_invalid_choice_lists_the_choices():
    report = run(OrganisationResource, "Naam;Soort organisatie\r\nNieuw;Vereniging\r\n")
    ((row, column, message),) = errors(report)
    assert (row, column) == (2, "Soort organisatie")
    assert message.startswith("“Vereniging” is geen van de keuzes: Branche- of beroepsorganisatie")


def test_an_unknown_colleague_is_an_error():
    report = run(OrganisationResource, "Naam;Soort organisatie;Relatiebeheerder\r\nNieuw;branche;piet\r\n")
    assert errors(report) == [
        (2, "Relatiebeheerder", "Onbekende collega “piet”; gebruik de gebruikersnaam, bijvoorbeeld nienke.")
    ]


def test_a_membership_ending_before_it_began_is_an_error():
    report = run(
        OrganisationResource,
        "Naam;Soort organisatie;Lidnummer;Lid sinds;Lid tot\r\nA;branche;L1;01-01-2020;01-01-2019\r\n",
    )
    assert errors(report) == [(2, "Lid tot", "Het lidmaatschap kan niet eindigen voordat het begon.")]


def test_a_file_in_an_unreadable_encoding_is_refused_with_a_clear_message():
    before = snapshot()
    with pytest.raises(ImportFileError, match="geen tekstbestand"):
        read_bytes(b"Naam;Soort\r\n\x00\x01\x02\x81\x8d", "import.csv")
    assert snapshot() == before


def test_windows_1252_from_excel_is_read_with_its_accents():
    report = run(
        OrganisationResource,
        "Naam;Soort organisatie;Provincie\r\nSociaal Werk Fryslân;sociaalwerk;Fryslân\r\n",
        encoding="cp1252",
    )
    assert report.new == 1, report.errors()
    assert Organisation.objects.get().province == "FR"


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf"], ids=["utf8", "utf8-bom"])
@pytest.mark.parametrize("separator", [",", ";"])
def test_utf8_with_or_without_bom_and_either_separator_is_read(prefix, separator):
    text = separator.join(["Naam", "Soort organisatie", "Notities"]) + "\r\n"
    text += separator.join(["Coördinatie", "branche", '"één, twee; drie"']) + "\r\n"
    import_file = read_bytes(prefix + text.encode("utf-8"), "x.csv")
    assert import_file.headers == ["Naam", "Soort organisatie", "Notities"]
    assert import_file.rows == [["Coördinatie", "branche", "één, twee; drie"]]


def test_an_xlsx_file_is_read_with_dates_and_numbers_from_excel():
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Naam", "Soort organisatie", "Lidnummer", "Lid sinds", "Invloed"])
    sheet.append(["Excel-lid", "sociaalwerk", 4711, datetime.datetime(2019, 5, 6), 4.0])
    buffer = io.BytesIO()
    book.save(buffer)
    report = OrganisationResource().run(read_bytes(buffer.getvalue(), "leden.xlsx"), dry_run=False)
    assert report.new == 1, report.errors()
    organisation = Organisation.objects.get()
    assert (
        organisation.membership.member_number,
        organisation.membership.since.isoformat(),
        organisation.influence,
    ) == (
        "4711",
        "2019-05-06",
        4,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leden.pdf", b"%PDF-1.4", "Kies een CSV- of Excel-bestand"),
        ("leden.xls", b"\xd0\xcf\x11\xe0", "oude Excel-formaat"),
        ("leden.xlsx", b"Naam;Soort", "geen Excel-bestand"),
        ("leden.xlsx", b"PK\x03\x04rubbish", "kan niet worden geopend"),
        ("leden.csv", b"", "leeg"),
    ],
)
def test_other_files_are_refused_with_a_dutch_message(name, content, message):
    with pytest.raises(ImportFileError, match=message):
        read_bytes(content, name)


def test_a_file_over_the_size_limit_is_refused(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(ImportFileError, match="te groot"):
        read_upload(SimpleUploadedFile("groot.csv", b"x" * 101))


def test_the_headers_may_be_english_too():
    report = run(OrganisationResource, "Name,Kind of organisation\r\nEnglish Org,Company\r\n")
    assert report.new == 1, report.errors()
    assert Organisation.objects.get().kind == "bedrijf"


def test_a_contact_is_matched_by_organisation_and_email_and_a_namesake_elsewhere_is_another_person():
    data = build_exchange_data()
    report = run(
        ContactPersonResource,
        "Organisatie;Naam;E-mail;Functie\r\n"
        "Vereniging van Nederlandse Gemeenten;Jan C.;jan@vng.nl;Directeur\r\n"
        "Utrecht [Gemeente];Jan C.;jan@utrecht.nl;\r\n",
    )
    assert (report.changed, report.new) == (1, 1), report.errors()
    data["jan"].refresh_from_db()
    assert (data["jan"].name, data["jan"].job_title) == ("Jan C.", "Directeur")
    assert ContactPerson.objects.filter(name="Jan C.").count() == 2


def test_an_ambiguous_organisation_name_asks_for_the_kind():
    build_exchange_data()
    report = run(ContactPersonResource, "Organisatie;Naam\r\nUtrecht;Piet\r\n")
    ((row, column, message),) = errors(report)
    assert (row, column) == (2, "Organisatie")
    assert "Er zijn meerdere organisaties met de naam “Utrecht”" in message
    report = run(ContactPersonResource, "Organisatie;Soort organisatie;Naam\r\nUtrecht;Gemeente;Piet\r\n")
    assert report.new == 1, report.errors()


def test_meeting_colleagues_are_read_with_role_and_status_and_replace_the_list():
    data = build_exchange_data()
    UserFactory(username="sanne")
    report = run(
        MeetingResource,
        "UID;Titel;Begin;Einde;Collega's\r\n"
        "11111111-2222-4333-8444-555555555555;Nieuwe titel;10-03-2026 10:00;10-03-2026 12:00;"
        '"nienke:voorzitter:aanwezig; sanne:Toehoorder"\r\n',
    )
    assert report.changed == 1, report.errors()
    meeting = data["meeting"]
    meeting.refresh_from_db()
    assert meeting.title == "Nieuwe titel"
    assert meeting.sequence == 1  # a new calendar version
    assert {(a.user.username, a.role, a.status) for a in meeting.attendances.all()} == {
        ("nienke", "voorzitter", "aanwezig"),
        ("sanne", "toehoorder", "uitgenodigd"),
    }


def test_meeting_errors_bad_datetime_and_end_before_start():
    build_exchange_data()
    report = run(
        MeetingResource,
        "Titel;Begin;Einde\r\nA;morgen;10-03-2026 12:00\r\nB;10-03-2026 12:00;10-03-2026 11:00\r\n",
    )
    assert [(row, column) for row, column, _message in errors(report)] == [(2, "Begin"), (3, "Einde")]
    assert Meeting.objects.count() == 2


def test_overleg_with_an_invalid_rhythm_is_an_error():
    report = run(OverlegResource, "Naam;Soort overleg;Ritme (herhalingsregel)\r\nNieuw;werkgroep;ELKE DINSDAG\r\n")
    assert report.has_errors
    assert report.invalid == 1


def test_the_preview_writes_nothing_and_its_query_count_does_not_grow_with_the_rows():
    build_exchange_data()

    def preview(rows):
        text = HEADER + "".join(f"Nieuw {n};branche;armoede-schulden;N{n};01-01-2020\r\n" for n in range(rows))
        with CaptureQueriesContext(connection) as queries:
            report = run(OrganisationResource, text, dry_run=True)
        assert report.new == rows, report.errors()
        return len(queries)

    before = snapshot()
    assert preview(2) == preview(40)
    assert snapshot() == before
    data = write_csv(ContactPersonResource().export())
    with CaptureQueriesContext(connection) as few:
        ContactPersonResource().run(read_bytes(data, "c.csv"), dry_run=True)
    build_exchange_data_more()
    data = write_csv(ContactPersonResource().export())
    with CaptureQueriesContext(connection) as many:
        ContactPersonResource().run(read_bytes(data, "c.csv"), dry_run=True)
    assert len(few) == len(many)


def build_exchange_data_more():
    organisation = OrganisationFactory()
    for n in range(15):
        ContactPerson.objects.create(organisation=organisation, name=f"Persoon {n}", email=f"p{n}@example.nl")


def test_a_row_with_more_cells_than_columns_is_refused_with_a_hint():
    with pytest.raises(ImportFileError, match="Rij 2 heeft meer gevulde cellen dan er kolomnamen zijn"):
        read_bytes(b"Naam;Soort organisatie\r\nA;branche;extra\r\n", "x.csv")
