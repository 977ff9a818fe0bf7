"""/coalitions/: coalitions with their partners and joint statements, and editing them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from lobby.coalitions import coalition_events_for
from lobby.models import Coalition, CoalitionPartner, JointStatement, StatementSignatory
from lobby.services import save_coalition
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    JointStatementFactory,
    OrganisationFactory,
    StatementSignatoryFactory,
    ThemeFactory,
    UserFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db


def names(response):
    return sorted(coalition.name for coalition in response.context["coalitions"])


def posted(form, formset=None):
    """What a browser sends back for `form` (and `formset`) as they were opened, snapshot included."""
    data = {}
    for bound in [form, *(formset.forms if formset else [])]:
        for field in bound:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(value, (list, tuple)):
                data[field.html_name] = [str(getattr(v, "pk", v)) for v in value]
            elif value is True:
                data[field.html_name] = "on"
            else:
                data[field.html_name] = str(getattr(value, "pk", value))
    if formset is not None:
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
    return data


# -- The list ------------------------------------------------------------------------------------------


def test_the_list_shows_kind_status_period_partners_and_contact(viewer_client):
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    coalition = CoalitionFactory(
        name="Lobbytraject Gemeentefonds 2027",
        start=datetime.date(2026, 1, 5),
        end=datetime.date(2027, 6, 30),
        contact=UserFactory(first_name="Joost", last_name="van Dijk"),
    )
    CoalitionPartnerFactory(coalition=coalition, organisation=vng, role="trekker")
    JointStatementFactory(coalition=coalition)

    html = viewer_client.get("/coalitions/").content.decode()

    assert "Lobbytraject Gemeentefonds 2027" in html
    assert "Lobbytraject" in html and "Lopend" in html
    assert "5 jan 2026 – 30 jun 2027" in html
    assert "1 partner:" in html and "(VNG)" in html and "(trekker)" in html
    assert "1 gezamenlijke verklaring" in html
    assert "Joost van Dijk" in html


def test_the_list_filters_on_text_theme_kind_status_partner_and_day(viewer_client):
    armoede = Theme.objects.get(slug="armoede-schulden")
    divosa = OrganisationFactory(name="Divosa")
    a = CoalitionFactory(
        name="Actie Armoede onder werkenden",
        kind="actie",
        themes=[armoede],
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 6, 30),
    )
    CoalitionPartnerFactory(coalition=a, organisation=divosa)
    CoalitionFactory(
        name="Landelijk programma Eén tegen eenzaamheid", kind="landelijk_programma", start=datetime.date(2018, 3, 1)
    )
    CoalitionFactory(
        name="Open brief",
        kind="actie",
        status="afgerond",
        start=datetime.date(2018, 9, 1),
        end=datetime.date(2018, 10, 1),
    )

    def get(query):
        return names(viewer_client.get(f"/coalitions/?{query}"))

    assert get("q=armoede") == ["Actie Armoede onder werkenden"]
    assert get("q=divosa") == ["Actie Armoede onder werkenden"]
    assert get("theme=armoede-schulden") == ["Actie Armoede onder werkenden"]
    assert get("kind=actie") == ["Actie Armoede onder werkenden", "Open brief"]
    assert get("status=afgerond") == ["Open brief"]
    assert get(f"partner={divosa.pk}") == ["Actie Armoede onder werkenden"]
    assert get("active_on=2018-09-17") == ["Landelijk programma Eén tegen eenzaamheid", "Open brief"]
    assert get("active_on=2026-07-01") == ["Landelijk programma Eén tegen eenzaamheid"]


@pytest.mark.parametrize("query", ["kind=soep", "status=x", "partner=abc", "active_on=morgen", "theme=nee", "page=99"])
def test_bad_filter_values_give_a_normal_page_with_a_dutch_message(viewer_client, query):
    CoalitionFactory(name="De enige coalitie")
    response = viewer_client.get(f"/coalitions/?{query}")
    assert response.status_code == 200
    assert "De enige coalitie" in response.content.decode()


def test_the_empty_list_says_what_to_do(viewer_client):
    assert "Een redacteur kan ze vastleggen" in viewer_client.get("/coalitions/").content.decode()


def test_the_empty_list_invites_an_editor_to_record_the_first(editor_client):
    html = editor_client.get("/coalitions/").content.decode()
    assert "Nieuwe coalitie" in html and 'href="/coalitions/new/"' in html


def _coalitions(n, start=0):
    for index in range(start, start + n):
        coalition = CoalitionFactory(name=f"Coalitie {index:03d}", themes=[Theme.objects.first()])
        for role in ("trekker", "partner"):
            CoalitionPartnerFactory(coalition=coalition, role=role)
        JointStatementFactory(coalition=coalition)


def test_the_list_query_count_does_not_grow(viewer_client, django_assert_num_queries):
    _coalitions(1)
    with django_assert_num_queries(10) as few:
        viewer_client.get("/coalitions/")
    _coalitions(10, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/coalitions/")
    assert len(response.context["coalitions"]) == 11


# -- The coalition page -----------------------------------------------------------------------------------


def test_the_page_shows_partners_by_role_and_statements_with_co_signers_and_logo_permission(viewer_client):
    coalition = CoalitionFactory(name="Open brief Vakmanschap", description="Een lans voor het vakmanschap.")
    bpsw = OrganisationFactory(name="BPSW")
    lhv = OrganisationFactory(name="Landelijke Huisartsen Vereniging", acronym="LHV")
    nvvk = OrganisationFactory(name="NVVK")
    CoalitionPartnerFactory(coalition=coalition, organisation=bpsw, role="trekker")
    CoalitionPartnerFactory(coalition=coalition, organisation=lhv, role="medeondertekenaar")
    CoalitionPartnerFactory(coalition=coalition, organisation=nvvk, role="medeondertekenaar")
    statement = JointStatementFactory(
        coalition=coalition,
        title="Open brief in de Volkskrant",
        date=datetime.date(2018, 9, 17),
        url="https://www.volkskrant.nl/",
    )
    StatementSignatoryFactory(statement=statement, organisation=lhv, logo_allowed=True)
    StatementSignatoryFactory(statement=statement, organisation=nvvk, logo_allowed=False)

    response = viewer_client.get(f"/coalitions/{coalition.pk}/")
    html = response.content.decode()

    assert [(group["label"], len(group["partners"])) for group in response.context["roles"]] == [
        ("Trekker", 1),
        ("Medeondertekenaar", 2),
    ]
    assert "Een lans voor het vakmanschap." in html
    assert "Open brief in de Volkskrant" in html and "17 september 2018" in html
    assert "Medeondertekend door 2 organisaties" in html
    assert "logo mag gebruikt worden" in html and "logo mag niet gebruikt worden" in html
    assert 'href="https://www.volkskrant.nl/"' in html
    assert "Bewerken" not in html  # a viewer edits nothing


def test_an_unknown_coalition_is_not_found(viewer_client):
    assert viewer_client.get("/coalitions/999999/").status_code == 404


def test_the_page_query_count_does_not_grow(viewer_client, django_assert_num_queries):
    coalition = CoalitionFactory(themes=[Theme.objects.first()])
    CoalitionPartnerFactory(coalition=coalition)
    StatementSignatoryFactory(statement=JointStatementFactory(coalition=coalition))
    with django_assert_num_queries(9) as few:
        viewer_client.get(f"/coalitions/{coalition.pk}/")
    for _ in range(8):
        partner = CoalitionPartnerFactory(coalition=coalition)
        statement = JointStatementFactory(coalition=coalition)
        StatementSignatoryFactory(statement=statement, organisation=partner.organisation)
        coalition.themes.add(ThemeFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get(f"/coalitions/{coalition.pk}/")


# -- Rules in the database -------------------------------------------------------------------------------


def test_a_coalition_cannot_end_before_it_starts():
    coalition = CoalitionFactory.build(start=datetime.date(2026, 5, 1), end=datetime.date(2026, 4, 1))
    with pytest.raises(ValidationError):
        coalition.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        coalition.save()


def test_an_organisation_is_a_partner_of_a_coalition_once():
    partner = CoalitionPartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionPartner.objects.create(coalition=partner.coalition, organisation=partner.organisation)


def test_a_statement_needs_a_text_or_a_link():
    with pytest.raises(IntegrityError), transaction.atomic():
        JointStatementFactory(text="", url="")


def test_save_coalition_replaces_the_partner_list_and_keeps_signatures():
    coalition = CoalitionFactory()
    stays, goes, new = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    CoalitionPartnerFactory(coalition=coalition, organisation=stays, role="partner")
    CoalitionPartnerFactory(coalition=coalition, organisation=goes)
    signed = StatementSignatoryFactory(statement=JointStatementFactory(coalition=coalition), organisation=goes)

    save_coalition(coalition=coalition, themes=[], partners={stays: "trekker", new: "medeondertekenaar"})

    assert set(coalition.partners.values_list("organisation", "role")) == {
        (stays.pk, "trekker"),
        (new.pk, "medeondertekenaar"),
    }
    assert StatementSignatory.objects.filter(pk=signed.pk).exists()


# -- Editing ----------------------------------------------------------------------------------------------


def test_a_viewer_cannot_create_a_coalition_by_posting(viewer_client):
    response = viewer_client.post("/coalitions/new/", {"name": "Stiekem", "kind": "actie", "start": "2026-01-01"})
    assert response.status_code == 403
    assert not Coalition.objects.exists()


def test_an_editor_creates_a_coalition_with_partners(editor_client):
    armoede = Theme.objects.get(slug="armoede-schulden")
    divosa, nvvk = OrganisationFactory(name="Divosa"), OrganisationFactory(name="NVVK")
    sanne = UserFactory(first_name="Sanne", is_colleague=True)
    form = editor_client.get("/coalitions/new/").context["form"]
    assert "add_partners" in form.fields

    response = editor_client.post(
        "/coalitions/new/",
        {
            "name": "Actie Armoede onder werkenden",
            "kind": "actie",
            "status": "lopend",
            "start": "2026-09-01",
            "end": "",
            "contact": str(sanne.pk),
            "themes": [str(armoede.pk)],
            "description": "Werk moet lonen.",
            "add_partners": [str(divosa.pk), str(nvvk.pk)],
            "add_role": "partner",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )

    coalition = Coalition.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/coalitions/{coalition.pk}/"
    assert list(coalition.themes.all()) == [armoede]
    assert set(coalition.partners.values_list("organisation__name", "role")) == {
        ("Divosa", "partner"),
        ("NVVK", "partner"),
    }
    assert "De coalitie is opgeslagen." in editor_client.get(response["Location"]).content.decode()


def test_an_editor_changes_a_role_removes_a_partner_and_adds_one(editor_client):
    coalition = CoalitionFactory(name="Coalitie Sociaal Werk & Huisartsen")
    lhv, ineen, vvn = (
        OrganisationFactory(name="LHV"),
        OrganisationFactory(name="InEen"),
        OrganisationFactory(name="V&VN"),
    )
    CoalitionPartnerFactory(coalition=coalition, organisation=lhv, role="partner")
    CoalitionPartnerFactory(coalition=coalition, organisation=ineen, role="partner")
    page = editor_client.get(f"/coalitions/{coalition.pk}/edit/")
    assert 'name="concurrency_snapshot"' in page.content.decode()
    data = posted(page.context["form"], page.context["partners"])
    rows = {form.instance.organisation.name: form for form in page.context["partners"].forms}
    data[rows["LHV"]["role"].html_name] = "trekker"
    data[rows["InEen"]["DELETE"].html_name] = "on"
    data["add_partners"] = [str(vvn.pk)]
    data["add_role"] = "medeondertekenaar"

    response = editor_client.post(f"/coalitions/{coalition.pk}/edit/", data)

    assert response.status_code == 302, response.context["form"].errors
    assert set(coalition.partners.values_list("organisation__name", "role")) == {
        ("LHV", "trekker"),
        ("V&VN", "medeondertekenaar"),
    }


def test_an_end_before_the_start_comes_back_with_a_dutch_error_and_the_input_kept(editor_client):
    response = editor_client.post(
        "/coalitions/new/",
        {
            "name": "Mijn coalitie",
            "kind": "actie",
            "status": "lopend",
            "start": "2026-05-01",
            "end": "2026-04-01",
            "add_role": "partner",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De einddatum kan niet voor de startdatum liggen." in html
    assert 'value="Mijn coalitie"' in html
    assert not Coalition.objects.exists()


def test_letters_in_a_date_are_a_form_error(editor_client):
    response = editor_client.post(
        "/coalitions/new/",
        {"name": "X", "kind": "actie", "status": "lopend", "start": "morgen", "add_role": "partner",
         "partners-TOTAL_FORMS": "0", "partners-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Voer een geldige datum in." in response.content.decode()


def test_a_colleagues_change_in_between_is_not_overwritten(editor_client):
    coalition = CoalitionFactory(name="Oude naam")
    page = editor_client.get(f"/coalitions/{coalition.pk}/edit/")
    data = posted(page.context["form"], page.context["partners"]) | {"description": "Mijn tekst"}
    Coalition.objects.filter(pk=coalition.pk).update(name="Nieuwe naam van een collega")

    response = editor_client.post(f"/coalitions/{coalition.pk}/edit/", data)

    assert response.status_code == 200
    assert "Een collega heeft dit" in response.content.decode() or response.context["form"].non_field_errors()
    coalition.refresh_from_db()
    assert coalition.name == "Nieuwe naam van een collega" and coalition.description == ""


def test_an_editor_records_a_statement_with_co_signers_and_logo_permission(editor_client):
    coalition = CoalitionFactory()
    lhv, nvvk = OrganisationFactory(name="LHV"), OrganisationFactory(name="NVVK")
    outsider = OrganisationFactory(name="Geen partner")
    for org in (lhv, nvvk):
        CoalitionPartnerFactory(coalition=coalition, organisation=org)
    form = editor_client.get(f"/coalitions/{coalition.pk}/statements/new/").context["form"]
    assert set(form.fields["signed_by"].queryset) == {lhv, nvvk}
    assert outsider not in form.fields["signed_by"].queryset

    response = editor_client.post(
        f"/coalitions/{coalition.pk}/statements/new/",
        {
            "title": "Open brief",
            "date": "2018-09-17",
            "url": "https://www.volkskrant.nl/",
            "text": "",
            "signed_by": [str(lhv.pk), str(nvvk.pk)],
            "logo_allowed": [str(lhv.pk)],
        },
    )

    assert response.status_code == 302
    statement = JointStatement.objects.get()
    assert set(statement.signatories.values_list("organisation__name", "logo_allowed")) == {
        ("LHV", True),
        ("NVVK", False),
    }


def test_a_logo_without_signature_and_a_statement_without_text_or_link_are_refused(editor_client):
    coalition = CoalitionFactory()
    lhv = CoalitionPartnerFactory(coalition=coalition).organisation
    response = editor_client.post(
        f"/coalitions/{coalition.pk}/statements/new/",
        {"title": "Leeg", "date": "2026-01-01", "url": "", "text": "", "logo_allowed": [str(lhv.pk)]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Geef de tekst van de verklaring, een link ernaar, of allebei." in html
    assert "Alleen organisaties die medeondertekend hebben" in html
    assert not JointStatement.objects.exists()


def test_editing_a_statement_keeps_and_changes_its_signatories(editor_client):
    coalition = CoalitionFactory()
    lhv, nvvk = OrganisationFactory(name="LHV"), OrganisationFactory(name="NVVK")
    for org in (lhv, nvvk):
        CoalitionPartnerFactory(coalition=coalition, organisation=org)
    statement = JointStatementFactory(coalition=coalition, title="Oud")
    StatementSignatoryFactory(statement=statement, organisation=lhv, logo_allowed=False)
    page = editor_client.get(f"/coalitions/statements/{statement.pk}/edit/")
    assert 'name="concurrency_snapshot"' in page.content.decode()
    data = posted(page.context["form"]) | {"title": "Nieuw", "logo_allowed": [str(lhv.pk)]}

    response = editor_client.post(f"/coalitions/statements/{statement.pk}/edit/", data)

    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.title == "Nieuw"
    assert list(statement.signatories.values_list("organisation__name", "logo_allowed")) == [("LHV", True)]


# -- On the organisation page and in its timeline -----------------------------------------------------------


def test_the_organisation_page_lists_its_coalitions_and_signed_statements(viewer_client):
    org = OrganisationFactory(name="LHV")
    coalition = CoalitionFactory(name="Coalitie Sociaal Werk & Huisartsen", start=datetime.date(2024, 1, 1))
    CoalitionPartnerFactory(coalition=coalition, organisation=org, role="trekker")
    statement = JointStatementFactory(coalition=coalition, title="Welzijn op recept", date=datetime.date(2025, 3, 3))
    StatementSignatoryFactory(statement=statement, organisation=org, logo_allowed=False)
    other = JointStatementFactory(title="Elders getekend", date=datetime.date(2025, 4, 4))
    StatementSignatoryFactory(statement=other, organisation=org)

    html = viewer_client.get(org.get_absolute_url()).content.decode()

    assert "Coalitie Sociaal Werk &amp; Huisartsen" in html and "Trekker" in html
    assert "Medeondertekend: “Welzijn op recept” (3 mrt 2025)" in html
    assert "logo mag niet gebruikt worden" in html
    assert "Elders getekend" in html


def test_an_organisation_without_coalitions_says_so(viewer_client):
    html = viewer_client.get(OrganisationFactory().get_absolute_url()).content.decode()
    assert "Geen partner in een coalitie." in html


def test_coalition_events_are_dated_and_newest_first():
    org = OrganisationFactory()
    armoede = Theme.objects.get(slug="armoede-schulden")
    old = CoalitionFactory(name="Oud", start=datetime.date(2020, 2, 1), themes=[armoede])
    new = CoalitionFactory(name="Nieuw", start=datetime.date(2025, 5, 1))
    CoalitionPartnerFactory(coalition=old, organisation=org, role="trekker")
    CoalitionPartnerFactory(coalition=new, organisation=org)
    statement = JointStatementFactory(coalition=old, date=datetime.date(2021, 6, 1))
    signatory = StatementSignatoryFactory(statement=statement, organisation=org)

    events = coalition_events_for(org)

    assert [(e["kind"], e["date"], e["coalition"].name) for e in events] == [
        ("coalition_joined", datetime.date(2025, 5, 1), "Nieuw"),
        ("statement_signed", datetime.date(2021, 6, 1), "Oud"),
        ("coalition_joined", datetime.date(2020, 2, 1), "Oud"),
    ]
    assert events[1]["statement"] == statement and events[1]["signatory"] == signatory
    assert events[2]["partner"].role == "trekker"
    assert events[0]["at"] == datetime.datetime(2025, 5, 1, tzinfo=timezone.get_current_timezone())
    assert events[2]["theme_ids"] == {armoede.pk}
    assert events[0]["template"] == "overview/includes/_timeline_coalition.html"
    assert [e["coalition"].name for e in coalition_events_for(org, theme=armoede)] == ["Oud", "Oud"]


def test_coalition_events_cost_three_queries_however_many_none_included(django_assert_num_queries):
    org = OrganisationFactory()
    with django_assert_num_queries(3):
        assert coalition_events_for(org) == []
    for _ in range(5):
        coalition = CoalitionFactory(themes=[Theme.objects.first()])
        CoalitionPartnerFactory(coalition=coalition, organisation=org)
        StatementSignatoryFactory(statement=JointStatementFactory(coalition=coalition), organisation=org)
    with django_assert_num_queries(3):
        events = coalition_events_for(org)
        assert all(event["theme_ids"] for event in events)
    assert len(events) == 10


def test_the_timeline_template_renders_both_kinds_of_event():
    from django.template.loader import render_to_string

    org = OrganisationFactory()
    coalition = CoalitionFactory(name="Actie Mantelzorg", start=datetime.date(2025, 9, 1))
    CoalitionPartnerFactory(coalition=coalition, organisation=org, role="medeondertekenaar")
    StatementSignatoryFactory(
        statement=JointStatementFactory(coalition=coalition, title="Oproep"), organisation=org, logo_allowed=True
    )
    html = "".join(render_to_string(event["template"], {"entry": event}) for event in coalition_events_for(org))
    assert "Sloot zich aan bij een coalitie als Medeondertekenaar" in html
    assert "Ondertekende een gezamenlijke verklaring mee" in html and "Oproep" in html
    assert "logo mag gebruikt worden" in html


def test_the_organisation_page_query_count_does_not_grow_with_coalitions_positions_and_partners(
    viewer_client, django_assert_num_queries
):
    from tests.factories import MeetingFactory, StakeholderPositionFactory
    from tests.helpers import days_from_now

    org = OrganisationFactory()

    def add(n):
        for index in range(n):
            coalition = CoalitionFactory()
            CoalitionPartnerFactory(coalition=coalition, organisation=org)
            CoalitionPartnerFactory(coalition=coalition)
            StatementSignatoryFactory(statement=JointStatementFactory(coalition=coalition), organisation=org)
            StatementSignatoryFactory(organisation=org)  # a statement of a coalition it is not in
            StakeholderPositionFactory(organisation=org)
            meeting = MeetingFactory(start=days_from_now(-3 - index))
            meeting.organisations.set([org, OrganisationFactory()])

    add(1)
    with django_assert_num_queries(38) as few:
        viewer_client.get(org.get_absolute_url())
    add(9)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(org.get_absolute_url())
    assert len(response.context["org_partnerships"]) == 10
    assert len(response.context["closest_partners"]) == 8
