"""The weekly overview at /week/ and /week/<year>-W<week>/."""

import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind
from meetings.week import IsoWeek
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import local

pytestmark = pytest.mark.django_db


def meeting_at(start, *, hours=2, colleagues=(), **kwargs):
    meeting = MeetingFactory(start=start, end=start + datetime.timedelta(hours=hours), **kwargs)
    for user in colleagues:
        AttendanceFactory(meeting=meeting, user=user)
    return meeting


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


def meetings_by_day(response):
    return {day.date: [m.title for m in day.meetings] for day in response.context["board"].days}


# --- Which week -------------------------------------------------------------------------------


def test_iso_week_2026_has_53_weeks_and_2027_starts_on_4_january():
    week53 = IsoWeek(2026, 53)
    assert (week53.monday, week53.sunday) == (datetime.date(2026, 12, 28), datetime.date(2027, 1, 3))
    assert week53.next == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).monday == datetime.date(2027, 1, 4)
    assert IsoWeek(2027, 1).previous == week53
    with pytest.raises(ValueError):
        IsoWeek(2025, 53)


@pytest.mark.parametrize("text", ["2026-W48", "2026-w48", "2026 W48", "2026W48", "2026-48", " 2026-W48 "])
def test_week_text_is_read_as_typed_by_people(text):
    assert IsoWeek.parse(text) == IsoWeek(2026, 48)


@pytest.mark.parametrize("text", ["", "week 48", "2026-W99", "2026-W0", "48", "2026-W4-8"])
def test_week_text_that_is_no_week_is_refused(text):
    with pytest.raises(ValueError):
        IsoWeek.parse(text)


def test_week_page_shows_the_current_iso_week(viewer_client):
    response = viewer_client.get("/week/")
    html = html_of(response)
    today = timezone.localdate()
    week = IsoWeek.containing(today)
    assert response.context["week"] == week
    assert f"Week {week.week}, {week.year}" in html
    assert "deze week" in html


def test_week_2026_w53_runs_from_28_december_to_3_january(viewer_client):
    meeting_at(local(2026, 12, 27), title="Zondag ervoor")
    meeting_at(local(2026, 12, 28), title="Maandag 28 december")
    meeting_at(local(2027, 1, 3, 23, 0), title="Laat op zondag 3 januari", hours=0.5)
    meeting_at(local(2027, 1, 4), title="Maandag 4 januari")

    by_day = meetings_by_day(viewer_client.get("/week/2026-W53/"))

    assert list(by_day) == [datetime.date(2026, 12, 28) + datetime.timedelta(days=n) for n in range(7)]
    assert by_day[datetime.date(2026, 12, 28)] == ["Maandag 28 december"]
    assert by_day[datetime.date(2027, 1, 3)] == ["Laat op zondag 3 januari"]
    assert sum(len(titles) for titles in by_day.values()) == 2


def test_week_2027_w01_starts_on_monday_4_january(viewer_client):
    meeting_at(local(2027, 1, 3), title="Nog week 53")
    meeting_at(local(2027, 1, 4), title="Eerste werkdag")

    response = viewer_client.get("/week/2027-W01/")

    assert meetings_by_day(response)[datetime.date(2027, 1, 4)] == ["Eerste werkdag"]
    assert "Nog week 53" not in html_of(response)
    assert response.context["week"].previous == IsoWeek(2026, 53)


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/week/2026-W13/", datetime.date(2026, 3, 29)),  # clocks go forward at 02:00
        # Clocks go back at 03:00 on Sunday 25 October 2026, the last day of ISO week 43.
        ("/week/2026-W43/", datetime.date(2026, 10, 25)),
    ],
)
def test_meetings_in_daylight_saving_weeks_stay_at_ten_on_their_own_day(viewer_client, path, day):
    monday = day - datetime.timedelta(days=6)
    meeting_at(local(monday.year, monday.month, monday.day), title="Maandag om tien")
    meeting_at(local(day.year, day.month, day.day), title="Zondag om tien")
    meeting_at(local(day.year, day.month, day.day, 23, 30), title="Zondag laat", hours=0.25)
    next_monday = day + datetime.timedelta(days=1)
    meeting_at(local(next_monday.year, next_monday.month, next_monday.day, 0, 30), title="Maandag erna")

    response = viewer_client.get(path)
    html = html_of(response)

    by_day = meetings_by_day(response)
    assert by_day[monday] == ["Maandag om tien"]
    assert by_day[day] == ["Zondag om tien", "Zondag laat"]
    assert "Maandag erna" not in html
    assert "10:00–12:00" in html and "23:30–23:45" in html
    assert "09:00" not in html and "11:00–13:00" not in html


