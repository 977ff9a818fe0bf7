"""The iCalendar feeds: a colleague's personal feed and the feed of one overleg.

Every test parses the feed with the icalendar library and checks the events against the database.
"""

import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from meetings.calendar import meeting_path
from meetings.choices import AttendanceStatus, MeetingStatus
from meetings.models import CalendarToken
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, OverlegFactory, UserFactory
from tests.helpers import AMSTERDAM, days_from_now, local

pytestmark = pytest.mark.django_db


def meeting_for(user, start, *, status=AttendanceStatus.BEVESTIGD, **kwargs):
    kwargs.setdefault("end", start + datetime.timedelta(hours=2))
    meeting = MeetingFactory(start=start, **kwargs)
    AttendanceFactory(meeting=meeting, user=user, status=status)
    return meeting


def feed_url(user):
    return f"/calendar/{CalendarToken.objects.issue(user=user).token}.ics"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def assert_event_matches(event, meeting):
    """One VEVENT says what the database says about the meeting."""
    assert str(event["UID"]) == f"{meeting.uid}@sociaalwerknederland.nl"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].params["TZID"] == "Europe/Amsterdam"
    assert start == meeting.start and end == meeting.end
    assert start.tzinfo.key == "Europe/Amsterdam"
    assert start.astimezone(AMSTERDAM).time() == timezone.localtime(meeting.start, AMSTERDAM).time()
    assert int(event["SEQUENCE"]) == meeting.sequence
    assert str(event["STATUS"]) == ("CANCELLED" if meeting.is_cancelled else "CONFIRMED")
    # Without METHOD, DTSTAMP is the last revision, like LAST-MODIFIED (iCalendar keeps whole seconds).
    assert event.decoded("DTSTAMP") == meeting.updated_at.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == meeting.updated_at.replace(microsecond=0)


# --- Personal feed ---------------------------------------------------------------------------


def test_personal_feed_is_valid_icalendar_with_every_meeting_of_the_colleague(client):
    nienke = UserFactory(first_name="Nienke", last_name="Kuyvenhoven")
    planned = meeting_for(nienke, days_from_now(2), title="Bestuurlijk overleg")
    cancelled = meeting_for(nienke, days_from_now(3), title="Werkgroep", status=AttendanceStatus.UITGENODIGD)
    cancelled.status = MeetingStatus.GEANNULEERD
    cancelled.sequence = 4
    cancelled.save()
    meeting_for(nienke, days_from_now(4), title="Afgemeld", status=AttendanceStatus.AFGEMELD)
    meeting_for(nienke, days_from_now(-400), title="Lang geleden")
    MeetingFactory(title="Zonder Nienke", start=days_from_now(2))

    calendar = parse(client.get(feed_url(nienke)))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//Sociaal Werk Nederland//SWN CRM//NL"
    assert "Nienke Kuyvenhoven" in str(calendar["X-WR-CALNAME"])
    events = events_by_uid(calendar)
    assert len(events) == 2
    for meeting in (planned, cancelled):
        meeting.refresh_from_db()
        assert_event_matches(events[f"{meeting.uid}@sociaalwerknederland.nl"], meeting)
    assert str(events[f"{cancelled.uid}@sociaalwerknederland.nl"]["SUMMARY"]) == "Geannuleerd: Werkgroep"


def test_feed_has_a_vtimezone_for_amsterdam_covering_both_daylight_saving_changes(client):
    nienke = UserFactory()
    in_winter = meeting_for(nienke, days_from_now(1))
    start = timezone.localdate() + datetime.timedelta(days=200)
    in_other_season = meeting_for(nienke, local(start.year, start.month, start.day))

    calendar = parse(client.get(feed_url(nienke)))

    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Europe/Amsterdam"
    assert {c.name for c in vtimezone.subcomponents} == {"STANDARD", "DAYLIGHT"}
    assert calendar.get_missing_tzids() == set()
    events = events_by_uid(calendar)
    for meeting in (in_winter, in_other_season):
        event = events[f"{meeting.uid}@sociaalwerknederland.nl"]
        assert event.decoded("DTSTART").astimezone(AMSTERDAM).hour == 10


