"""The organisation page's timeline: contact moments and meetings merged newest first, filtered by kind and theme."""

import pytest

from meetings.choices import AttendanceStatus
from overview import timeline
from relations.choices import ContactChannel
from tests.factories import ContactMomentFactory, OrganisationFactory, OverlegFactory, ThemeFactory, UserFactory
from tests.helpers import days_from_now, meeting_with

pytestmark = pytest.mark.django_db


def entries(client, org, **params):
    response = client.get(f"/stakeholders/{org.pk}/", params)
    assert response.status_code == 200
    return response, [(entry.kind, entry.obj.pk) for entry in response.context["timeline"].entries]


@pytest.fixture
def history():
    """An organisation with meetings and contact moments in two themes, interleaved in time."""
    armoede = ThemeFactory(slug="armoede-schulden", name="Armoede & schulden")
    jeugd = ThemeFactory(slug="jeugd-opvoeding", name="Jeugd & opvoeding")
    org = OrganisationFactory()
    overleg = OverlegFactory(themes=[armoede])
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    items = {
        "meeting_old": meeting_with(org, days=-40, overleg=overleg, colleagues=[(anna, AttendanceStatus.AANWEZIG)]),
        "call": ContactMomentFactory(organisation=org, happened_at=days_from_now(-30), theme=jeugd),
        "meeting_new": meeting_with(org, days=-20, title="Zonder overleg"),
        "note": ContactMomentFactory(
            organisation=org, happened_at=days_from_now(-10), channel=ContactChannel.NOTITIE, theme=armoede
        ),
    }
    ContactMomentFactory(happened_at=days_from_now(-5))  # another organisation's
    meeting_with(org, days=5)  # still to come: under "Upcoming meetings", not on the timeline
    return org, items


def test_the_timeline_merges_contact_moments_and_meetings_newest_first(viewer_client, history):
    org, items = history
    _, shown = entries(viewer_client, org)
    assert shown == [
        ("contact_moment", items["note"].pk),
        ("meeting", items["meeting_new"].pk),
        ("contact_moment", items["call"].pk),
        ("meeting", items["meeting_old"].pk),
    ]


def test_the_timeline_filters_by_kind(viewer_client, history):
    org, items = history
    _, moments = entries(viewer_client, org, kind="contact_moment")
    _, meetings = entries(viewer_client, org, kind="meeting")
    assert moments == [("contact_moment", items["note"].pk), ("contact_moment", items["call"].pk)]
    assert meetings == [("meeting", items["meeting_new"].pk), ("meeting", items["meeting_old"].pk)]


def test_the_timeline_filters_by_theme_a_meeting_counting_in_the_themes_of_its_overleg(viewer_client, history):
    org, items = history
    _, armoede = entries(viewer_client, org, theme="armoede-schulden")
    _, jeugd = entries(viewer_client, org, theme="jeugd-opvoeding", kind="contact_moment")
    assert armoede == [("contact_moment", items["note"].pk), ("meeting", items["meeting_old"].pk)]
    assert jeugd == [("contact_moment", items["call"].pk)]


def test_unknown_filter_values_are_ignored_with_a_dutch_message(viewer_client, history):
    org, _ = history
    response, shown = entries(viewer_client, org, kind="koffie", theme="bestaat-niet")
    assert len(shown) == 4
    assert "Onbekende waarde; dit filter is genegeerd." in response.content.decode()


def test_a_filter_without_results_says_so_and_offers_everything(viewer_client, history):
    org, _ = history
    response, shown = entries(viewer_client, org, kind="meeting", theme="jeugd-opvoeding")
    assert shown == []
    html = response.content.decode()
    assert "Niets van deze soort of dit thema met deze organisatie." in html
    assert "Alles tonen" in html


def test_a_contact_moment_on_the_timeline_shows_channel_summary_people_and_follow_up(viewer_client):
    org = OrganisationFactory()
    sanne = UserFactory(first_name="Sanne", last_name="de Vries")
    ContactMomentFactory(
        organisation=org,
        channel=ContactChannel.BEZOEK,
        summary="Werkbezoek aan het wijkteam.",
        colleagues=[sanne],
        follow_up="Verslag delen",
        follow_up_assignee=sanne,
        follow_up_due=days_from_now(-3).date(),
    )
    html = viewer_client.get(f"/stakeholders/{org.pk}/").content.decode()
    assert "Bezoek" in html and "Werkbezoek aan het wijkteam." in html
    assert "Sanne de Vries" in html and "Verslag delen" in html
    assert "3 dagen te laat" in html


def test_the_last_contact_at_the_top_can_be_a_contact_moment(viewer_client):
    org = OrganisationFactory()
    dirk = UserFactory(first_name="Dirk", last_name="de Wit")
    meeting_with(org, days=-30)
    moment = ContactMomentFactory(organisation=org, happened_at=days_from_now(-2), colleagues=[dirk])
    html = viewer_client.get(f"/stakeholders/{org.pk}/").content.decode()
    assert "Laatste contact door Dirk de Wit op" in html
    assert f'href="#contactmoment-{moment.pk}">telefoon</a>' in html


