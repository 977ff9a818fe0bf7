"""Journeys as a colleague makes them, in a real Chromium."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import log_in


def test_colleague_logs_in_and_lands_on_the_dashboard(page, demo_data):
    page.goto(page.base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    log_in(page, "nienke")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nienke")
    expect(page.get_by_role("heading", name=re.compile("Mijn bijeenkomsten deze week"))).to_be_visible()


def test_wrong_password_is_refused_with_a_dutch_message(page, demo_data):
    log_in(page, "nienke", password="fout")
    expect(page.get_by_role("alert")).to_contain_text("gebruikersnaam")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_logged_out_colleague_is_refused_afterwards(as_nienke):
    page = as_nienke
    page.get_by_role("button", name="Nienke Kuyvenhoven").click()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.goto(page.base_url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/"))