@pytest.mark.parametrize(
    ("start", "expected_utc_hour"),
    [
        (local(2026, 3, 27), 9),  # Friday before the clocks go forward: CET, UTC+1
        (local(2026, 3, 30), 8),  # Monday after: CEST, UTC+2
        (local(2026, 10, 23), 8),  # Friday before the clocks go back: CEST
        (local(2026, 10, 26), 9),  # Monday after: CET
    ],
)
def test_meetings_at_ten_stay_at_ten_local_across_daylight_saving(client, start, expected_utc_hour):
    overleg = OverlegFactory()
    meeting = MeetingFactory(overleg=overleg, start=start, end=start + datetime.timedelta(hours=2))
    viewer = UserFactory()
    client.force_login(viewer)

    calendar = parse(client.get(f"/overleggen/{overleg.pk}/calendar.ics"))

    (event,) = calendar.walk("VEVENT")
    assert f"DTSTART;TZID=Europe/Amsterdam:{start:%Y%m%d}T100000" in client.get(
        f"/overleggen/{overleg.pk}/calendar.ics"
    ).content.decode().replace("\r\n", "\n")
    assert event.decoded("DTSTART").astimezone(datetime.UTC).hour == expected_utc_hour
    assert_event_matches(event, meeting)


def test_titles_and_descriptions_are_escaped_and_come_back_unchanged(client):
    nienke = UserFactory(username="nienke")
    title = "Overleg VNG, VWS; en\nActiZ"
    meeting = meeting_for(nienke, days_from_now(1), title=title, location="Den Haag, zaal 3; 2e etage")
    meeting.organisations.add(OrganisationFactory(name="Gemeente Utrecht, afd. WMO"))

    response = client.get(feed_url(nienke))
    raw = response.content.decode()

    assert "SUMMARY:Overleg VNG\\, VWS\\; en\\nActiZ" in raw
    assert "LOCATION:Den Haag\\, zaal 3\\; 2e etage" in raw
    (event,) = parse(response).walk("VEVENT")
    assert str(event["SUMMARY"]) == title
    assert str(event["LOCATION"]) == "Den Haag, zaal 3; 2e etage"
    assert "Gemeente Utrecht, afd. WMO" in str(event["DESCRIPTION"])


def test_description_names_the_other_colleagues_and_organisations_and_url_links_the_meeting(client):
    nienke = UserFactory(first_name="Nienke", last_name="Kuyvenhoven")
    lex = UserFactory(first_name="Lex", last_name="Staal")
    declined = UserFactory(first_name="Anouk", last_name="Afgemeld")
    meeting = meeting_for(nienke, days_from_now(1), title="Stuurgroep", agenda="1. Opening\n2. Begroting")
    AttendanceFactory(meeting=meeting, user=lex)
    AttendanceFactory(meeting=meeting, user=declined, status=AttendanceStatus.AFGEMELD)
    meeting.organisations.add(OrganisationFactory(name="Vereniging van Nederlandse Gemeenten", acronym="VNG"))

    (event,) = parse(client.get(feed_url(nienke))).walk("VEVENT")

    description = str(event["DESCRIPTION"])
    assert "Andere collega’s: Lex Staal (deelnemer, bevestigd)" in description
    assert "Nienke" not in description
    assert "Anouk" not in description
    assert "Organisaties: Vereniging van Nederlandse Gemeenten (VNG)" in description
    assert "2. Begroting" in description
    assert str(event["URL"]) == f"http://testserver{meeting_path(meeting)}"


def test_feed_of_one_colleague_never_shows_meetings_of_another_colleague_only(client):
    anouk, bram = UserFactory(), UserFactory()
    shared = meeting_for(anouk, days_from_now(1), title="Samen")
    AttendanceFactory(meeting=shared, user=bram)
    meeting_for(bram, days_from_now(2), title="Alleen Bram")
    meeting_for(anouk, days_from_now(3), title="Alleen Anouk")

    anouk_titles = {str(e["SUMMARY"]) for e in parse(client.get(feed_url(anouk))).walk("VEVENT")}
    bram_titles = {str(e["SUMMARY"]) for e in parse(client.get(feed_url(bram))).walk("VEVENT")}

    assert anouk_titles == {"Samen", "Alleen Anouk"}
    assert bram_titles == {"Samen", "Alleen Bram"}


def test_the_feed_uid_of_a_meeting_is_stable_between_fetches_and_changes(client):
    nienke = UserFactory()
    meeting = meeting_for(nienke, days_from_now(1))
    url = feed_url(nienke)
    (before,) = parse(client.get(url)).walk("VEVENT")
    meeting.title = "Verplaatst"
    meeting.start += datetime.timedelta(hours=1)
    meeting.end += datetime.timedelta(hours=1)
    meeting.sequence += 1
    meeting.save()

    (after,) = parse(client.get(url)).walk("VEVENT")

    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == before.decoded("DTSTART") + datetime.timedelta(hours=1)