def test_build_timeline_cuts_at_the_limit_and_says_so():
    org = OrganisationFactory()
    for days in range(1, 4):
        meeting_with(org, days=-days)
        ContactMomentFactory(organisation=org, happened_at=days_from_now(-days, hour=15))
    result = timeline.build_timeline(org, limit=4)
    assert len(result.entries) == 4 and result.truncated
    assert [e.at for e in result.entries] == sorted((e.at for e in result.entries), reverse=True)
    assert not timeline.build_timeline(org, limit=6).truncated


def test_build_timeline_pages_through_the_whole_history_without_gaps_or_repeats():
    org = OrganisationFactory()
    for days in range(1, 6):
        meeting_with(org, days=-days)
        ContactMomentFactory(organisation=org, happened_at=days_from_now(-days, hour=15))
    everything = timeline.build_timeline(org, limit=100).entries
    pages = [timeline.build_timeline(org, limit=4, page=page) for page in (1, 2, 3)]
    assert [len(p.entries) for p in pages] == [4, 4, 2]
    assert [p.truncated for p in pages] == [True, True, False]
    assert [p.has_newer for p in pages] == [False, True, True]
    assert [e.obj for p in pages for e in p.entries] == [e.obj for e in everything]
    assert timeline.build_timeline(org, limit=4, page=4).entries == []


def test_another_source_plugs_into_the_timeline():
    """The extension point: a source of another kind is merged in its place by date."""
    org = OrganisationFactory()
    meeting_with(org, days=-10)
    ContactMomentFactory(organisation=org, happened_at=days_from_now(-30))

    def coalition_events(organisation, *, theme, now, limit):
        return [timeline.TimelineEntry(at=days_from_now(-20), kind="coalition", template="x.html", obj=organisation)]

    sources = [*timeline.SOURCES, timeline.TimelineSource("coalition", "Samenwerkingen", coalition_events)]
    result = timeline.build_timeline(org, sources=sources)
    assert [e.kind for e in result.entries] == ["meeting", "coalition", "contact_moment"]
    assert [e.kind for e in timeline.build_timeline(org, sources=sources, kinds=["coalition"]).entries] == ["coalition"]


def test_the_page_query_count_does_not_grow_with_a_filtered_timeline(viewer_client, history, django_assert_num_queries):
    org, _ = history
    # + the change history section (fixed), the field sections (coalitions, positions, partners)
    with django_assert_num_queries(42) as few:
        viewer_client.get(f"/stakeholders/{org.pk}/", {"theme": "armoede-schulden"})
    overleg = OverlegFactory(themes=[ThemeFactory(slug="armoede-schulden")])
    for days in range(1, 9):
        user = UserFactory()
        meeting_with(org, days=-days, overleg=overleg, colleagues=[(user, AttendanceStatus.AANWEZIG)])
        ContactMomentFactory(
            organisation=org,
            happened_at=days_from_now(-days, hour=15),
            theme=overleg.themes.get(),
            colleagues=[user],
            created_by=user,
        )
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/stakeholders/{org.pk}/", {"theme": "armoede-schulden"})
    assert len(response.context["timeline"].entries) == 18


@pytest.fixture
def long_history():
    """An organisation with 30 phone calls, one a day."""
    org = OrganisationFactory()
    moments = [ContactMomentFactory(organisation=org, happened_at=days_from_now(-day)) for day in range(1, 31)]
    return org, moments


def test_the_page_shows_25_entries_and_pages_back_to_the_oldest(viewer_client, long_history):
    org, moments = long_history
    response, first = entries(viewer_client, org)
    assert first == [("contact_moment", m.pk) for m in moments[:25]]
    html = response.content.decode()
    assert 'href="?page=2#timeline"' in html and "Ouder" in html and "Nieuwer" not in html
    response, second = entries(viewer_client, org, page=2)
    assert second == [("contact_moment", m.pk) for m in moments[25:]]
    html = response.content.decode()
    assert 'href="?page=1#timeline"' in html and "Nieuwer" in html and 'href="?page=3#timeline"' not in html


def test_paging_keeps_the_timeline_filter(viewer_client, long_history):
    org, moments = long_history
    for day in range(1, 6):
        meeting_with(org, days=-day)  # in between the calls: the filter must leave them out
    response, shown = entries(viewer_client, org, kind="contact_moment")
    assert shown == [("contact_moment", m.pk) for m in moments[:25]]
    assert 'href="?kind=contact_moment&amp;page=2#timeline"' in response.content.decode()
    _, second = entries(viewer_client, org, kind="contact_moment", page=2)
    assert second == [("contact_moment", m.pk) for m in moments[25:]]


@pytest.mark.parametrize("page", ["abc", "0", "-3", "1e3", "99999999999999999999", ""])
def test_a_malformed_timeline_page_shows_the_newest(viewer_client, long_history, page):
    org, moments = long_history
    _, shown = entries(viewer_client, org, page=page)
    assert shown[0] == ("contact_moment", moments[0].pk)


def test_a_page_past_the_oldest_says_so_and_links_back(viewer_client, long_history):
    org, _ = long_history
    response, shown = entries(viewer_client, org, page=7)
    html = response.content.decode()
    assert shown == [] and "Niets ouder dan dit." in html and 'href="?page=1#timeline"' in html
