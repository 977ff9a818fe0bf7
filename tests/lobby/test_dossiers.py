"""/dossiers/: policy dossiers per theme, SWN's position, and the stakeholders' positions with their history."""

import datetime

import pytest
from django.utils import timezone

from lobby.models import PolicyDossier, StakeholderPosition
from tests.factories import (
    OrganisationFactory,
    PolicyDossierFactory,
    StakeholderPositionFactory,
    UserFactory,
)
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def health():
    return Theme.objects.get(slug="sociaal-gezond")


def posted(form):
    data = {}
    for field in form:
        value = field.value()
        if value is not None:
            data[field.html_name] = str(getattr(value, "pk", value))
    return data


# -- Current position and history ---------------------------------------------------------------------


def test_the_current_position_is_the_latest_assessment_per_organisation():
    dossier = PolicyDossierFactory()
    vng, actiz = OrganisationFactory(name="VNG"), OrganisationFactory(name="ActiZ")
    StakeholderPositionFactory(dossier=dossier, organisation=vng, stance="tegen", assessed_on=datetime.date(2024, 1, 1))
    latest = StakeholderPositionFactory(
        dossier=dossier, organisation=vng, stance="steunt", assessed_on=datetime.date(2025, 6, 1)
    )
    StakeholderPositionFactory(
        dossier=dossier, organisation=vng, stance="neutraal", assessed_on=datetime.date(2025, 2, 1)
    )  # recorded later, but assessed earlier
    only = StakeholderPositionFactory(dossier=dossier, organisation=actiz, stance="onbekend")
    same_day = StakeholderPositionFactory(
        dossier=PolicyDossierFactory(), organisation=vng, assessed_on=datetime.date(2025, 6, 1), stance="tegen"
    )
    StakeholderPositionFactory(dossier=same_day.dossier, organisation=vng, assessed_on=same_day.assessed_on)
    newest_same_day = StakeholderPosition.objects.filter(dossier=same_day.dossier).order_by("-pk").first()

    current = set(StakeholderPosition.objects.current())

    assert current == {latest, only, newest_same_day}
    assert StakeholderPosition.objects.count() == 6  # the history is kept


