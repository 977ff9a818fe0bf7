"""The pictures of the field and the coalition form, as a colleague uses them in Chromium."""

import re

from playwright.sync_api import expect


def test_a_point_on_the_stakeholder_map_opens_the_organisation(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/themes/sociaal-gezond/")
    page.get_by_role("link", name="Stakeholderkaart", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stakeholderkaart: Sociaal & gezond")
    point = page.locator("svg.field-map a").first
    name = point.get_attribute("aria-label").split(":")[0]
    point.click()
    expect(page).to_have_url(re.compile(r"/stakeholders/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split(" (")[0])


def test_an_editor_records_a_coalition_with_a_partner(as_nienke):
    page = as_nienke
    page.goto(page.base_url + "/coalitions/")
    page.get_by_role("link", name="Nieuwe coalitie").click()
    page.get_by_label("Naam").fill("Coalitie Schuldhulp in de wijk")
    page.get_by_label("Soort coalitie").select_option(label="Regionaal of lokaal project")
    page.get_by_label("Startdatum").fill("2026-09-01")
    page.get_by_label("Partners toevoegen").select_option(label="Divosa")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status").first).to_contain_text("De coalitie is opgeslagen.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Coalitie Schuldhulp in de wijk")
    page.get_by_role("link", name="Bewerken").first.click()
    page.get_by_label("Rol van Divosa").select_option(label="Trekker")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("heading", name=re.compile("Trekker"))).to_be_visible()
