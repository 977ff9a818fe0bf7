"""Pictures of the field: health bands, the stakeholder map, the network and its weights, closest partners."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from overview import field
from tests.factories import (
    CoalitionFactory,
    CoalitionPartnerFactory,
    MeetingFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.helpers import days_from_now, meeting_with
from themes.models import Theme

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def svg_of(html):
    """The page's picture as an XML tree (the SVG must be well-formed XML)."""
    start = html.index('<svg class="field-svg')
    end = html.index("</svg>", start) + len("</svg>")
    return ET.fromstring(html[start:end])


@pytest.fixture
def health():
    return Theme.objects.get(slug="sociaal-gezond")


# -- Health bands ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "band"),
    [
        (0, "recent"),
        (90, "recent"),
        (91, "fading"),
        (181, "fading"),
        (182, "cold"),
        (364, "cold"),
        (365, "lost"),
        (2000, "lost"),
        (None, "lost"),
    ],
)
def test_health_bands_follow_3_6_and_12_months(days, band):
    assert field.health_band(days).key == band


def test_days_since_counts_dutch_calendar_days():
    tz = timezone.get_current_timezone()
    today = datetime.date(2026, 3, 31)
    # 23:30 Dutch time on 1 March is 22:30 UTC: still 1 March, so 30 days.
    assert field.days_since(datetime.datetime(2026, 3, 1, 23, 30, tzinfo=tz), today=today) == 30
    assert field.days_since(None, today=today) is None


def test_six_months_is_the_same_boundary_as_the_stakeholder_list_filter():
    from relations.selectors import COLD_AFTER

    assert field.BANDS_BY_KEY["fading"].below_days == COLD_AFTER.days


# -- Stakeholder map --------------------------------------------------------------------------------


def test_quadrants_count_a_score_of_3_as_high():
    assert str(field.quadrant_of(5, 5).label) == "Nauw betrekken"
    assert field.quadrant_of(3, 3).key == "betrekken"
    assert field.quadrant_of(4, 2).key == "tevreden"
    assert field.quadrant_of(2, 4).key == "informeren"
    assert field.quadrant_of(1, 2).key == "monitoren"


def test_points_sharing_a_cell_are_spread_inside_it_the_same_way_every_time():
    offsets, size = field.place_in_cell(5)
    assert len(set(offsets)) == 5
    assert all(0 < dx < field.MAP_CELL and 0 < dy < field.MAP_CELL for dx, dy in offsets)
    assert field.place_in_cell(5) == (offsets, size)


def test_the_map_places_every_stakeholder_of_the_theme_as_a_link(viewer_client, health):
    owner = UserFactory(first_name="Pieter", last_name="Visser")
    recent = OrganisationFactory(name="GGD Recent", themes=[health], influence=5, interest=5, owner=owner)
    meeting_with(recent, days=-10, status=MeetingStatus.GEHOUDEN)
    twin = OrganisationFactory(name="GGD Tweeling", themes=[health], influence=5, interest=5)
    meeting_with(twin, days=-100, status=MeetingStatus.GEHOUDEN)
    never = OrganisationFactory(name="Nooit Gezien & Co", themes=[health], influence=2, interest=4)
    OrganisationFactory(name="Ander Thema", themes=[Theme.objects.get(slug="armoede-schulden")])
    OrganisationFactory(name="Geen Stakeholder", themes=[health], is_stakeholder=False)

    response = viewer_client.get(f"/themes/{health.slug}/map/")
    html = response.content.decode()
    svg = svg_of(html)

    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id and svg.find(f"{SVG}desc").get("id") == desc_id
    assert "Stakeholderkaart van Sociaal &amp; gezond" in html
    links = {a.get("href"): a for a in svg.iter(f"{SVG}a")}
    assert set(links) == {org.get_absolute_url() for org in (recent, twin, never)}
    label = links[never.get_absolute_url()].get("aria-label")
    assert label == "Nooit Gezien & Co: invloed 2, belang 4, nog nooit contact"
    assert "belang 5, laatste contact" in links[recent.get_absolute_url()].get("aria-label")
    shapes = {href: a.find(f"{SVG}path").get("class") for href, a in links.items()}
    assert shapes[recent.get_absolute_url()] == "health-marker health-recent"
    assert shapes[twin.get_absolute_url()] == "health-marker health-fading"
    assert shapes[never.get_absolute_url()] == "health-marker health-lost"
    # The twins share a cell but not a spot; both are inside the top-right cell.
    points = {p["organisation"].pk: (p["x"], p["y"]) for p in response.context["map"]["points"]}
    assert points[recent.pk] != points[twin.pk]
    for x, y in (points[recent.pk], points[twin.pk]):
        assert field.MAP_LEFT + 4 * field.MAP_CELL < x < field.MAP_LEFT + 5 * field.MAP_CELL
        assert field.MAP_TOP < y < field.MAP_TOP + field.MAP_CELL
    for quadrant in ("Nauw betrekken", "Tevreden houden", "Informeren", "Monitoren"):
        assert quadrant in html
    assert "Laatste contact meer dan een jaar geleden, of nooit" in html  # the legend
    assert "style=" not in html


