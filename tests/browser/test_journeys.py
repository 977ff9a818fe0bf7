"""Journeys as a colleague makes them, in a real Chromium against the live application and demo data."""

import csv
import datetime
import io
import re

import icalendar
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import CalendarToken, Meeting
from swn_crm.models import User
from tests.browser.conftest import log_in


def test_colleague_logs_in_and_lands_on_the_dashboard(page, demo_data):
    page.goto(page.base_url + "/stakeholders/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/stakeholders/"))
    page.get_by_label("Gebruikersnaam").fill("nienke")
    page.get_by_label("Wachtwoord").fill("demo")
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url(re.compile(r"/stakeholders/$"))  # where she wanted to go
    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nienke")
    expect(page.get_by_role("heading", name=re.compile("Mijn bijeenkomsten deze week"))).to_be_visible()


def test_wrong_password_is_refused_with_a_dutch_message(page, demo_data):
    log_in(page, "nienke", password="fout")
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_find_vng_through_the_search_box_and_open_its_page(as_nienke):
    page = as_nienke
    page.get_by_label("Zoek organisaties, contactpersonen en overleggen").fill("VNG")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=VNG"))
    page.get_by_role("link", name=re.compile("Vereniging van Nederlandse Gemeenten")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vereniging van Nederlandse Gemeenten")


def test_filter_stakeholders_by_theme_and_kind_then_download_the_csv(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/stakeholders/")
    page.get_by_label("Thema").select_option(label="Politiek & lobby")
    page.get_by_label("Soort", exact=True).select_option(label="Ministerie")
    page.get_by_role("button", name="Filteren").click()
    expect(page).to_have_url(re.compile(r"theme=politiek-lobby"))
    expect(page).to_have_url(re.compile(r"kind=ministerie"))
    expect(page.locator("main")).to_contain_text("Ministerie van Volksgezondheid, Welzijn en Sport")
    expect(page.locator("main")).not_to_contain_text("Gemeente Amsterdam")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Deze lijst downloaden \(CSV\)")).click()
    content = download_info.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the accents right
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert "Ministerie van Volksgezondheid, Welzijn en Sport" in names
    assert all(name.startswith("Ministerie") for name in names), names


def test_week_overview_per_colleague_then_next_week(as_nienke):
    page = as_nienke
    page.get_by_role("link", name="Week", exact=True).click()
    year, week, _ = timezone.localdate().isocalendar()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Week {week}")
    page.get_by_role("link", name="Per collega").click()
    expect(page).to_have_url(re.compile(r"layout=colleague"))
    expect(page.get_by_role("columnheader", name="Collega")).to_be_visible()
    page.get_by_role("link", name=re.compile("Volgende week")).click()
    monday = datetime.date.fromisocalendar(year, week, 1) + datetime.timedelta(days=7)
    next_year, next_week, _ = monday.isocalendar()
    expect(page).to_have_url(re.compile(rf"/week/{next_year}-W{next_week:02d}/\?.*layout=colleague"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Week {next_week}")


def test_plan_a_meeting_with_two_colleagues_and_find_it_in_the_week_and_their_calendar(as_nienke):
    page = as_nienke
    eva = User.objects.get(username="eva")
    token = CalendarToken.objects.create(user=eva)
    page.goto(page.base_url + "/overleggen/?q=Preventieakkoord")
    page.get_by_role("link", name="Werkgroep Nationaal Preventieakkoord").first.click()
    page.get_by_role("link", name="Nieuwe bijeenkomst").click()

    day = timezone.localdate() + datetime.timedelta(days=10)
    page.locator("#id_title").fill("Extra werkgroep preventie: sociaal maakt gezond")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_start_time").fill("14:00")
    page.locator("#id_end_time").fill("15:30")
    page.locator("#id_seats-0-user").select_option(label="Eva Jansen")
    page.locator("#id_seats-1-user").select_option(label="Pieter Visser")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Extra werkgroep preventie")
    meeting = Meeting.objects.get(title="Extra werkgroep preventie: sociaal maakt gezond")
    assert set(meeting.attendances.values_list("user__username", flat=True)) == {"eva", "pieter"}

    iso_year, iso_week, _ = day.isocalendar()
    page.goto(page.base_url + f"/week/{iso_year}-W{iso_week:02d}/")
    expect(page.locator("main")).to_contain_text("Extra werkgroep preventie: sociaal maakt gezond")

    feed = page.request.get(page.base_url + f"/calendar/{token.token}.ics")
    assert feed.status == 200
    events = [
        e
        for e in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
        if str(e["UID"]).startswith(str(meeting.uid))
    ]
    assert len(events) == 1
    start = events[0].decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (day, 14, 0)
    assert str(start.tzinfo) == "Europe/Amsterdam"


def test_confirm_own_attendance_in_one_click(as_nienke):
    page = as_nienke
    nienke = User.objects.get(username="nienke")
    meeting = (
        Meeting.objects.filter(
            attendances__user=nienke, attendances__status="uitgenodigd", start__gt=timezone.now(), status="gepland"
        )
        .order_by("start")
        .first()
    )
    assert meeting is not None, "the demo data gives Nienke an open invitation"
    page.goto(page.base_url + f"/meetings/{meeting.pk}/")
    page.get_by_role("button", name="Ik ga", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Je gaat")
    assert meeting.attendances.get(user=nienke).status == "bevestigd"


def test_logged_out_colleague_is_refused_afterwards(as_nienke):
    page = as_nienke
    page.get_by_role("button", name="Nienke Kuyvenhoven").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(page.base_url + "/week/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/week/"))