def test_the_week_after_the_clocks_go_back_starts_at_local_midnight(viewer_client):
    meeting_at(local(2026, 10, 25, 23, 30), title="Zondag laat", hours=0.25)
    meeting_at(local(2026, 10, 26, 0, 15), title="Net na middernacht", hours=0.25)
    meeting_at(local(2026, 10, 26), title="Maandag om tien")

    response = viewer_client.get("/week/2026-W44/")

    assert meetings_by_day(response)[datetime.date(2026, 10, 26)] == ["Net na middernacht", "Maandag om tien"]
    html = html_of(response)
    assert "Zondag laat" not in html
    assert "00:15–00:30" in html and "10:00–12:00" in html


@pytest.mark.parametrize("path", ["/week/2026-W99/", "/week/2026-W00/", "/week/2025-W53/", "/week/3000-W01/"])
def test_a_week_that_does_not_exist_is_404_not_500(viewer_client, path):
    assert viewer_client.get(path).status_code == 404


def test_a_one_digit_week_redirects_to_the_canonical_address_with_its_query(viewer_client):
    response = viewer_client.get("/week/2026-W5/?layout=colleague")
    assert response.status_code == 301
    assert response["Location"] == "/week/2026-W05/?layout=colleague"


def test_previous_next_and_this_week_links_keep_layout_and_filters(viewer_client):
    theme = ThemeFactory(slug="armoede")
    html = html_of(viewer_client.get("/week/2026-W53/?layout=colleague&theme=armoede"))
    assert theme
    assert 'href="/week/2026-W52/?layout=colleague&amp;theme=armoede"' in html
    assert 'href="/week/2027-W01/?layout=colleague&amp;theme=armoede"' in html
    this_week = IsoWeek.containing(timezone.localdate())
    assert f'href="{this_week.url}?layout=colleague&amp;theme=armoede"' in html


# --- Week picker -----------------------------------------------------------------------------


def test_week_picker_redirects_to_the_canonical_week_and_keeps_the_filters(viewer_client):
    response = viewer_client.get("/week/pick/", {"week": "2026-W5", "layout": "colleague", "theme": "jeugd"})
    assert response.status_code == 302
    assert response["Location"] == "/week/2026-W05/?layout=colleague&theme=jeugd"


def test_week_picker_form_offers_a_week_input_filled_with_the_shown_week(viewer_client):
    html = html_of(viewer_client.get("/week/2026-W48/"))
    assert 'type="week"' in html and 'name="week"' in html and 'value="2026-W48"' in html
    assert 'action="/week/pick/"' in html


def test_week_picker_with_nonsense_goes_to_this_week_with_a_dutch_message(viewer_client):
    response = viewer_client.get("/week/pick/", {"week": "volgende dinsdag"}, follow=True)
    html = html_of(response)
    assert response.context["week"] == IsoWeek.containing(timezone.localdate())
    assert "is geen week die we kunnen tonen" in html


# --- What a day shows ------------------------------------------------------------------------


def test_each_meeting_shows_time_title_overleg_organiser_location_themes_and_colleagues(viewer_client, viewer):
    theme = ThemeFactory(name="Armoede & schulden")
    vng = OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG")
    overleg = OverlegFactory(name="Bestuurlijk overleg sociaal domein", organiser=vng, themes=[theme])
    colleague = UserFactory(first_name="Sanne", last_name="de Vries")
    meeting = meeting_at(
        local(2026, 11, 24, 13, 30), title="Overleg schuldhulp", overleg=overleg, location="VNG, Den Haag"
    )
    AttendanceFactory(meeting=meeting, user=viewer, status=AttendanceStatus.UITGENODIGD)
    AttendanceFactory(
        meeting=meeting, user=colleague, status=AttendanceStatus.BEVESTIGD, role=AttendanceRole.VOORZITTER
    )

    html = html_of(viewer_client.get("/week/2026-W48/"))

    for text in [
        "13:30–15:30",
        "Overleg schuldhulp",
        "Bestuurlijk overleg sociaal domein",
        "Organisator: VNG",
        "VNG, Den Haag",
        "Armoede &amp; schulden",
        "Mira Medewerker",
        "uitgenodigd",
        "Sanne de Vries",
        "bevestigd, voorzitter",
        "dinsdag</span> 24 november",
    ]:
        assert text in html, text


