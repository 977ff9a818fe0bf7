"""Export, import into an empty CRM, export again: the same file, for every kind, as CSV and as XLSX."""

import io

import openpyxl
import pytest

from core.dataexchange import read_bytes, write_csv, write_xlsx
from meetings.models import Attendance, Meeting, Overleg
from meetings.resources import MeetingResource, OverlegResource
from stakeholders.models import ContactPerson, Membership, Organisation
from stakeholders.resources import ContactPersonResource, OrganisationResource
from tests.exchange_data import build_exchange_data, wipe_domain

pytestmark = pytest.mark.django_db

# In the order an empty CRM is filled: what a row refers to must exist first.
RESOURCES = [OrganisationResource, ContactPersonResource, OverlegResource, MeetingResource]


def export_all(file_format):
    write = write_csv if file_format == "csv" else write_xlsx
    return {resource: write(resource().export()) for resource in RESOURCES}


def xlsx_cells(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def import_all(files, file_format):
    for resource, data in files.items():
        report = resource().run(read_bytes(data, f"file.{file_format}"), dry_run=False)
        assert not report.has_errors, report.errors()
        yield resource, report


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_export_import_into_an_empty_crm_and_export_again_gives_the_same_files(file_format):
    build_exchange_data()
    first = export_all(file_format)
    wipe_domain()
    assert not Organisation.objects.exists() and not Meeting.objects.exists()

    reports = dict(import_all(first, file_format))

    assert reports[OrganisationResource].new == 5
    assert reports[ContactPersonResource].new == 3
    assert reports[OverlegResource].new == 2
    assert reports[MeetingResource].new == 2
    assert Membership.objects.count() == 2
    assert Attendance.objects.count() == 2
    second = export_all(file_format)
    for resource in RESOURCES:
        if file_format == "csv":
            assert second[resource] == first[resource], resource.__name__
        else:
            # An XLSX is a zip with time stamps inside; "the same file" is the same cells.
            assert xlsx_cells(second[resource]) == xlsx_cells(first[resource]), resource.__name__


def test_the_round_trip_keeps_the_tricky_values():
    build_exchange_data()
    files = export_all("csv")
    wipe_domain()
    list(import_all(files, "csv"))
    vng = Organisation.objects.get(acronym="VNG")
    assert vng.notes == '=HYPERLINK("http://evil")\nTweede regel; met puntkomma'
    assert sorted(vng.themes.values_list("slug", flat=True)) == ["armoede-schulden", "jeugd-opvoeding"]
    assert vng.owner.username == "nienke"
    assert Organisation.objects.get(name="'s-Hertogenbosch Welzijn").membership.member_number == "L00042"
    jan = ContactPerson.objects.get(email="jan@vng.nl")
    assert (jan.name, jan.job_title, jan.processing_restricted) == ("Jan Coördinator", "-beleid", True)
    overleg = Overleg.objects.get(name="Landelijk overleg sociaal domein")
    assert overleg.recurrence_rule == "FREQ=MONTHLY;BYDAY=2TU"
    assert sorted(org.kind for org in overleg.organisations.all() if org.name == "Utrecht") == ["gemeente"]
    meeting = Meeting.objects.get(uid="11111111-2222-4333-8444-555555555555")
    assert {(a.user.username, a.role, a.status) for a in meeting.attendances.all()} == {
        ("nienke", "voorzitter", "aanwezig"),
        ("lex", "deelnemer", "afgemeld"),
    }


def test_exported_cells_cannot_run_as_formulas():
    build_exchange_data()
    text = write_csv(OrganisationResource().export()).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert ",=HYPERLINK" not in text
    cells = xlsx_cells(write_xlsx(MeetingResource().export()))
    assert all(not str(cell).startswith("=") for row in cells for cell in row if cell)


@pytest.mark.parametrize("resource", RESOURCES, ids=lambda r: r.__name__)
def test_reimporting_an_export_changes_nothing_and_says_unchanged(resource):
    build_exchange_data()
    data = write_csv(resource().export())
    counts_before = [model.objects.count() for model in (Organisation, ContactPerson, Overleg, Meeting, Attendance)]
    report = resource().run(read_bytes(data, "again.csv"), dry_run=False)
    assert (report.new, report.changed, report.invalid) == (0, 0, 0)
    assert report.unchanged == report.total > 0
    assert [
        model.objects.count() for model in (Organisation, ContactPerson, Overleg, Meeting, Attendance)
    ] == counts_before
    history = resource._meta.model.history.count()
    resource().run(read_bytes(data, "again.csv"), dry_run=False)
    assert resource._meta.model.history.count() == history
