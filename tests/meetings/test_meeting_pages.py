"""/meetings/<id>/ and planning meetings: colleagues, cancelling, the outcome, one's own attendance."""

import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus
from meetings.models import Attendance, Meeting
from tests.factories import (
    AttendanceFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    UserFactory,
)
from tests.helpers import AMSTERDAM, days_from_now, post_edit

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def meeting_data(**overrides):
    day = timezone.localdate() + datetime.timedelta(days=7)
    data = {
        "overleg": "",
        "title": "Kennismaking met ActiZ",
        "date": day.isoformat(),
        "start_time": "10:00",
        "end_time": "11:30",
        "location": "Utrecht",
        "online_url": "",
        "agenda": "1. Kennismaken",
        "seats-TOTAL_FORMS": "3",
        "seats-INITIAL_FORMS": "0",
        "seats-MIN_NUM_FORMS": "0",
        "seats-MAX_NUM_FORMS": "1000",
    }
    for n in range(3):
        data |= {f"seats-{n}-user": "", f"seats-{n}-role": "deelnemer", f"seats-{n}-status": "uitgenodigd"}
    return data | overrides


def seat(n, user, role="deelnemer", status="uitgenodigd"):
    return {f"seats-{n}-user": str(user.pk), f"seats-{n}-role": role, f"seats-{n}-status": status}


# -- the meeting page -------------------------------------------------------------------------


def test_meeting_page_shows_time_place_overleg_agenda_outcome_colleagues_and_contacts(viewer_client):
    overleg = OverlegFactory(name="Bestuurlijk overleg VWS")
    vws = OrganisationFactory(name="Ministerie van VWS")
    contact = ContactPersonFactory(organisation=vws, name="Jan de Vries", job_title="Directeur")
    meeting = MeetingFactory(
        overleg=overleg,
        title="Bestuurlijk overleg VWS",
        start=datetime.datetime(2027, 3, 9, 10, tzinfo=AMSTERDAM),
        end=datetime.datetime(2027, 3, 9, 12, tzinfo=AMSTERDAM),
        location="Den Haag",
        online_url="https://teams.example.nl/abc",
        agenda="1. Ouderenpact",
        outcome="Brief volgt.",
    )
    meeting.organisations.set([vws])
    meeting.contacts.set([contact])
    AttendanceFactory(
        meeting=meeting,
        user=UserFactory(first_name="Lex", last_name="Staal"),
        role=AttendanceRole.VOORZITTER,
        status=AttendanceStatus.BEVESTIGD,
    )

    html = viewer_client.get(f"/meetings/{meeting.pk}/").content.decode()

    for text in [
        "dinsdag 9 maart 2027, 10:00–12:00",
        "Den Haag",
        "https://teams.example.nl/abc",
        "Bestuurlijk overleg VWS",
        "1. Ouderenpact",
        "Brief volgt.",
        "Lex Staal",
        "Voorzitter",
        "Bevestigd",
        "Ministerie van VWS",
        "Jan de Vries (Directeur)",
    ]:
        assert text in html, text