def test_a_meeting_on_its_own_takes_its_themes_from_the_organisations_at_the_table(viewer_client, viewer):
    theme = ThemeFactory(name="Jeugd & opvoeding")
    meeting = meeting_at(local(2026, 11, 25), title="Werkbezoek Jeugdzorg", colleagues=[viewer])
    meeting.organisations.add(OrganisationFactory(themes=[theme]))

    response = viewer_client.get("/week/2026-W48/")

    assert "Losse bijeenkomst" in html_of(response)
    shown = next(m for day in response.context["board"].days for m in day.meetings)
    assert [t.name for t in shown.week_themes] == ["Jeugd & opvoeding"]


def test_cancelled_meetings_are_struck_through_and_labelled(viewer_client, viewer):
    meeting_at(local(2026, 11, 26), title="Afgelast overleg", status=MeetingStatus.GEANNULEERD, colleagues=[viewer])
    html = html_of(viewer_client.get("/week/2026-W48/"))
    item = html[html.index('class="week-meeting week-meeting-cancelled"') :]
    item = item[: item.index("</li>")]
    assert "Afgelast overleg" in item
    assert "meeting-cancelled" in item
    assert "Geannuleerd" in item


def test_meetings_without_any_swn_colleague_going_are_flagged(viewer_client, viewer):
    nobody = meeting_at(local(2026, 11, 23), title="Niemand gaat")
    declined = meeting_at(local(2026, 11, 24), title="Iedereen afgemeld")
    AttendanceFactory(meeting=declined, user=viewer, status=AttendanceStatus.AFGEMELD)
    meeting_at(local(2026, 11, 25), title="Mira gaat", colleagues=[viewer])

    response = viewer_client.get("/week/2026-W48/")
    html = html_of(response)

    flagged = {m.title for day in response.context["board"].days for m in day.meetings if m.no_colleague}
    assert flagged == {nobody.title, declined.title}
    assert html.count("Geen SWN-collega") == 2
    assert "afgemeld" in html


def test_an_empty_week_says_what_to_do(viewer_client):
    html = html_of(viewer_client.get("/week/2026-W48/"))
    assert "In deze week is nog niets gepland" in html
    assert html.count("Geen bijeenkomsten.") == 7


# --- Per colleague ---------------------------------------------------------------------------


def test_per_colleague_layout_has_a_row_for_every_active_colleague(viewer_client, viewer):
    colleagues = [viewer, *UserFactory.create_batch(3)]
    UserFactory(is_active=False, first_name="Vertrokken")
    UserFactory(is_colleague=False, first_name="Technisch")

    response = viewer_client.get("/week/2026-W48/?layout=colleague")
    html = html_of(response)

    assert [row.colleague for row in response.context["board"].rows] == sorted(
        colleagues, key=lambda u: (u.first_name, u.last_name, u.username)
    )
    assert "Vertrokken" not in html and "Technisch" not in html
    assert 'aria-current="page">Per collega' in html


def test_per_colleague_layout_marks_double_bookings_and_free_days(viewer_client, viewer):
    meeting_at(local(2026, 11, 24, 10), title="Eerste overleg", colleagues=[viewer])
    meeting_at(local(2026, 11, 24, 11), title="Tweede overleg", colleagues=[viewer])
    meeting_at(local(2026, 11, 24, 14), title="Middag", colleagues=[viewer])  # after both: no clash
    meeting_at(local(2026, 11, 25, 10), title="Geannuleerd tegelijk", colleagues=[viewer])
    meeting_at(local(2026, 11, 25, 10), title="Gaat door", colleagues=[viewer], status=MeetingStatus.GEANNULEERD)

    response = viewer_client.get("/week/2026-W48/?layout=colleague")
    html = html_of(response)

    (row,) = response.context["board"].rows
    tuesday, wednesday = row.days[1], row.days[2]
    assert [b.attendance.double_booked for b in tuesday.bookings] == [True, True, False]
    assert tuesday.has_double_booking and not wednesday.has_double_booking
    assert [day.is_free for day in row.days[:5]] == [True, False, False, True, True]
    assert html.count("Dubbel geboekt") == 2
    assert "Dubbele boekingen" in html
    assert html.count(">vrij<") == 3


