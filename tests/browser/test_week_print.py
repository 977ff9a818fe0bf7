"""The printed week fits one A4 landscape page: rendered to PDF by Chromium, pages counted.

The page is fetched with the test client and handed to Chromium with its stylesheets inlined,
so no live server (and no flushed database) is needed. Skipped when Chromium is missing.
"""

import datetime
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.staticfiles import finders

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, OverlegFactory, UserFactory
from themes.models import Theme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db,
    # Locally skipped without Chromium; in CI (CI=true) it runs and fails loudly instead.
    pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="Chromium is not installed"),
]


def normal_week(viewer):
    """Twenty meetings in ISO week 2026-W48, like a busy week of the demo data."""
    themes = list(Theme.objects.all()[:3])
    colleagues = [viewer, *UserFactory.create_batch(5)]
    tz = ZoneInfo("Europe/Amsterdam")
    for n in range(20):
        day = datetime.date(2026, 11, 23) + datetime.timedelta(days=n % 5)
        start = datetime.datetime.combine(day, datetime.time(9 + (n * 2) % 8), tzinfo=tz)
        organiser = OrganisationFactory(name=f"Vereniging van Nederlandse Gemeenten {n}", acronym="VNG")
        overleg = OverlegFactory(name=f"Regionaal overleg sociaal werk Noord-Holland {n}", organiser=organiser)
        overleg.themes.set(themes[: 1 + n % 3])
        meeting = MeetingFactory(
            overleg=overleg,
            title=overleg.name,
            start=start,
            end=start + datetime.timedelta(hours=2),
            location="Sociaal Werk Nederland, Utrecht",
            status=MeetingStatus.GEANNULEERD if n == 7 else MeetingStatus.GEPLAND,
        )
        for offset in range(1 + n % 3):
            AttendanceFactory(
                meeting=meeting,
                user=colleagues[(n + offset) % len(colleagues)],
                role=AttendanceRole.VOORZITTER if offset == 0 else AttendanceRole.DEELNEMER,
                status=AttendanceStatus.AFGEMELD if offset == 2 else AttendanceStatus.BEVESTIGD,
            )


def inline_stylesheets(html):
    """Replace <link rel=stylesheet href=/static/...> by the file's contents."""

    def inline(match):
        path = finders.find(match.group(1))
        return f"<style>{Path(path).read_text(encoding='utf-8')}</style>"

    html = re.sub(r'<link rel="stylesheet" href="/static/([^"]+)">', inline, html)
    return re.sub(r"<script[^>]*></script>", "", html)


def pdf_pages(html):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
        finally:
            browser.close()
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("query", ["", "?layout=colleague"])
def test_a_normal_week_prints_on_one_a4_landscape_page(viewer_client, viewer, query):
    normal_week(viewer)
    response = viewer_client.get(f"/week/2026-W48/{query}")
    assert response.context["board"].meeting_count == 20
    html = inline_stylesheets(response.content.decode())

    assert pdf_pages(html) == 1
