"""Accessibility, phone width and print, checked in Chromium on the demo data.

axe-core (bundled by axe-playwright-python) runs on every main page: no serious or critical
violation is allowed. Keyboard-only use is tried for the week navigation and the stakeholder
filter; the pages colleagues use on the road must fit 375 px without sideways scrolling.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db.models import Count
from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Meeting, Overleg
from stakeholders.models import Organisation

PHONE = {"width": 375, "height": 800}


def main_pages():
    organisation = Organisation.objects.get(acronym="VNG")
    overleg = Overleg.objects.annotate(n=Count("meetings")).order_by("-n").first()
    meeting = Meeting.objects.filter(start__gte=timezone.now()).order_by("start").first()
    return [
        "/",
        "/week/",
        "/week/?layout=colleague",
        "/stakeholders/",
        "/stakeholders/?theme=politiek-lobby&kind=gemeente",
        f"/stakeholders/{organisation.pk}/",
        "/members/",
        "/contacts/",
        "/themes/",
        "/themes/sociaal-gezond/",
        "/overleggen/",
        f"/overleggen/{overleg.pk}/",
        f"/meetings/{meeting.pk}/",
        f"/meetings/{meeting.pk}/edit/",
        "/meetings/new/",
        "/overleggen/new/",
        "/search/?q=VNG",
        "/account/",
    ]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_main_pages_have_no_serious_accessibility_violations(as_nienke):
    page = as_nienke
    problems = {}
    for path in main_pages():
        page.goto(page.base_url + path)
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_login_page_has_no_serious_accessibility_violations(page, demo_data):
    page.goto(page.base_url + "/accounts/login/")
    assert serious_violations(page) == []


def focus_by_tabbing(page, name, limit=80):
    """Press Tab until the element with this accessible text has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.innerText || document.activeElement.value || ''")
        if re.search(name, text or ""):
            return
    raise AssertionError(f"{name!r} cannot be reached with the Tab key")


def test_skip_link_is_the_first_stop_and_moves_to_the_content(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/week/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Direct naar de inhoud" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_week_navigation_with_the_keyboard_only(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/week/")
    heading = page.get_by_role("heading", level=1).inner_text()
    focus_by_tabbing(page, r"Volgende week")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused link must show where the focus is"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).not_to_have_text(heading)
    focus_by_tabbing(page, r"Per collega")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"layout=colleague"))


def test_stakeholder_filter_with_the_keyboard_only(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/stakeholders/")
    page.get_by_label("Thema").focus()  # reached by Tab as well; the select is then driven by keys
    page.keyboard.type("Politiek")
    focus_by_tabbing(page, r"^Filteren$")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"theme=politiek-lobby"))


def test_every_form_field_has_a_label(as_nienke):
    page = as_nienke
    unlabeled = {}
    for path in ["/stakeholders/", "/members/", "/week/", "/meetings/new/", "/overleggen/new/", "/contacts/"]:
        page.goto(page.base_url + path)
        missing = page.evaluate(
            """() => [...document.querySelectorAll(
                    'input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea')]
                .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                               && !el.getAttribute('aria-labelledby'))
                .map(el => el.name || el.id)"""
        )
        if missing:
            unlabeled[path] = missing
    assert unlabeled == {}


@pytest.mark.parametrize("path", ["/week/", "/week/?layout=colleague", "/stakeholders/", "ORGANISATION"])
def test_phone_width_has_no_sideways_scrolling(as_nienke, path):
    page = as_nienke
    if path == "ORGANISATION":
        path = f"/stakeholders/{Organisation.objects.get(acronym='VNG').pk}/"
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{path} is {width}px wide at 375px"


def test_cancelled_meetings_say_so_in_text_not_only_by_strike_through(as_nienke):
    page = as_nienke
    # One a colleague still has in their agenda, so the per-colleague layout shows it too.
    cancelled = (
        Meeting.objects.filter(status="geannuleerd")
        .exclude(attendances__isnull=True)
        .exclude(attendances__status="afgemeld")
        .order_by("-start")
        .first()
    )
    year, week, _ = timezone.localtime(cancelled.start).isocalendar()
    for layout in ("", "?layout=colleague"):
        page.goto(page.base_url + f"/week/{year}-W{week:02d}/{layout}")
        card = page.locator(".week-meeting-cancelled", has_text=cancelled.title).first
        expect(card).to_contain_text("Geannuleerd")


def test_organisation_page_prints_as_a_briefing_without_navigation(as_nienke):
    page = as_nienke
    page.goto(page.base_url + f"/stakeholders/{Organisation.objects.get(acronym='VNG').pk}/")
    page.emulate_media(media="print")
    assert not page.locator("nav.navbar").is_visible()
    assert not page.locator("footer").is_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