def test_briefing_names_the_last_earlier_held_meeting_per_organisation(viewer_client):
    vng, actiz = OrganisationFactory(name="VNG"), OrganisationFactory(name="ActiZ")
    meeting = MeetingFactory(start=days_from_now(5), end=days_from_now(5, 12))
    meeting.organisations.set([vng, actiz])

    older = MeetingFactory(
        title="Oud overleg", start=days_from_now(-90), end=days_from_now(-90, 12), status="gehouden", outcome="Oud"
    )
    last = MeetingFactory(
        title="Werkbezoek VNG",
        start=days_from_now(-20),
        end=days_from_now(-20, 12),
        status="gehouden",
        outcome="Notitie afgesproken.",
    )
    cancelled = MeetingFactory(
        title="Afgelast", start=days_from_now(-5), end=days_from_now(-5, 12), status="geannuleerd"
    )
    later = MeetingFactory(
        title="Na deze", start=days_from_now(30), end=days_from_now(30, 12), status="gehouden", outcome="Later"
    )
    for m in (older, last, cancelled, later):
        m.organisations.set([vng])
    AttendanceFactory(meeting=last, user=UserFactory(first_name="Sanne", last_name="de Vries"), status="aanwezig")
    AttendanceFactory(meeting=last, user=UserFactory(first_name="Joost", last_name="Afwezig"), status="afgemeld")

    response = viewer_client.get(f"/meetings/{meeting.pk}/")
    rows = {row["organisation"].name: row for row in response.context["at_the_table"]["rows"]}
    html = response.content.decode()

    assert rows["VNG"]["last_meeting"].pk == last.pk
    assert rows["ActiZ"]["last_meeting"] is None
    assert "Werkbezoek VNG" in html and "Notitie afgesproken." in html
    assert "Sanne de Vries" in html and "Joost Afwezig" not in html
    assert "Na deze" not in html and "Afgelast" not in html
    assert "Niet eerder gesproken" in html


def make_meeting_with_organisations(count):
    meeting = MeetingFactory(overleg=OverlegFactory(organiser=OrganisationFactory()))
    organisations = [OrganisationFactory() for _ in range(count)]
    meeting.organisations.set(organisations)
    meeting.contacts.set([ContactPersonFactory(organisation=org) for org in organisations])
    for org in organisations:
        earlier = MeetingFactory(
            start=days_from_now(-10), end=days_from_now(-10, 12), status="gehouden", outcome="Iets"
        )
        earlier.organisations.set([org])
        AttendanceFactory(meeting=earlier, status="aanwezig")
        AttendanceFactory(meeting=meeting)
    return meeting


def test_meeting_page_query_count_does_not_grow_with_organisations(viewer_client, django_assert_num_queries):
    small = make_meeting_with_organisations(1)
    # 12 of them for the history section (swn_crm/history.py): its count is fixed, whatever it shows.
    with django_assert_num_queries(24) as few:
        viewer_client.get(f"/meetings/{small.pk}/")
    nobody_at_the_table = MeetingFactory()
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get(f"/meetings/{nobody_at_the_table.pk}/")
    large = make_meeting_with_organisations(8)
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(f"/meetings/{large.pk}/")
    assert len(response.context["at_the_table"]["rows"]) == 8


def test_meeting_page_of_an_unknown_meeting_is_404(viewer_client):
    assert viewer_client.get("/meetings/999999/").status_code == 404


def test_viewer_sees_respond_buttons_but_no_planning_buttons(viewer_client, viewer):
    meeting = AttendanceFactory(user=viewer, status="uitgenodigd", meeting=MeetingFactory()).meeting
    html = viewer_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "Ik ga" in html and "Ik ga niet" in html
    assert "Bewerken" not in html and "Annuleren" not in html


def test_editor_sees_the_planning_buttons(editor_client):
    meeting = MeetingFactory()
    html = editor_client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/meetings/{meeting.pk}/edit/" in html
    assert f"/meetings/{meeting.pk}/cancel/" in html


# -- double bookings ------------------------------------------------------------------------