def test_the_map_says_what_to_do_for_a_theme_without_stakeholders(viewer_client, health):
    html = viewer_client.get(f"/themes/{health.slug}/map/").content.decode()
    assert "nog geen stakeholders" in html
    assert '<svg class="field-svg' not in html


def test_an_unknown_theme_has_no_map_or_network(viewer_client):
    assert viewer_client.get("/themes/bestaat-niet/map/").status_code == 404
    assert viewer_client.get("/themes/bestaat-niet/network/").status_code == 404


def _stakeholders_with_contact(theme, n, start=0):
    owner = UserFactory()
    for index in range(start, start + n):
        org = OrganisationFactory(name=f"Stakeholder {index:03d}", themes=[theme], owner=owner)
        meeting_with(org, days=-5 - index, status=MeetingStatus.GEHOUDEN)


def test_the_map_query_count_does_not_grow_with_stakeholders(viewer_client, health, django_assert_num_queries):
    _stakeholders_with_contact(health, 1)
    with django_assert_num_queries(4) as few:
        viewer_client.get(f"/themes/{health.slug}/map/")
    _stakeholders_with_contact(health, 15, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/themes/{health.slug}/map/")
    assert len(response.context["map"]["points"]) == 16


# -- Network ----------------------------------------------------------------------------------------


@pytest.fixture
def small_field(health):
    """Four organisations, A, B and C in the theme; hand-counted ties in the last 12 months:

    A-B: meetings m1 and m2 (m3 cancelled, m4 too long ago) -> 2 meetings
    A-C: meeting m1, coalition k1 (running) -> 1 meeting + 1 coalition
    B-C: meeting m1 -> 1 meeting
    B-D: meeting m5 (D is not in the theme) -> 1 meeting
    k2 (A, B) ended two years ago and does not count.
    """
    a = OrganisationFactory(name="A-org", themes=[health])
    b = OrganisationFactory(name="B-org", themes=[health])
    c = OrganisationFactory(name="C-org", themes=[health])
    d = OrganisationFactory(name="D-org", themes=[Theme.objects.get(slug="armoede-schulden")])

    def meeting(days, *orgs, status=MeetingStatus.GEHOUDEN):
        m = MeetingFactory(start=days_from_now(days), status=status)
        m.organisations.set(orgs)
        return m

    meeting(-10, a, b, c)
    meeting(-40, a, b)
    meeting(-50, a, b, status=MeetingStatus.GEANNULEERD)
    meeting(-400, a, c)
    meeting(-20, b, d)
    today = timezone.localdate()
    k1 = CoalitionFactory(start=today - datetime.timedelta(days=100), end=None)
    k2 = CoalitionFactory(
        start=today - datetime.timedelta(days=1000), end=today - datetime.timedelta(days=700), status="afgerond"
    )
    for coalition, orgs in ((k1, (a, c)), (k2, (a, b))):
        for org in orgs:
            CoalitionPartnerFactory(coalition=coalition, organisation=org)
    return {"a": a, "b": b, "c": c, "d": d}


def test_network_weights_match_the_hand_count(small_field, health):
    a, b, c = small_field["a"], small_field["b"], small_field["c"]
    period = field.Period.last_year(today=timezone.localdate())
    among = health.organisations.values("pk")

    ties = field.combined_ties(period=period, among=among)

    assert ties == {
        (a.pk, b.pk): {"meetings": 2, "coalitions": 0, "weight": 2},
        (a.pk, c.pk): {"meetings": 1, "coalitions": 1, "weight": 2},
        (b.pk, c.pk): {"meetings": 1, "coalitions": 0, "weight": 1},
    }


def test_a_longer_period_takes_older_meetings_and_coalitions_along(small_field, health):
    a, b, c = small_field["a"], small_field["b"], small_field["c"]
    today = timezone.localdate()
    period = field.Period(first=today - datetime.timedelta(days=1100), last=today)
    ties = field.combined_ties(period=period, among=health.organisations.values("pk"))
    assert ties[(a.pk, c.pk)] == {"meetings": 2, "coalitions": 1, "weight": 3}
    assert ties[(a.pk, b.pk)] == {"meetings": 2, "coalitions": 1, "weight": 3}


def test_closest_partners_are_ranked_by_weight_with_their_counts(small_field):
    a, b, c, d = (small_field[key] for key in "abcd")
    period = field.Period.last_year(today=timezone.localdate())

    ranked = field.closest_partners(b, period=period)

    assert [(tie["organisation"], tie["meetings"], tie["coalitions"], tie["weight"]) for tie in ranked] == [
        (a, 2, 0, 2),
        (c, 1, 0, 1),
        (d, 1, 0, 1),
    ]
    assert [tie["organisation"] for tie in field.closest_partners(a, period=period)] == [b, c]


def test_the_organisation_page_shows_its_closest_partners(viewer_client, small_field):
    html = viewer_client.get(small_field["a"].get_absolute_url()).content.decode()
    assert "Naaste partners" in html
    assert "2 gedeelde bijeenkomsten" in html
    assert "1 gedeelde bijeenkomst, 1 gedeelde coalitie" in html


def test_the_network_page_draws_the_ties_and_lists_them(viewer_client, small_field, health):
    response = viewer_client.get(f"/themes/{health.slug}/network/")
    html = response.content.decode()
    svg = svg_of(html)

    assert svg.get("role") == "img"
    hrefs = {a.get("href") for a in svg.iter(f"{SVG}a")}
    assert hrefs == {small_field[key].get_absolute_url() for key in "abc"}
    assert all(a.get("aria-label") for a in svg.iter(f"{SVG}a"))
    lines = list(svg.iter(f"{SVG}line"))
    assert len(lines) == 3
    assert [edge["weight"] for edge in response.context["network"]["edges"]] == [2, 2, 1]
    assert "Gedeelde bijeenkomsten" in html and "D-org" not in html


def test_the_network_period_comes_from_the_query_string(viewer_client, small_field, health):
    today = timezone.localdate()
    first = (today - datetime.timedelta(days=30)).isoformat()
    response = viewer_client.get(f"/themes/{health.slug}/network/?start={first}&end={today.isoformat()}")
    edges = response.context["network"]["edges"]
    # Only m1 (10 days ago: A, B and C) and the running coalition (A and C) fall in the last 30 days.
    assert sorted(edge["weight"] for edge in edges) == [1, 1, 2]


@pytest.mark.parametrize("query", ["start=gisteren", "start=2026-02-30", "start=2026-05-01&end=2026-01-01", "end=x"])
def test_a_bad_period_falls_back_to_the_last_12_months_with_a_dutch_message(viewer_client, health, query):
    response = viewer_client.get(f"/themes/{health.slug}/network/?{query}")
    assert response.status_code == 200
    assert response.context["period"] == field.Period.last_year(today=timezone.localdate())
    assert "De periode kon niet gebruikt worden" in response.content.decode()


def test_the_network_says_what_to_do_when_nobody_met(viewer_client, health):
    OrganisationFactory(themes=[health])
    html = viewer_client.get(f"/themes/{health.slug}/network/").content.decode()
    assert "Geen organisaties van dit thema hebben elkaar in deze periode ontmoet" in html


def _meeting_tables(theme, n, start=0):
    previous = OrganisationFactory(name=f"Net {start:03d}-0", themes=[theme])
    for index in range(start, start + n):
        org = OrganisationFactory(name=f"Net {index:03d}", themes=[theme])
        meeting = MeetingFactory(start=days_from_now(-1 - index), status=MeetingStatus.GEHOUDEN)
        meeting.organisations.set([previous, org])
        coalition = CoalitionFactory()
        CoalitionPartnerFactory(coalition=coalition, organisation=org)
        CoalitionPartnerFactory(coalition=coalition, organisation=previous)
        previous = org


def test_the_network_query_count_does_not_grow(viewer_client, health, django_assert_num_queries):
    _meeting_tables(health, 1)
    with django_assert_num_queries(6) as few:
        viewer_client.get(f"/themes/{health.slug}/network/")
    _meeting_tables(health, 12, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/themes/{health.slug}/network/")
    assert len(response.context["network"]["nodes"]) == 15


def test_a_big_network_draws_the_most_connected_and_says_so(health):
    _meeting_tables(health, 6)
    period = field.Period.last_year(today=timezone.localdate())
    network = field.theme_network(health, period=period, node_limit=4, edge_limit=3)
    assert len(network["nodes"]) == 4 and network["node_count"] == 7
    assert len(network["edges"]) == 3 and network["edge_count"] == 6
    assert all(line["a"].pk in {n["organisation"].pk for n in network["nodes"]} for line in network["lines"])


# -- Staff load ---------------------------------------------------------------------------------------


def test_staff_load_counts_hours_of_colleagues_present_at_overleg_meetings():
    from tests.factories import AttendanceFactory, OverlegFactory

    tz = timezone.get_current_timezone()
    now = datetime.datetime(2026, 3, 15, 12, tzinfo=tz)
    xandra = UserFactory(username="xandra", first_name="Xandra", is_colleague=True)
    yusuf = UserFactory(username="yusuf", first_name="Yusuf", is_colleague=True)
    overleg = OverlegFactory(name="Bestuurlijk overleg VNG")

    def meeting(day, hours, *, overleg=overleg, status=MeetingStatus.GEHOUDEN, people=()):
        start = datetime.datetime.combine(day, datetime.time(10), tzinfo=tz)
        m = MeetingFactory(start=start, end=start + datetime.timedelta(hours=hours), overleg=overleg, status=status)
        for user, attendance in people:
            AttendanceFactory(meeting=m, user=user, status=attendance)
        return m

    present = AttendanceStatus.AANWEZIG
    meeting(datetime.date(2026, 3, 10), 2, people=[(xandra, present), (yusuf, present)])
    meeting(datetime.date(2026, 2, 10), 1.5, people=[(xandra, present)])
    meeting(datetime.date(2026, 2, 12), 2, people=[(xandra, AttendanceStatus.AFGEMELD)])  # declined
    meeting(datetime.date(2026, 2, 13), 1, overleg=None, people=[(xandra, present)])  # no overleg
    meeting(datetime.date(2026, 2, 14), 3, status=MeetingStatus.GEANNULEERD, people=[(xandra, present)])
    meeting(datetime.date(2025, 3, 20), 4, people=[(xandra, present)])  # before the 12 months
    meeting(datetime.date(2026, 3, 16), 4, people=[(xandra, present)])  # after now

    load = field.staff_load(now=now)

    assert load["months"][0] == datetime.date(2025, 4, 1) and load["months"][-1] == datetime.date(2026, 3, 1)
    rows = {row["colleague"].username: row for row in load["rows"]}
    assert rows["xandra"]["hours"][-2:] == [1.5, 2.0] and rows["xandra"]["total"] == 3.5
    assert rows["yusuf"]["hours"][-1] == 2.0 and rows["yusuf"]["total"] == 2.0
    assert load["column_totals"][-2:] == [1.5, 4.0]
    assert load["grand_total"] == 5.5
    assert [(o.name, o.time_spent_hours) for o in load["overleggen"]] == [("Bestuurlijk overleg VNG", 5.5)]
    assert load["rows"][0]["colleague"] == xandra  # most hours first


def test_staff_load_page_shows_the_table_and_the_costliest_overleggen(viewer_client):
    from tests.factories import AttendanceFactory, OverlegFactory

    user = UserFactory(first_name="Sanne", last_name="de Vries", is_colleague=True)
    overleg = OverlegFactory(name="Landelijk overleg armoede")
    meeting = MeetingFactory(
        start=days_from_now(-3), end=days_from_now(-3) + datetime.timedelta(hours=2.5), overleg=overleg
    )
    AttendanceFactory(meeting=meeting, user=user, status=AttendanceStatus.AANWEZIG)

    html = viewer_client.get("/reports/staff-load/").content.decode()

    assert "Uren per collega per maand" in html
    assert "Sanne de Vries" in html and "2,5" in html
    assert "Landelijk overleg armoede" in html
    assert "Totaal" in html


def test_staff_load_without_hours_explains_how_they_come(viewer_client):
    html = viewer_client.get("/reports/staff-load/").content.decode()
    assert "Nog geen uren" in html


def test_staff_load_query_count_does_not_grow(viewer_client, django_assert_num_queries):
    from tests.factories import AttendanceFactory, OverlegFactory

    def add(n):
        for index in range(n):
            user = UserFactory(is_colleague=True)
            overleg = OverlegFactory()
            overleg.delegates.add(user)
            meeting = MeetingFactory(start=days_from_now(-10 * index - 2), overleg=overleg)
            AttendanceFactory(meeting=meeting, user=user, status=AttendanceStatus.AANWEZIG)

    add(1)
    with django_assert_num_queries(6) as few:
        viewer_client.get("/reports/staff-load/")
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/reports/staff-load/")
    assert len(response.context["load"]["overleggen"]) == 10


# -- Relationship health report ------------------------------------------------------------------------


def test_relationship_report_groups_stakeholders_by_last_contact_and_owner(viewer_client, health):
    sanne = UserFactory(username="sanne", first_name="Sanne", last_name="de Vries", is_colleague=True)
    joost = UserFactory(username="joost", first_name="Joost", last_name="van Dijk", is_colleague=True)
    orgs = {}
    for name, days, owner in [
        ("Recent", -10, sanne),
        ("Vervagend", -100, sanne),
        ("Koud", -200, sanne),
        ("Verloren", -400, joost),
        ("Nooit", None, None),
    ]:
        orgs[name] = OrganisationFactory(name=name, themes=[health], owner=owner)
        if days is not None:
            meeting_with(orgs[name], days=days, status=MeetingStatus.GEHOUDEN)
    OrganisationFactory(name="Ander Thema", themes=[Theme.objects.get(slug="armoede-schulden")])

    response = viewer_client.get(f"/reports/relationships/?theme={health.slug}")
    report = response.context["report"]
    html = response.content.decode()

    assert report["total"] == 5
    assert {entry["band"].key: entry["count"] for entry in report["bands"]} == {
        "recent": 1,
        "fading": 1,
        "cold": 1,
        "lost": 2,
    }
    lost = next(entry for entry in report["bands"] if entry["band"].key == "lost")
    assert lost["never"] == 1 and lost["rows"][0].name == "Nooit"  # never counts as longest ago
    assert [org.name for org in report["no_owner"]] == ["Nooit"]
    assert [(e["owner"], e["cold"], e["total"], e["share"]) for e in report["owners"]] == [
        (joost, 1, 1, 100),
        (sanne, 1, 3, 33),
    ]
    assert "Eigenaren met de meeste bekoelde relaties" in html and "Zonder eigenaar" in html
    assert "Ander Thema" not in html


def test_relationship_report_filters_on_owner_and_ignores_bad_values(viewer_client):
    sanne = UserFactory(username="sanne", is_colleague=True)
    OrganisationFactory(name="Van Sanne", owner=sanne)
    OrganisationFactory(name="Van niemand")
    assert viewer_client.get("/reports/relationships/?owner=sanne").context["report"]["total"] == 1
    response = viewer_client.get("/reports/relationships/?theme=bestaat-niet&owner=niemand")
    assert response.status_code == 200
    assert response.context["report"]["total"] == 2
    assert "genegeerd" in response.content.decode()


def test_relationship_report_query_count_does_not_grow(viewer_client, health, django_assert_num_queries):
    _stakeholders_with_contact(health, 1)
    with django_assert_num_queries(5) as few:
        viewer_client.get("/reports/relationships/")
    _stakeholders_with_contact(health, 15, start=1)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get("/reports/relationships/")
    assert response.context["report"]["total"] == 16


def test_the_theme_page_links_to_its_pictures(viewer_client, health):
    html = viewer_client.get(f"/themes/{health.slug}/").content.decode()
    assert f'href="/themes/{health.slug}/map/"' in html and f'href="/themes/{health.slug}/network/"' in html
    assert "Stakeholderkaart" in html


def test_the_navigation_has_coalitions_dossiers_and_reports(viewer_client):
    html = viewer_client.get("/").content.decode()
    for label, url in (("Coalities", "/coalitions/"), ("Dossiers", "/dossiers/"), ("Rapporten", "/reports/")):
        assert f'href="{url}"' in html and label in html


def test_the_report_index_runs_the_same_queries_for_few_and_many_themes(viewer_client, django_assert_num_queries):
    from tests.factories import ThemeFactory

    with django_assert_num_queries(3) as few:
        html = viewer_client.get("/reports/").content.decode()
    assert html.count("Stakeholderkaart<span") == Theme.objects.count()
    for _ in range(10):
        ThemeFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        html = viewer_client.get("/reports/").content.decode()
    assert html.count("Stakeholderkaart<span") == Theme.objects.count()