def test_declined_attendance_is_no_booking_and_no_double_booking(viewer_client, viewer):
    meeting_at(local(2026, 11, 24, 10), title="Wel", colleagues=[viewer])
    declined = meeting_at(local(2026, 11, 24, 10), title="Niet")
    AttendanceFactory(meeting=declined, user=viewer, status=AttendanceStatus.AFGEMELD)

    response = viewer_client.get("/week/2026-W48/?layout=colleague")

    (row,) = response.context["board"].rows
    assert [b.meeting.title for b in row.days[1].bookings] == ["Wel"]
    assert "Dubbel geboekt" not in html_of(response)


def test_an_unknown_layout_falls_back_to_per_day(viewer_client):
    response = viewer_client.get("/week/2026-W48/?layout=maand")
    assert html_of(response) and response.context["by_colleague"] is False


def test_a_busy_day_shows_its_first_meetings_and_links_to_all_of_them_keeping_the_filters(viewer_client):
    from meetings.views.week import MEETINGS_SHOWN_PER_DAY as shown

    for n in range(shown + 3):
        meeting_at(local(2026, 12, 1, 8) + datetime.timedelta(minutes=n), title=f"Drukte {n:02d}", hours=0.5)
    meeting_at(local(2026, 12, 2), title="Rustige woensdag")

    response = viewer_client.get("/week/2026-W49/?q=")
    html = html_of(response)

    tuesday, wednesday = response.context["board"].days[1:3]
    assert [m.title for m in tuesday.shown] == [f"Drukte {n:02d}" for n in range(shown)]
    assert tuesday.hidden_count == 3 and len(tuesday.meetings) == shown + 3
    assert f"Drukte {shown:02d}" not in html and "Rustige woensdag" in html
    assert f'<a href="?q=&amp;all=1#day-2026-12-01">Toon alle {shown + 3} bijeenkomsten van deze dag</a>' in html
    assert html.count("Toon alle") == 1
    assert "3 bijeenkomsten deze week" not in html and f"{shown + 4} bijeenkomsten deze week" in html

    everything = html_of(viewer_client.get("/week/2026-W49/?q=&all=1"))
    assert f"Drukte {shown + 2:02d}" in everything and "Toon alle" not in everything


# --- Filters ---------------------------------------------------------------------------------


def titles_shown(response):
    return sorted(m.title for day in response.context["board"].days for m in day.meetings)


def test_filter_on_colleague_shows_their_meetings_and_only_their_row(viewer_client, viewer):
    sanne = UserFactory(username="sanne")
    meeting_at(local(2026, 11, 23), title="Met Sanne", colleagues=[sanne, viewer])
    meeting_at(local(2026, 11, 24), title="Zonder Sanne", colleagues=[viewer])
    declined = meeting_at(local(2026, 11, 25), title="Sanne afgemeld")
    AttendanceFactory(meeting=declined, user=sanne, status=AttendanceStatus.AFGEMELD)

    response = viewer_client.get("/week/2026-W48/?colleague=sanne&layout=colleague")

    assert titles_shown(response) == ["Met Sanne"]
    assert [row.colleague for row in response.context["board"].rows] == [sanne]


def test_filter_on_theme_uses_the_overleg_or_the_organisations_at_the_table(viewer_client):
    armoede, jeugd = ThemeFactory(slug="armoede-schulden"), ThemeFactory(slug="jeugd-opvoeding")
    meeting_at(local(2026, 11, 23), title="Overleg armoede", overleg=OverlegFactory(themes=[armoede]))
    meeting_at(local(2026, 11, 23), title="Overleg jeugd", overleg=OverlegFactory(themes=[jeugd]))
    visit = meeting_at(local(2026, 11, 24), title="Bezoek schuldhulp")
    visit.organisations.add(OrganisationFactory(themes=[armoede]), OrganisationFactory(themes=[armoede, jeugd]))

    assert titles_shown(viewer_client.get("/week/2026-W48/?theme=armoede-schulden")) == [
        "Bezoek schuldhulp",
        "Overleg armoede",
    ]


