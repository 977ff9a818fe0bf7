"""/stakeholders/<id>/: the whole relationship with one organisation on one page."""

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from stakeholders.choices import MembershipStatus
from tests.factories import (
    ContactMomentFactory,
    ContactPersonFactory,
    MembershipFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import days_from_now, meeting_with

pytestmark = pytest.mark.django_db


def page(client, organisation):
    response = client.get(f"/stakeholders/{organisation.pk}/")
    assert response.status_code == 200
    return response


def test_an_unknown_organisation_is_not_found(viewer_client):
    assert viewer_client.get("/stakeholders/999999/").status_code == 404


def test_shows_identity_themes_owner_and_scores(viewer_client):
    theme = ThemeFactory(slug="armoede-schulden")
    owner = UserFactory(username="olga", first_name="Olga", last_name="Eigenaar")
    org = OrganisationFactory(
        name="Vereniging van Nederlandse Gemeenten",
        acronym="VNG",
        municipality="Den Haag",
        province="ZH",
        website="https://www.vng.nl/",
        themes=[theme],
        owner=owner,
        influence=5,
        interest=2,
    )

    html = page(viewer_client, org).content.decode()

    assert "Vereniging van Nederlandse Gemeenten" in html and "(VNG)" in html
    assert "Branche- of beroepsorganisatie" in html and "Landelijk" in html
    assert "Den Haag, Zuid-Holland" in html
    assert 'href="https://www.vng.nl/"' in html
    assert f'href="/themes/{theme.slug}/"' in html
    assert 'href="/stakeholders/?owner=olga"' in html and "Olga Eigenaar" in html
    assert "5 van 5" in html and "2 van 5" in html


def test_a_member_page_shows_the_membership(viewer_client):
    org = MembershipFactory(
        organisation__name="Welzijn Zwolle", member_number="L00042", status=MembershipStatus.OPGEZEGD
    ).organisation

    html = page(viewer_client, org).content.decode()

    assert "Lidmaatschap" in html and "L00042" in html and "Opgezegd" in html
    assert "1 januari 2015" in html  # member since, a Dutch date
    assert 'href="/members/"' in html  # the breadcrumb leads back to the member list


def test_shows_contact_persons_with_mail_and_phone_links(viewer_client):
    org = OrganisationFactory()
    ContactPersonFactory(
        organisation=org, name="Petra de Wit", job_title="Wethouder", email="p.dewit@zwolle.nl", phone="06-12345678"
    )
    ContactPersonFactory(organisation=org, name="Oud Contact", is_active=False)

    html = page(viewer_client, org).content.decode()

    assert "Petra de Wit" in html and "Wethouder" in html
    assert 'href="mailto:p.dewit@zwolle.nl"' in html and 'href="tel:06-12345678"' in html
    assert "niet meer actief" in html


def test_shows_the_overleggen_it_takes_part_in_or_organises(viewer_client):
    org = OrganisationFactory()
    delegate = UserFactory(first_name="Dirk", last_name="Delegee")
    taking_part = OverlegFactory(name="Platform armoede")
    taking_part.organisations.add(org)
    taking_part.delegates.add(delegate)
    OverlegFactory(name="VNG-overleg sociaal domein", organiser=org)
    OverlegFactory(name="Overleg zonder hen")

    html = page(viewer_client, org).content.decode()

    assert "Platform armoede" in html and "Dirk Delegee" in html
    assert "VNG-overleg sociaal domein" in html and "organisator" in html
    assert "Overleg zonder hen" not in html


def test_lists_the_first_overleggen_active_first_and_links_to_all_of_them(viewer_client):
    from overview.views.directory import OVERLEGGEN_SHOWN as shown

    org = OrganisationFactory()
    OverlegFactory(name="Aaa gestopt overleg", organiser=org, is_active=False)
    for n in range(shown + 1):
        OverlegFactory(name=f"Overleg {n:02d}").organisations.add(org)

    response = page(viewer_client, org)
    html = response.content.decode()

    assert [o.name for o in response.context["overleggen"]] == [f"Overleg {n:02d}" for n in range(shown)]
    assert response.context["overleg_count"] == shown + 2
    assert f"Overleg {shown:02d}" not in html and "Aaa gestopt overleg" not in html
    assert f'<a class="overleggen-more" href="?all=overleggen#overleggen">Toon alle {shown + 2} overleggen</a>' in html

    everything = viewer_client.get(f"/stakeholders/{org.pk}/?all=overleggen")
    assert len(everything.context["overleggen"]) == shown + 2
    assert everything.context["overleggen"][-1].name == "Aaa gestopt overleg"
    assert "overleggen-more" not in everything.content.decode()


def test_last_seen_by_at_the_top_and_next_meeting(viewer_client):
    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    last = meeting_with(org, days=-12, colleagues=[(anna, AttendanceStatus.AANWEZIG)], title="Werkbezoek")
    upcoming = meeting_with(org, days=3, title="Bestuurlijk overleg")

    html = page(viewer_client, org).content.decode()

    last_date = timezone.localtime(last.start)
    assert f"Laatst gezien door Anna Aanwezig op {last_date.day} " in html
    assert "Volgende bijeenkomst:" in html
    assert html.index("Laatst gezien door") < html.index("Komende bijeenkomsten")
    assert "Bestuurlijk overleg" in html and upcoming.title in html


def test_never_contacted_says_so(viewer_client):
    html = page(viewer_client, OrganisationFactory()).content.decode()
    assert "Nog geen contact vastgelegd" in html
    assert "Geen bijeenkomst gepland." in html
    assert "Er is met deze organisatie nog niets gebeurd." in html


def test_upcoming_meetings_list_the_colleagues_and_their_status(viewer_client):
    org = OrganisationFactory()
    bart = UserFactory(first_name="Bart", last_name="Bevestigd")
    meeting_with(org, days=2, title="Komend overleg", colleagues=[(bart, AttendanceStatus.BEVESTIGD)])

    response = page(viewer_client, org)

    assert [m.title for m in response.context["upcoming_meetings"]] == ["Komend overleg"]
    html = response.content.decode()
    assert "Bart Bevestigd" in html and "(bevestigd)" in html


def test_timeline_shows_past_meetings_newest_first_with_who_attended_and_the_outcome(viewer_client):
    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    contact = ContactPersonFactory(organisation=org, name="Petra de Wit")
    older = meeting_with(org, days=-60, title="Kennismaking")
    newer = meeting_with(
        org, days=-5, title="Evaluatie", colleagues=[(anna, AttendanceStatus.AANWEZIG)], outcome="Afspraak: pilot."
    )
    newer.contacts.add(contact, ContactPersonFactory(name="Iemand van elders"))
    cancelled = meeting_with(org, days=-20, title="Afgelast overleg", status=MeetingStatus.GEANNULEERD)
    meeting_with(org, days=8, title="Nog te gebeuren")

    response = page(viewer_client, org)
    html = response.content.decode()

    timeline = [entry.obj.pk for entry in response.context["timeline"].entries]
    assert timeline == [newer.pk, cancelled.pk, older.pk]
    assert html.index("Evaluatie") < html.index("Kennismaking")
    assert "Anna Aanwezig" in html and "(aanwezig)" in html
    assert "Afspraak: pilot." in html
    assert "Aan tafel: Petra de Wit" in html and "Iemand van elders" not in html
    assert "Geannuleerd" in html


def test_a_member_only_organisation_has_a_page_too(viewer_client):
    org = MembershipFactory(organisation__name="Alleen Lid").organisation
    assert "Alleen Lid" in page(viewer_client, org).content.decode()


def test_query_count_does_not_grow_with_meetings_contacts_and_overleggen(
    viewer_client, populate, django_assert_num_queries
):
    org = populate(1)[0]
    contact = ContactPersonFactory(organisation=org)
    ContactMomentFactory(organisation=org, colleagues=[UserFactory()], contacts=[contact])
    with django_assert_num_queries(43) as few:
        viewer_client.get(f"/stakeholders/{org.pk}/")
    for n in range(10):
        user = UserFactory()
        contact = ContactPersonFactory(organisation=org)
        meeting = meeting_with(org, days=-n - 1, colleagues=[(user, AttendanceStatus.AANWEZIG)])
        meeting.contacts.add(contact)
        ContactMomentFactory(
            organisation=org,
            happened_at=days_from_now(-n - 1, hour=15),
            colleagues=[user],
            contacts=[contact],
            theme=ThemeFactory(),
            meeting=meeting,
            follow_up="Nabellen",
            follow_up_assignee=user,
            created_by=user,
        )
        meeting_with(org, days=n + 1, colleagues=[(user, AttendanceStatus.BEVESTIGD)])
        overleg = OverlegFactory(themes=[ThemeFactory()])
        overleg.organisations.add(org)
        overleg.delegates.add(user)
        org.themes.add(ThemeFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/stakeholders/{org.pk}/")
    assert len(response.context["timeline"].entries) == 22


def test_notes_are_shown_with_their_line_breaks(viewer_client):
    org = OrganisationFactory(notes="Eerste regel.\nTweede regel <b>niet vet</b>.")
    html = page(viewer_client, org).content.decode()
    assert "Notities" in html
    assert "Eerste regel.<br>Tweede regel &lt;b&gt;niet vet&lt;/b&gt;." in html
