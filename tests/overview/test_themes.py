"""/themes/ and /themes/<slug>/: the seven themes with their lead, people, stakeholders, overleggen and meetings."""

import pytest

from meetings.choices import MeetingStatus
from stakeholders.choices import MembershipStatus, OrganisationKind
from swn_crm.models import User
from tests.factories import MembershipFactory, OrganisationFactory, OverlegFactory, UserFactory
from tests.helpers import meeting_with
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def poverty():
    theme = Theme.objects.get(slug="armoede-schulden")
    theme.lead = UserFactory(username="sanne", first_name="Sanne", last_name="de Vries", job_title="Senior adviseur")
    theme.save()
    return theme


def test_the_list_shows_the_seven_themes_with_their_lead(viewer_client, poverty):
    response = viewer_client.get("/themes/")
    html = response.content.decode()

    assert len(response.context["themes"]) == 7
    assert "Armoede &amp; schulden" in html and "Sociaal werk in de wijk" in html
    assert "Trekker: Sanne de Vries" in html
    assert 'href="/themes/armoede-schulden/"' in html


def test_the_list_counts_stakeholders_members_overleggen_and_meetings_in_the_next_30_days(viewer_client, poverty):
    OrganisationFactory(themes=[poverty])
    OrganisationFactory(themes=[poverty])
    OrganisationFactory(themes=[poverty], is_stakeholder=False)  # neither stakeholder nor member
    active_member = MembershipFactory(status=MembershipStatus.ACTIEF).organisation
    ended_member = MembershipFactory(status=MembershipStatus.BEEINDIGD).organisation
    for org in (active_member, ended_member):
        org.themes.add(poverty)
    overleg = OverlegFactory(themes=[poverty])
    OverlegFactory(themes=[poverty], is_active=False)
    meeting_with(OrganisationFactory(), days=3, overleg=overleg)  # through the overleg's theme
    standalone_org = OrganisationFactory(themes=[poverty])
    meeting_with(standalone_org, days=10)  # on its own, through the organisation's theme
    meeting_with(standalone_org, days=12, status=MeetingStatus.GEANNULEERD)
    meeting_with(standalone_org, days=45)  # too far ahead
    meeting_with(standalone_org, days=-3)  # already past

    theme = next(t for t in viewer_client.get("/themes/").context["themes"] if t.slug == "armoede-schulden")

    assert theme.stakeholder_count == 3  # two plus the standalone meeting's organisation
    assert theme.member_count == 1
    assert theme.overleg_count == 1
    assert theme.upcoming_meeting_count == 2


def test_the_list_runs_the_same_queries_for_few_and_many(viewer_client, poverty, django_assert_num_queries):
    with django_assert_num_queries(3) as few:
        viewer_client.get("/themes/")
    for theme in Theme.objects.all():
        for _ in range(5):
            org = OrganisationFactory(themes=[theme])
            meeting_with(org, days=2, overleg=OverlegFactory(themes=[theme]))
        theme.lead = UserFactory()
        theme.save()
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/themes/")