def test_filter_on_kind_of_overleg_and_on_meetings_without_overleg(viewer_client):
    meeting_at(local(2026, 11, 23), title="Ledencommissie", overleg=OverlegFactory(kind=OverlegKind.LEDENCOMMISSIE))
    meeting_at(local(2026, 11, 23), title="Werkgroep", overleg=OverlegFactory(kind=OverlegKind.WERKGROEP))
    meeting_at(local(2026, 11, 24), title="Lunch")

    assert titles_shown(viewer_client.get("/week/2026-W48/?kind=ledencommissie")) == ["Ledencommissie"]
    assert titles_shown(viewer_client.get("/week/2026-W48/?kind=zonder-overleg")) == ["Lunch"]


def test_only_mine_shows_the_meetings_of_the_logged_in_colleague(viewer_client, viewer, editor):
    meeting_at(local(2026, 11, 23), title="Van Mira", colleagues=[viewer])
    meeting_at(local(2026, 11, 23), title="Van Ruben", colleagues=[editor])

    response = viewer_client.get("/week/2026-W48/?mine=on&layout=colleague")

    assert titles_shown(response) == ["Van Mira"]
    assert [row.colleague for row in response.context["board"].rows] == [viewer]
    assert "Alleen mijn bijeenkomsten" in html_of(response)


def test_search_finds_title_overleg_location_and_organisation(viewer_client):
    meeting_at(local(2026, 11, 23), title="Gesprek")
    meeting_at(local(2026, 11, 23), title="Overleg", overleg=OverlegFactory(name="Platform Schuldhulp"))
    meeting_at(local(2026, 11, 24), title="Bezoek", location="Schuldhulp Utrecht")
    at_table = meeting_at(local(2026, 11, 25), title="Lunch")
    at_table.organisations.add(OrganisationFactory(name="NVVK Schuldhulp"))

    assert titles_shown(viewer_client.get("/week/2026-W48/?q=schuldhulp")) == ["Bezoek", "Lunch", "Overleg"]


@pytest.mark.parametrize(
    "query",
    [
        "colleague=niemand",
        "theme=bestaat-niet",
        "kind=vergadering",
        "colleague=1%27%20OR%201=1",
        "theme=%00",
        "q=a%00b",
    ],
)
def test_invalid_filter_values_are_ignored_with_a_dutch_message(viewer_client, query):
    meeting_at(local(2026, 11, 23), title="Blijft zichtbaar")
    for layout in ("", "&layout=colleague"):
        html = html_of(viewer_client.get(f"/week/2026-W48/?{query}{layout}"))
        assert "konden niet worden gebruikt" in html
    assert "Blijft zichtbaar" in html_of(viewer_client.get(f"/week/2026-W48/?{query}"))


def test_only_mine_with_an_odd_value_still_gives_a_page(viewer_client):
    assert viewer_client.get("/week/2026-W48/?mine=misschien&layout=colleague").status_code == 200


def test_the_filter_form_keeps_the_chosen_layout(viewer_client):
    html = html_of(viewer_client.get("/week/2026-W48/?layout=colleague"))
    assert '<input type="hidden" name="layout" value="colleague">' in html


# --- Query cost (printing: see test_week_print.py) ------------------------------------------


def _fill_week(count, colleagues):
    theme = ThemeFactory(slug="thema-telling")
    for n in range(count):
        overleg = OverlegFactory(themes=[theme], organiser=OrganisationFactory())
        meeting = meeting_at(local(2026, 11, 23 + n % 7, 9 + n % 8), overleg=overleg, colleagues=colleagues)
        standalone = meeting_at(local(2026, 11, 23 + n % 7, 12), colleagues=colleagues[:1])
        standalone.organisations.add(OrganisationFactory(themes=[theme]))
        meeting.organisations.add(OrganisationFactory(themes=[theme]))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # session, user, meetings + 4 prefetches, filter choices (2), permissions (2)
        ("", 11),
        ("?layout=colleague", 12),  # + the colleagues for the rows
        ("?layout=colleague&theme=thema-telling&mine=on&q=e", 13),  # + the chosen theme
    ],
)
def test_week_page_query_count_does_not_grow_with_meetings(
    viewer_client, viewer, django_assert_num_queries, query, expected
):
    colleagues = [viewer, UserFactory()]
    _fill_week(1, colleagues)
    with django_assert_num_queries(expected) as few:
        viewer_client.get(f"/week/2026-W48/{query}")
    _fill_week(25, colleagues)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/week/2026-W48/{query}")
    assert response.context["board"].meeting_count >= 50
