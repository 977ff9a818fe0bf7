"""Relationship work in a real Chromium: log a contact moment, tick off a follow-up, review an overleg."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from meetings.models import Overleg
from relations.models import ContactMoment
from stakeholders.models import Organisation
from swn_crm.models import User


def test_nienke_logs_a_call_and_sees_it_on_the_timeline(as_nienke):
    page = as_nienke
    vng = Organisation.objects.get(acronym="VNG")
    page.goto(f"{page.base_url}/stakeholders/{vng.pk}/")
    page.get_by_role("link", name="Contactmoment vastleggen").first.click()
    page.get_by_label("Telefoon").check()
    # With the time, so the call is the last contact even when a meeting with VNG began earlier today.
    page.get_by_label("Tijd").fill(timezone.localtime().strftime("%H:%M"))
    page.get_by_label("Korte samenvatting").fill("Gebeld over de Hervormingsagenda; VNG wil samen optrekken.")
    page.get_by_label("Actie: wat").fill("Gezamenlijke notitie opzetten")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_role("status").filter(has_text="Het contactmoment is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Gebeld over de Hervormingsagenda; VNG wil samen optrekken.")).to_be_visible()
    expect(page.get_by_text(re.compile("Laatste contact door Nienke Kuyvenhoven op"))).to_be_visible()
    moment = ContactMoment.objects.get(summary__startswith="Gebeld over de Hervormingsagenda")
    assert moment.follow_up_assignee == User.objects.get(username="nienke")

    page.locator(f"#contactmoment-{moment.pk}").get_by_role("link", name="Bewerken").click()
    page.get_by_label("Korte samenvatting").fill("Gebeld over de Hervormingsagenda; notitie volgt.")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Het contactmoment is opgeslagen.")).to_be_visible()
    moment.refresh_from_db()
    assert moment.summary == "Gebeld over de Hervormingsagenda; notitie volgt."


def test_nienke_ticks_off_a_follow_up_and_undoes_it(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/follow-ups/")
    first = page.locator("table tbody tr").first
    what = first.locator(".follow-up-text").inner_text()
    pk = int(re.search(r"/follow-ups/(\d+)/done/", first.locator("form").get_attribute("action")).group(1))
    first.get_by_role("button", name=re.compile("^Klaar")).click()

    expect(page.get_by_role("status").filter(has_text=f"Afgevinkt: “{what}”.")).to_be_visible()
    assert ContactMoment.objects.get(pk=pk).follow_up_done_at is not None
    page.get_by_role("button", name="Ongedaan maken").click()
    expect(page.get_by_role("status").filter(has_text=f"Weer open: “{what}”.")).to_be_visible()
    expect(page.locator("table tbody tr").first.locator(".follow-up-text")).to_have_text(what)
    assert ContactMoment.objects.get(pk=pk).follow_up_done_at is None


def test_nienke_reviews_an_overleg_and_the_decision_shows_on_its_page(as_nienke):
    page = as_nienke
    overleg = Overleg.objects.due_for_review().order_by("name").first()
    page.goto(f"{page.base_url}/overleggen/{overleg.pk}/")
    page.get_by_role("link", name="Beoordelen").click()
    page.get_by_label("2 – weinig").check()
    page.get_by_label("Wat het opleverde").fill("Vooral informatie; besluiten vallen elders.")
    page.get_by_label("Afschalen (minder mensen of minder vaak)").check()
    page.get_by_label("Onderbouwing").fill("Eén vertegenwoordiger is genoeg.")
    page.get_by_role("button", name="Beoordeling vastleggen").click()

    expect(page).to_have_url(re.compile(rf"/overleggen/{overleg.pk}/"))
    expect(page.get_by_role("status").filter(has_text="De beoordeling is vastgelegd.")).to_be_visible()
    expect(page.get_by_text("Eén vertegenwoordiger is genoeg.")).to_be_visible()
    assert overleg.reviews.get().reviewer.username == "nienke"