def test_feed_is_public_but_a_wrong_token_is_404(client):
    nienke = UserFactory()
    meeting_for(nienke, days_from_now(1))
    CalendarToken.objects.issue(user=nienke)
    assert client.get("/calendar/dit-is-geen-geldige-link.ics").status_code == 404
    assert client.get("/calendar/.ics").status_code == 404
    assert client.get("/calendar/a%00b.ics").status_code == 404
    assert client.get(f"/calendar/{'x' * 500}.ics").status_code == 404


def test_a_revoked_token_is_404(client):
    nienke = UserFactory()
    url = feed_url(nienke)
    assert client.get(url).status_code == 200
    CalendarToken.objects.revoke(user=nienke)
    assert client.get(url).status_code == 404


def test_a_renewed_token_works_and_the_old_one_is_404(client):
    nienke = UserFactory()
    old_url = feed_url(nienke)
    new_url = feed_url(nienke)
    assert old_url != new_url
    assert client.get(new_url).status_code == 200
    assert client.get(old_url).status_code == 404


def test_the_token_of_a_colleague_who_left_no_longer_opens_the_feed(client):
    nienke = UserFactory()
    url = feed_url(nienke)
    nienke.is_active = False
    nienke.save()
    assert client.get(url).status_code == 404


def test_a_feed_token_opens_the_feed_only_not_the_rest_of_the_crm(client):
    nienke = UserFactory()
    url = feed_url(nienke)
    assert client.get(url).status_code == 200
    response = client.get("/week/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_feed_answers_get_only(client):
    assert client.post(feed_url(UserFactory())).status_code == 405


def _fill(user, overleg, count):
    other = UserFactory()
    for n in range(count):
        meeting = meeting_for(user, days_from_now(n + 1), overleg=overleg)
        AttendanceFactory(meeting=meeting, user=other)
        meeting.organisations.add(OrganisationFactory())


def test_personal_feed_query_count_does_not_grow_with_meetings(client, django_assert_num_queries):
    nienke = UserFactory()
    overleg = OverlegFactory()
    url = feed_url(nienke)
    _fill(nienke, overleg, 1)
    # token + colleague, meetings + overleg, attendances, organisations
    with django_assert_num_queries(4):
        client.get(url)
    _fill(nienke, overleg, 20)
    with django_assert_num_queries(4):
        assert len(parse(client.get(url)).walk("VEVENT")) == 21


# --- Overleg feed ----------------------------------------------------------------------------


def test_overleg_feed_has_all_its_meetings_past_and_cancelled_too(viewer_client):
    overleg = OverlegFactory(name="Landelijk overleg armoede")
    meetings = [
        MeetingFactory(
            overleg=overleg, start=days_from_now(-500), end=days_from_now(-500) + datetime.timedelta(hours=1)
        ),
        MeetingFactory(overleg=overleg, start=days_from_now(7), end=days_from_now(7) + datetime.timedelta(hours=1)),
        MeetingFactory(
            overleg=overleg,
            start=days_from_now(14),
            end=days_from_now(14) + datetime.timedelta(hours=1),
            status=MeetingStatus.GEANNULEERD,
            sequence=2,
        ),
    ]
    MeetingFactory(overleg=OverlegFactory(), start=days_from_now(7))

    response = viewer_client.get(f"/overleggen/{overleg.pk}/calendar.ics")
    events = events_by_uid(parse(response))

    assert "attachment" in response["Content-Disposition"]
    assert len(events) == 3
    for meeting in meetings:
        meeting.refresh_from_db()
        assert_event_matches(events[f"{meeting.uid}@sociaalwerknederland.nl"], meeting)


def test_overleg_feed_of_an_unknown_overleg_is_404(viewer_client):
    assert viewer_client.get("/overleggen/999999/calendar.ics").status_code == 404


def test_overleg_feed_query_count_does_not_grow_with_meetings(viewer_client, django_assert_num_queries):
    overleg = OverlegFactory()
    colleague = UserFactory()
    _fill(colleague, overleg, 1)
    # session, user, overleg, meetings (with their overleg), attendances, organisations
    with django_assert_num_queries(6):
        viewer_client.get(f"/overleggen/{overleg.pk}/calendar.ics")
    _fill(colleague, overleg, 20)
    with django_assert_num_queries(6):
        viewer_client.get(f"/overleggen/{overleg.pk}/calendar.ics")


def test_personal_feed_is_dutch_whatever_language_the_calendar_app_asks_for(client):
    nienke = UserFactory()
    meeting = meeting_for(nienke, days_from_now(1), title="Overleg")
    AttendanceFactory(meeting=meeting, user=UserFactory(first_name="Lex", last_name="Staal"))

    response = client.get(feed_url(nienke), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    (event,) = parse(response).walk("VEVENT")
    assert "Andere collega’s: Lex Staal" in str(event["DESCRIPTION"])