def test_a_theme_page_shows_lead_colleagues_stakeholders_by_kind_overleggen_and_upcoming_meetings(
    viewer_client, poverty
):
    colleague = UserFactory(first_name="Iris", last_name="de Groot", job_title="Beleidsmedewerker")
    colleague.themes.add(poverty)
    UserFactory(first_name="Niet", last_name="Betrokken")
    OrganisationFactory(name="Gemeente Zwolle", kind=OrganisationKind.GEMEENTE, themes=[poverty])
    OrganisationFactory(name="Divosa", kind=OrganisationKind.BRANCHE, themes=[poverty])
    OrganisationFactory(name="Ander thema", kind=OrganisationKind.BRANCHE)
    overleg = OverlegFactory(name="Platform armoede en schulden", themes=[poverty])
    meeting_with(OrganisationFactory(name="Voedselbank Almere"), days=4, overleg=overleg, title="Platform december")
    meeting_with(OrganisationFactory(), days=60, overleg=overleg, title="Platform later")

    response = viewer_client.get("/themes/armoede-schulden/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Trekker:" in html and "Sanne de Vries" in html
    assert "Iris de Groot" in html and "Niet Betrokken" not in html
    kinds = response.context["stakeholder_kinds"]
    assert [[o.name for o in kind["organisations"]] for kind in kinds] == [["Divosa"], ["Gemeente Zwolle"]]
    assert response.context["stakeholder_count"] == 2
    assert html.index("Branche- of beroepsorganisatie") < html.index("Gemeente Zwolle")
    assert "Ander thema" not in html
    assert "Platform armoede en schulden" in html
    assert "Platform december" in html and "Voedselbank Almere" in html
    assert "Platform later" not in html
    assert "Bijeenkomsten in de komende 30 dagen" in html


def test_a_theme_page_lists_a_meeting_once_even_with_several_theme_organisations(viewer_client, poverty):
    first = OrganisationFactory(themes=[poverty])
    second = OrganisationFactory(themes=[poverty])
    meeting = meeting_with(first, days=2)
    meeting.organisations.add(second)

    response = viewer_client.get("/themes/armoede-schulden/")

    assert [m.pk for m in response.context["upcoming_meetings"]] == [meeting.pk]


def test_a_theme_page_lists_the_first_stakeholders_of_each_kind_and_links_to_all_of_them(viewer_client, poverty):
    from overview.views.themes import STAKEHOLDERS_SHOWN_PER_KIND as shown

    for n in range(shown + 2):
        OrganisationFactory(name=f"Gemeente {n:02d}", kind=OrganisationKind.GEMEENTE, themes=[poverty])
    OrganisationFactory(name="Divosa", kind=OrganisationKind.BRANCHE, themes=[poverty])

    response = viewer_client.get("/themes/armoede-schulden/")
    html = response.content.decode()

    branche, gemeenten = response.context["stakeholder_kinds"]
    assert [o.name for o in branche["organisations"]] == ["Divosa"]
    assert [o.name for o in gemeenten["organisations"]] == [f"Gemeente {n:02d}" for n in range(shown)]
    assert gemeenten["count"] == shown + 2
    assert response.context["stakeholder_count"] == shown + 3
    assert f"Gemeente {shown:02d}" not in html
    assert f"Toon alle {shown + 2} in de stakeholderlijst" in html
    assert 'href="/stakeholders/?theme=armoede-schulden&amp;kind=gemeente"' in html
    assert html.count("Toon alle") == 1  # one kind was cut short


def test_an_empty_theme_page_says_what_is_missing(viewer_client):
    html = viewer_client.get("/themes/politiek-lobby/").content.decode()
    assert "Nog geen stakeholders in dit thema." in html
    assert "Geen overleggen in dit thema." in html
    assert "Geen bijeenkomsten gepland in dit thema" in html


def test_an_unknown_theme_is_not_found(viewer_client):
    assert viewer_client.get("/themes/bestaat-niet/").status_code == 404


def test_a_theme_page_runs_the_same_queries_for_few_and_many(viewer_client, poverty, django_assert_num_queries):
    org = OrganisationFactory(themes=[poverty], owner=UserFactory())
    meeting_with(org, days=2, overleg=OverlegFactory(themes=[poverty]))
    with django_assert_num_queries(14) as few:
        viewer_client.get("/themes/armoede-schulden/")
    for n in range(10):
        org = OrganisationFactory(themes=[poverty], owner=UserFactory(), kind=OrganisationKind.values[n])
        overleg = OverlegFactory(themes=[poverty])
        overleg.delegates.add(UserFactory())
        meeting_with(org, days=n + 1, overleg=overleg)
        UserFactory().themes.add(poverty)
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/themes/armoede-schulden/")
    assert User.objects.filter(themes=poverty).count() == 10