def test_meeting_page_warns_about_colleagues_booked_at_the_same_time(viewer_client):
    lex = UserFactory(first_name="Lex", last_name="Staal")
    meeting = AttendanceFactory(
        user=lex, meeting=MeetingFactory(start=days_from_now(3, 10), end=days_from_now(3, 12))
    ).meeting
    clash = AttendanceFactory(
        user=lex, meeting=MeetingFactory(title="Stuurgroep VNG", start=days_from_now(3, 11), end=days_from_now(3, 13))
    ).meeting
    # Not clashes: right after, declined, cancelled.
    AttendanceFactory(
        user=lex, meeting=MeetingFactory(title="Daarna", start=days_from_now(3, 12), end=days_from_now(3, 13))
    )
    AttendanceFactory(
        user=lex,
        status="afgemeld",
        meeting=MeetingFactory(title="Afgemeld", start=days_from_now(3, 10), end=days_from_now(3, 11)),
    )
    AttendanceFactory(
        user=lex,
        meeting=MeetingFactory(
            title="Afgelast", start=days_from_now(3, 10), end=days_from_now(3, 11), status="geannuleerd"
        ),
    )

    html = viewer_client.get(f"/meetings/{meeting.pk}/").content.decode()

    assert "Dubbel geboekt" in html
    assert "Lex Staal staat ook bij" in html
    assert f'href="/meetings/{clash.pk}/"' in html and "Stuurgroep VNG" in html
    assert "Daarna" not in html and "Afgemeld" not in html and "Afgelast" not in html


def test_saving_a_meeting_with_a_double_booking_warns_but_saves(editor_client):
    lex = UserFactory(first_name="Lex", last_name="Staal")
    day = timezone.localdate() + datetime.timedelta(days=7)
    other = AttendanceFactory(
        user=lex,
        meeting=MeetingFactory(
            title="Platform armoede",
            start=datetime.datetime.combine(day, datetime.time(11), tzinfo=AMSTERDAM),
            end=datetime.datetime.combine(day, datetime.time(13), tzinfo=AMSTERDAM),
        ),
    ).meeting

    response = editor_client.post("/meetings/new/", meeting_data(**seat(0, lex)), follow=True)

    meeting = Meeting.objects.get(title="Kennismaking met ActiZ")
    html = response.content.decode()
    assert meeting.attendances.get().user == lex
    assert 'class="alert alert-warning"' in html and "dubbele boekingen" in html  # the message
    assert f'<a href="/meetings/{other.pk}/">Platform armoede</a>' in html
    assert html.count("Platform armoede") == 2  # the message and the warning on the page