def test_an_assessment_cannot_be_in_the_future():
    from django.core.exceptions import ValidationError

    position = StakeholderPositionFactory.build(
        dossier=PolicyDossierFactory(),
        organisation=OrganisationFactory(),
        assessed_on=timezone.localdate() + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        position.full_clean()


# -- The list -----------------------------------------------------------------------------------------------


def test_the_list_filters_on_theme_status_responsible_and_text(viewer_client, health):
    pieter = UserFactory(username="pieter", first_name="Pieter", is_colleague=True)
    PolicyDossierFactory(
        title="Nationaal Preventieakkoord",
        theme=health,
        status="beinvloeden",
        responsible=pieter,
        swn_position="Sociaal maakt gezond.",
    )
    PolicyDossierFactory(
        title="Ouderenpact", theme=Theme.objects.get(slug="sociale-basis-preventie"), status="monitoren"
    )

    def get(query):
        return [d.title for d in viewer_client.get(f"/dossiers/?{query}").context["dossiers"]]

    assert get("") == ["Ouderenpact", "Nationaal Preventieakkoord"]  # in the order of the themes
    assert get("theme=sociaal-gezond") == ["Nationaal Preventieakkoord"]
    assert get("status=monitoren") == ["Ouderenpact"]
    assert get("responsible=pieter") == ["Nationaal Preventieakkoord"]
    assert get("q=sociaal+gezond") == ["Nationaal Preventieakkoord"]
    html = viewer_client.get("/dossiers/").content.decode()
    assert "Beïnvloeden" in html and "Monitoren" in html and "Pieter" in html


@pytest.mark.parametrize("query", ["status=x", "responsible=niemand", "theme=nee", "page=abc", "page=50"])
def test_bad_filter_values_give_a_normal_page(viewer_client, query):
    PolicyDossierFactory(title="Het enige dossier")
    response = viewer_client.get(f"/dossiers/?{query}")
    assert response.status_code == 200
    assert "Het enige dossier" in response.content.decode()


def test_the_empty_list_says_who_can_start_a_dossier(viewer_client):
    assert "Een redacteur kan ze aanmaken." in viewer_client.get("/dossiers/").content.decode()


def _dossiers(n, start=0):
    theme = Theme.objects.first()
    for index in range(start, start + n):
        dossier = PolicyDossierFactory(title=f"Dossier {index:03d}", theme=theme, responsible=UserFactory())
        StakeholderPositionFactory(dossier=dossier)


def test_the_list_query_count_does_not_grow(viewer_client, django_assert_num_queries):
    _dossiers(1)
    with django_assert_num_queries(8) as few:
        viewer_client.get("/dossiers/")
    _dossiers(10, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/dossiers/")
    assert len(response.context["dossiers"]) == 11


# -- The dossier page ----------------------------------------------------------------------------------------


def test_the_page_groups_current_positions_by_stance_with_their_date_and_history(viewer_client, health):
    sanne = UserFactory(first_name="Sanne", last_name="de Vries")
    dossier = PolicyDossierFactory(
        title="Nationaal Preventieakkoord", theme=health, swn_position="Sociaal maakt gezond: een bredere aanpak."
    )
    vng, ggd, zn = (OrganisationFactory(name=name) for name in ("VNG", "GGD GHOR Nederland", "ZN"))
    StakeholderPositionFactory(
        dossier=dossier, organisation=vng, stance="tegen", assessed_on=datetime.date(2024, 3, 1), note="Brief"
    )
    StakeholderPositionFactory(
        dossier=dossier, organisation=vng, stance="steunt", assessed_on=datetime.date(2025, 9, 12), assessed_by=sanne
    )
    StakeholderPositionFactory(
        dossier=dossier, organisation=ggd, stance="steunt", assessed_on=datetime.date(2025, 1, 2)
    )
    StakeholderPositionFactory(
        dossier=dossier, organisation=zn, stance="neutraal", assessed_on=datetime.date(2025, 5, 5)
    )

    response = viewer_client.get(f"/dossiers/{dossier.pk}/")
    html = response.content.decode()

    groups = {
        str(group["label"]): [p.organisation.name for p in group["positions"]] for group in response.context["stances"]
    }
    assert groups == {"Steunt": ["GGD GHOR Nederland", "VNG"], "Neutraal": ["ZN"], "Tegen": [], "Onbekend": []}
    assert "Sociaal maakt gezond: een bredere aanpak." in html
    assert "ingeschat 12 september 2025" in html and "door Sanne de Vries" in html
    assert "1 eerdere inschatting" in html and "1 maart 2024" in html and "Brief" in html
    assert "Opnieuw inschatten" not in html  # a viewer records nothing


def test_the_page_without_positions_invites_an_editor(editor_client):
    dossier = PolicyDossierFactory()
    html = editor_client.get(f"/dossiers/{dossier.pk}/").content.decode()
    assert "Nog geen standpunten van stakeholders vastgelegd." in html
    assert f'href="/dossiers/{dossier.pk}/positions/new/"' in html


def test_an_unknown_dossier_is_not_found(viewer_client):
    assert viewer_client.get("/dossiers/999999/").status_code == 404
    assert viewer_client.get("/dossiers/999999/positions/new/").status_code == 404


def test_the_page_query_count_does_not_grow(viewer_client, django_assert_num_queries):
    dossier = PolicyDossierFactory()
    StakeholderPositionFactory(dossier=dossier, assessed_by=UserFactory())
    with django_assert_num_queries(6) as few:
        viewer_client.get(f"/dossiers/{dossier.pk}/")
    for index in range(8):
        org = OrganisationFactory()
        for days in (10, 400):
            StakeholderPositionFactory(
                dossier=dossier,
                organisation=org,
                assessed_by=UserFactory(),
                assessed_on=timezone.localdate() - datetime.timedelta(days=days + index),
            )
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/dossiers/{dossier.pk}/")
    assert len(response.context["current"]) == 9


# -- Editing ----------------------------------------------------------------------------------------------------


def test_a_viewer_cannot_record_a_position_by_posting(viewer_client):
    dossier = PolicyDossierFactory()
    org = OrganisationFactory()
    response = viewer_client.post(
        f"/dossiers/{dossier.pk}/positions/new/",
        {"organisation": org.pk, "stance": "steunt", "assessed_on": "2025-01-01"},
    )
    assert response.status_code == 403
    assert not StakeholderPosition.objects.exists()


def test_an_editor_starts_a_dossier_from_the_theme(editor_client, health):
    form = editor_client.get(f"/dossiers/new/?theme={health.slug}").context["form"]
    assert form.initial["theme"] == health
    response = editor_client.post(
        "/dossiers/new/",
        {
            "title": "Gezond en Actief Leven Akkoord",
            "theme": health.pk,
            "status": "agenderen",
            "responsible": "",
            "swn_position": "Ook sociaal werk in de wijk.",
            "description": "",
        },
    )
    dossier = PolicyDossier.objects.get()
    assert response["Location"] == f"/dossiers/{dossier.pk}/"
    assert dossier.theme == health and dossier.status == "agenderen"


def test_an_editor_edits_a_dossier_but_not_over_a_colleagues_change(editor_client):
    dossier = PolicyDossierFactory(title="Ouderenpact", status="signaleren")
    page = editor_client.get(f"/dossiers/{dossier.pk}/edit/")
    assert 'name="concurrency_snapshot"' in page.content.decode()
    data = posted(page.context["form"]) | {"status": "monitoren"}
    PolicyDossier.objects.filter(pk=dossier.pk).update(swn_position="Breder dan zorg.")

    refused = editor_client.post(f"/dossiers/{dossier.pk}/edit/", data)
    assert refused.status_code == 200
    dossier.refresh_from_db()
    assert dossier.status == "signaleren"

    again = editor_client.post(f"/dossiers/{dossier.pk}/edit/", refused.context["form"].data)
    assert again.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == "monitoren"


def test_a_dossier_title_is_unique_per_theme_with_a_dutch_message(editor_client, health):
    PolicyDossierFactory(title="Ouderenpact", theme=health)
    response = editor_client.post(
        "/dossiers/new/", {"title": "Ouderenpact", "theme": health.pk, "status": "signaleren"}
    )
    assert response.status_code == 200
    assert PolicyDossier.objects.count() == 1
    assert "bestaat al" in response.content.decode()


def test_recording_a_position_adds_a_row_and_keeps_the_history(editor_client, editor, health):
    dossier = PolicyDossierFactory(theme=health)
    vng = OrganisationFactory(name="VNG", themes=[health])
    first = StakeholderPositionFactory(dossier=dossier, organisation=vng, stance="tegen")
    form = editor_client.get(f"/dossiers/{dossier.pk}/positions/new/?organisation={vng.pk}").context["form"]
    assert form.initial["organisation"] == vng.pk
    assert str(form.fields["organisation"].choices[1][0]) == "Stakeholders in Sociaal & gezond"

    response = editor_client.post(
        f"/dossiers/{dossier.pk}/positions/new/",
        {
            "organisation": vng.pk,
            "stance": "steunt",
            "assessed_on": timezone.localdate().isoformat(),
            "note": "Gesprek",
        },
    )

    assert response["Location"] == f"/dossiers/{dossier.pk}/"
    assert StakeholderPosition.objects.filter(pk=first.pk).exists()
    latest = StakeholderPosition.objects.current().get(organisation=vng)
    assert latest.stance == "steunt" and latest.assessed_by == editor and latest.note == "Gesprek"
    assert "Het standpunt van VNG is vastgelegd." in editor_client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"stance": "steunt", "assessed_on": "2999-01-01"}, "kan niet in de toekomst"),
        ({"stance": "steunt", "assessed_on": "gisteren"}, "Voer een geldige datum in."),
        ({"stance": "misschien", "assessed_on": "2025-01-01"}, "Selecteer een geldige keuze"),
        ({"organisation": "abc", "stance": "steunt", "assessed_on": "2025-01-01"}, "Selecteer een geldige keuze"),
    ],
)
def test_bad_position_input_comes_back_with_a_dutch_error(editor_client, data, message):
    dossier = PolicyDossierFactory()
    org = OrganisationFactory()
    response = editor_client.post(f"/dossiers/{dossier.pk}/positions/new/", {"organisation": org.pk, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not StakeholderPosition.objects.exists()


# -- On the theme page and the organisation page -------------------------------------------------------


def test_the_theme_page_lists_its_dossiers(viewer_client, health):
    PolicyDossierFactory(title="Nationaal Preventieakkoord", theme=health, responsible=UserFactory(first_name="Pieter"))
    PolicyDossierFactory(title="Ander thema", theme=Theme.objects.get(slug="armoede-schulden"))
    html = viewer_client.get(f"/themes/{health.slug}/").content.decode()
    assert "Beleidsdossiers" in html and "Nationaal Preventieakkoord" in html and "Ander thema" not in html


def test_the_organisation_page_shows_its_current_positions(viewer_client):
    org = OrganisationFactory(name="VNG")
    dossier = PolicyDossierFactory(title="Ouderenpact")
    StakeholderPositionFactory(dossier=dossier, organisation=org, stance="tegen", assessed_on=datetime.date(2024, 1, 1))
    StakeholderPositionFactory(
        dossier=dossier, organisation=org, stance="steunt", assessed_on=datetime.date(2025, 2, 3)
    )

    html = viewer_client.get(org.get_absolute_url()).content.decode()

    assert "Standpunten in beleidsdossiers" in html and "Ouderenpact" in html
    assert "Steunt" in html and "ingeschat 3 feb 2025" in html
    assert "Tegen" not in html


def test_positions_are_recorded_for_stakeholders_only(editor_client):
    dossier = PolicyDossierFactory()
    member_only = OrganisationFactory(name="Alleen lid", is_stakeholder=False)
    response = editor_client.post(
        f"/dossiers/{dossier.pk}/positions/new/",
        {"organisation": member_only.pk, "stance": "steunt", "assessed_on": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not StakeholderPosition.objects.exists()