# -- planning meetings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/meetings/new/"),
        ("post", "/meetings/new/"),
        ("get", "/meetings/{pk}/edit/"),
        ("post", "/meetings/{pk}/edit/"),
        ("post", "/meetings/{pk}/cancel/"),
        ("get", "/meetings/{pk}/outcome/"),
        ("post", "/meetings/{pk}/outcome/"),
    ],
)
def test_viewers_cannot_plan_meetings(viewer_client, method, url):
    meeting = MeetingFactory(title="Onaangeroerd", start=days_from_now(-3), end=days_from_now(-3, 12))
    response = getattr(viewer_client, method)(url.format(pk=meeting.pk), meeting_data(outcome="x"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert (meeting.title, meeting.status, meeting.sequence) == ("Onaangeroerd", "gepland", 0)
    assert Meeting.objects.count() == 1


def test_editor_creates_a_meeting_with_colleagues(editor_client):
    lex, sanne = UserFactory(username="lex"), UserFactory(username="sanne")
    vng = OrganisationFactory(name="VNG")
    contact = ContactPersonFactory(organisation=vng)
    data = meeting_data(organisations=[vng.pk], contacts=[contact.pk])
    data |= seat(0, lex, role="voorzitter", status="bevestigd") | seat(1, sanne)

    response = editor_client.post("/meetings/new/", data)

    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"
    assert meeting.start.astimezone(AMSTERDAM).time() == datetime.time(10)
    assert meeting.end - meeting.start == datetime.timedelta(minutes=90)
    assert meeting.sequence == 0 and meeting.status == MeetingStatus.GEPLAND
    assert set(meeting.attendances.values_list("user__username", "role", "status")) == {
        ("lex", "voorzitter", "bevestigd"),
        ("sanne", "deelnemer", "uitgenodigd"),
    }
    assert list(meeting.organisations.all()) == [vng] and list(meeting.contacts.all()) == [contact]


def test_new_meeting_from_an_overleg_is_prefilled(editor_client):
    lex = UserFactory(username="lex", first_name="Lex", last_name="Staal")
    vng = OrganisationFactory(name="VNG")
    overleg = OverlegFactory(
        name="VNG Commissie", start_time=datetime.time(14), end_time=datetime.time(16), location="Den Haag"
    )
    overleg.delegates.set([lex])
    overleg.organisations.set([vng])

    response = editor_client.get(f"/meetings/new/?overleg={overleg.pk}")

    form, seats = response.context["form"], response.context["seats"]
    assert form["title"].value() == "VNG Commissie"
    assert form["overleg"].value() == overleg.pk
    assert str(form["start_time"].value()) == "14:00:00" and str(form["end_time"].value()) == "16:00:00"
    assert form["location"].value() == "Den Haag"
    assert form["organisations"].value() == [vng.pk]
    assert seats.forms[0]["user"].value() == lex.pk
    html = response.content.decode()
    assert 'value="14:00"' in html and 'type="date"' in html


@pytest.mark.parametrize("overleg", ["abc", "999999", "-1", ""])
def test_a_bad_overleg_in_the_address_gives_an_empty_form(editor_client, overleg):
    response = editor_client.get(f"/meetings/new/?overleg={overleg}")
    assert response.status_code == 200
    assert response.context["form"]["title"].value() in (None, "")


def test_every_save_raises_the_sequence_and_marks_generated_meetings_as_hand_edited(editor_client):
    lex, sanne = UserFactory(username="lex"), UserFactory(username="sanne")
    start = days_from_now(7)
    meeting = MeetingFactory(start=start, end=start + datetime.timedelta(hours=2), recurrence_id=start)
    AttendanceFactory(meeting=meeting, user=lex)
    AttendanceFactory(meeting=meeting, user=sanne)
    data = meeting_data(**{"seats-INITIAL_FORMS": "2"}) | seat(0, lex, status="bevestigd") | seat(1, sanne)
    data["seats-1-DELETE"] = "on"

    post_edit(editor_client, f"/meetings/{meeting.pk}/edit/", data)
    meeting.refresh_from_db()
    assert meeting.sequence == 1 and meeting.edited_by_hand
    assert list(meeting.attendances.values_list("user__username", "status")) == [("lex", "bevestigd")]
    assert meeting.recurrence_id == start  # still the occurrence it stands for

    post_edit(editor_client, f"/meetings/{meeting.pk}/edit/", data)
    meeting.refresh_from_db()
    assert meeting.sequence == 2


def test_the_same_colleague_twice_is_a_dutch_error(editor_client):
    lex = UserFactory(username="lex", first_name="Lex", last_name="Staal")
    response = editor_client.post("/meetings/new/", meeting_data(**seat(0, lex), **seat(1, lex)))
    assert response.status_code == 200
    assert "Lex Staal staat twee keer op de lijst." in response.content.decode()
    assert not Meeting.objects.exists()


def test_end_before_start_redisplays_the_meeting_form_with_typed_values_and_a_dutch_error(editor_client):
    response = editor_client.post(
        "/meetings/new/", meeting_data(title="Te vroeg klaar", start_time="14:00", end_time="13:00")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De eindtijd moet na de begintijd liggen." in html
    assert 'value="Te vroeg klaar"' in html and 'value="14:00"' in html and 'value="13:00"' in html
    assert not Meeting.objects.exists()


def test_letters_in_the_date_and_time_are_dutch_errors(editor_client):
    response = editor_client.post("/meetings/new/", meeting_data(date="morgen", start_time="tien uur"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voer een geldige datum in." in html and "Voer een geldige tijd in." in html


@pytest.mark.parametrize(
    ("day", "utc_start"),
    [
        (datetime.date(2027, 3, 28), datetime.datetime(2027, 3, 28, 8, tzinfo=UTC)),  # CEST, UTC+2
        (datetime.date(2027, 10, 31), datetime.datetime(2027, 10, 31, 9, tzinfo=UTC)),  # CET, UTC+1
        (datetime.date(2027, 3, 27), datetime.datetime(2027, 3, 27, 9, tzinfo=UTC)),  # the day before: CET
    ],
)
def test_times_are_entered_and_shown_in_amsterdam_time_on_daylight_saving_days(editor_client, day, utc_start):
    editor_client.post("/meetings/new/", meeting_data(date=day.isoformat()))
    meeting = Meeting.objects.get()
    assert meeting.start == utc_start
    assert meeting.end == utc_start + datetime.timedelta(minutes=90)
    assert "10:00–11:30" in editor_client.get(f"/meetings/{meeting.pk}/").content.decode()
    form = editor_client.get(f"/meetings/{meeting.pk}/edit/").context["form"]
    assert str(form["start_time"].value()) == "10:00:00"


def test_a_time_that_does_not_exist_on_the_clock_change_is_a_form_error(editor_client):
    response = editor_client.post(
        "/meetings/new/", meeting_data(date="2027-03-28", start_time="02:30", end_time="03:30")
    )
    assert response.status_code == 200
    assert "Europe/Amsterdam" in response.content.decode()
    assert not Meeting.objects.exists()


def test_cancelling_keeps_the_meeting_struck_through_with_a_label(editor_client):
    meeting = MeetingFactory(title="Werkgroep")
    response = editor_client.post(f"/meetings/{meeting.pk}/cancel/", follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEANNULEERD
    assert meeting.sequence == 1
    html = response.content.decode()
    assert "Geannuleerd" in html and "meeting-cancelled" in html
    assert "Deze bijeenkomst is geannuleerd" in html


def test_cancel_and_respond_reject_get(editor_client):
    meeting = MeetingFactory()
    assert editor_client.get(f"/meetings/{meeting.pk}/cancel/").status_code == 405
    assert editor_client.get(f"/meetings/{meeting.pk}/attendance/").status_code == 405
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND


def test_recording_the_outcome_marks_the_meeting_held_and_who_was_there(editor_client):
    lex, sanne = UserFactory(username="lex"), UserFactory(username="sanne")
    start = days_from_now(-2)
    meeting = MeetingFactory(start=start, end=start + datetime.timedelta(hours=2), recurrence_id=start)
    AttendanceFactory(meeting=meeting, user=lex, status="bevestigd")
    AttendanceFactory(meeting=meeting, user=sanne, status="bevestigd")

    page = editor_client.get(f"/meetings/{meeting.pk}/outcome/")
    assert set(page.context["form"]["present"].value()) == {lex.pk, sanne.pk}
    response = post_edit(
        editor_client,
        f"/meetings/{meeting.pk}/outcome/",
        {"outcome": "Brief aan de Kamer.", "present": [lex.pk]},
        follow=True,
    )

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEHOUDEN
    assert meeting.outcome == "Brief aan de Kamer."
    assert meeting.sequence == 1 and meeting.edited_by_hand
    assert dict(meeting.attendances.values_list("user__username", "status")) == {
        "lex": "aanwezig",
        "sanne": "afgemeld",
    }
    assert "Brief aan de Kamer." in response.content.decode()


def test_the_outcome_of_a_future_meeting_cannot_be_recorded(editor_client):
    meeting = MeetingFactory(start=days_from_now(5), end=days_from_now(5, 12))
    response = post_edit(editor_client, f"/meetings/{meeting.pk}/outcome/", {"outcome": "Te vroeg"})
    assert response.status_code == 200
    assert "zodra de bijeenkomst begonnen is" in response.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEPLAND and meeting.outcome == ""


def test_an_empty_outcome_is_a_dutch_error(editor_client):
    meeting = MeetingFactory(start=days_from_now(-5), end=days_from_now(-5, 12))
    response = post_edit(editor_client, f"/meetings/{meeting.pk}/outcome/", {"outcome": ""})
    assert "Dit veld is verplicht." in response.content.decode()


# -- one's own attendance -------------------------------------------------------------------


def test_viewer_confirms_and_declines_their_own_attendance_in_one_click(viewer_client, viewer):
    attendance = AttendanceFactory(user=viewer, status="uitgenodigd")
    url = f"/meetings/{attendance.meeting.pk}/attendance/"

    response = viewer_client.post(url, {"status": "bevestigd"}, follow=True)
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.BEVESTIGD
    assert "Je gaat. Dank voor het bevestigen." in response.content.decode()

    viewer_client.post(url, {"status": "afgemeld"})
    attendance.refresh_from_db()
    assert attendance.status == AttendanceStatus.AFGEMELD
    meeting = Meeting.objects.get()
    assert meeting.sequence == 2 and not meeting.edited_by_hand


def test_respond_changes_only_the_users_own_attendance(viewer_client, viewer, editor):
    meeting = MeetingFactory()
    mine = AttendanceFactory(meeting=meeting, user=viewer, status="uitgenodigd")
    theirs = AttendanceFactory(meeting=meeting, user=editor, status="uitgenodigd")
    viewer_client.post(f"/meetings/{meeting.pk}/attendance/", {"status": "afgemeld", "user": editor.pk})
    assert Attendance.objects.get(pk=mine.pk).status == "afgemeld"
    assert Attendance.objects.get(pk=theirs.pk).status == "uitgenodigd"


@pytest.mark.parametrize(
    ("status", "meeting_kwargs", "message"),
    [
        ("bevestigd", {"status": "geannuleerd"}, "geannuleerd"),
        ("aanwezig", {}, "Kies of je gaat of niet."),
        ("", {}, "Kies of je gaat of niet."),
    ],
)
def test_respond_refuses_in_dutch(viewer_client, viewer, status, meeting_kwargs, message):
    attendance = AttendanceFactory(user=viewer, status="uitgenodigd", meeting=MeetingFactory(**meeting_kwargs))
    response = viewer_client.post(f"/meetings/{attendance.meeting.pk}/attendance/", {"status": status}, follow=True)
    assert message in response.content.decode()
    attendance.refresh_from_db()
    assert attendance.status == "uitgenodigd"


def test_respond_when_not_on_the_list_changes_nothing(viewer_client):
    meeting = MeetingFactory()
    response = viewer_client.post(f"/meetings/{meeting.pk}/attendance/", {"status": "bevestigd"}, follow=True)
    assert "Je staat niet op de lijst" in response.content.decode()
    assert not Attendance.objects.exists()


def test_moving_a_generated_meeting_to_another_overleg_frees_its_occurrence(editor_client):
    start = days_from_now(7)
    first, second = OverlegFactory(), OverlegFactory()
    meeting = MeetingFactory(overleg=first, start=start, end=start + datetime.timedelta(hours=2), recurrence_id=start)
    MeetingFactory(overleg=second, start=start, end=start + datetime.timedelta(hours=2), recurrence_id=start)

    response = post_edit(
        editor_client,
        f"/meetings/{meeting.pk}/edit/",
        meeting_data(overleg=second.pk, date=start.date().isoformat(), start_time="10:00", end_time="12:00"),
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.overleg == second and meeting.recurrence_id is None


def test_a_meeting_of_more_than_one_day_keeps_its_end_date(editor_client):
    editor_client.post(
        "/meetings/new/",
        meeting_data(date="2027-06-10", end_date="2027-06-11", start_time="13:00", end_time="12:00"),
    )
    meeting = Meeting.objects.get()
    assert meeting.end - meeting.start == datetime.timedelta(hours=23)
    form = editor_client.get(f"/meetings/{meeting.pk}/edit/").context["form"]
    assert form["end_date"].value() == datetime.date(2027, 6, 11)
