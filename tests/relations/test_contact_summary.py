"""Last contact, by whom, next meeting and "no contact for 6 months", as the organisation querysets define them."""

import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from relations.choices import ContactChannel
from relations.selectors import with_contact_summary, without_recent_contact
from stakeholders.models import Organisation
from tests.factories import ContactMomentFactory, OrganisationFactory, UserFactory
from tests.helpers import days_from_now, meeting_with

pytestmark = pytest.mark.django_db


def summary(organisation):
    return with_contact_summary(Organisation.objects.all()).get(pk=organisation.pk)


def test_last_contact_is_the_latest_past_meeting_with_the_organisation_at_the_table():
    org = OrganisationFactory()
    meeting_with(org, days=-40)
    latest = meeting_with(org, days=-3, title="Werkbezoek")
    meeting_with(org, days=4)  # still to come
    meeting_with(OrganisationFactory(), days=-1)  # someone else's

    org = summary(org)

    assert org.last_meeting_id == latest.pk
    assert org.last_contact_at == latest.start
    assert org.last_meeting_title == "Werkbezoek"
    assert not org.last_contact_is_moment and org.last_meeting_id == latest.pk
    assert not org.last_contact_is_moment


def test_cancelled_meetings_are_neither_last_contact_nor_next_meeting():
    org = OrganisationFactory()
    held = meeting_with(org, days=-10)
    meeting_with(org, days=-2, status=MeetingStatus.GEANNULEERD)
    meeting_with(org, days=2, status=MeetingStatus.GEANNULEERD)
    planned = meeting_with(org, days=9)

    org = summary(org)

    assert org.last_meeting_id == held.pk
    assert org.next_meeting_id == planned.pk
    assert org.next_meeting_title == planned.title


def test_last_contact_by_names_the_colleagues_marked_present():
    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    bart = UserFactory(first_name="Bart", last_name="Bevestigd")
    meeting_with(org, days=-1, colleagues=[(anna, AttendanceStatus.AANWEZIG), (bart, AttendanceStatus.BEVESTIGD)])

    assert summary(org).last_contact_by == "Anna Aanwezig"


def test_last_contact_by_falls_back_to_everyone_who_did_not_decline():
    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Uitgenodigd")
    bart = UserFactory(first_name="Bart", last_name="Bevestigd")
    carl = UserFactory(first_name="Carl", last_name="Afgemeld")
    meeting_with(
        org,
        days=-1,
        colleagues=[
            (anna, AttendanceStatus.UITGENODIGD),
            (bart, AttendanceStatus.BEVESTIGD),
            (carl, AttendanceStatus.AFGEMELD),
        ],
    )

    names = summary(org).last_contact_by.split(", ")

    assert sorted(names) == ["Anna Uitgenodigd", "Bart Bevestigd"]


def test_an_organisation_without_meetings_has_an_empty_summary():
    org = summary(OrganisationFactory())

    assert org.last_contact_at is None
    assert org.last_contact_by is None
    assert org.last_contact_is_moment or org.last_meeting_id is None
    assert org.next_meeting_id is None


def test_no_recent_contact_means_no_meeting_in_the_last_182_days_or_never():
    recent = OrganisationFactory(name="Recent")
    meeting_with(recent, days=-100)
    cold = OrganisationFactory(name="Koud")
    meeting_with(cold, days=-200)
    meeting_with(cold, days=3)  # a meeting to come is no contact yet
    never = OrganisationFactory(name="Nooit")
    cancelled = OrganisationFactory(name="Geannuleerd")
    meeting_with(cancelled, days=-5, status=MeetingStatus.GEANNULEERD)

    names = set(without_recent_contact(Organisation.objects.all()).values_list("name", flat=True))

    assert names == {cold.name, never.name, cancelled.name}
    assert recent.name not in names


def test_the_contact_summary_does_not_duplicate_organisations():
    org = OrganisationFactory()
    for days in (-30, -20, -10, 10, 20):
        meeting_with(org, days=days, colleagues=[(UserFactory(), AttendanceStatus.AANWEZIG)])

    assert with_contact_summary(Organisation.objects.all()).filter(pk=org.pk).count() == 1


# -- Contact moments count as contact too --------------------------------------------------------


def test_a_later_contact_moment_is_the_last_contact_with_its_colleagues():

    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    carla = UserFactory(first_name="Carla", last_name="Beller")
    dirk = UserFactory(first_name="Dirk", last_name="de Wit")
    meeting_with(org, days=-10, colleagues=[(anna, AttendanceStatus.AANWEZIG)])
    call = ContactMomentFactory(organisation=org, happened_at=days_from_now(-2), colleagues=[dirk, carla])

    org = summary(org)

    assert org.last_contact_at == call.happened_at
    assert org.last_contact_by == "Carla Beller, Dirk de Wit"
    assert org.last_contact_is_moment and org.last_moment_id == call.pk
    assert ContactChannel(org.last_moment_channel).label == "Telefoon"
    assert org.last_contact_is_moment or org.last_meeting_id is None
    assert org.last_meeting_at is not None  # the meeting is still known on its own


def test_a_later_meeting_wins_over_an_earlier_contact_moment():

    org = OrganisationFactory()
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    ContactMomentFactory(organisation=org, happened_at=days_from_now(-20), colleagues=[UserFactory()])
    latest = meeting_with(org, days=-3, colleagues=[(anna, AttendanceStatus.AANWEZIG)])

    org = summary(org)

    assert org.last_contact_at == latest.start
    assert org.last_contact_by == "Anna Aanwezig"
    assert not org.last_contact_is_moment and org.last_meeting_id == latest.pk
    assert not org.last_contact_is_moment


def test_a_note_is_not_contact_and_a_moment_of_another_organisation_neither():

    org = OrganisationFactory()
    ContactMomentFactory(organisation=org, happened_at=days_from_now(-1), channel=ContactChannel.NOTITIE)
    ContactMomentFactory(happened_at=days_from_now(-1))

    org = summary(org)

    assert org.last_contact_at is None
    assert not org.last_contact_is_moment


def test_no_recent_contact_counts_contact_moments_but_not_notes():

    called = OrganisationFactory(name="Gebeld")
    ContactMomentFactory(organisation=called, happened_at=days_from_now(-30), channel=ContactChannel.TELEFOON)
    noted = OrganisationFactory(name="Alleen notitie")
    ContactMomentFactory(organisation=noted, happened_at=days_from_now(-30), channel=ContactChannel.NOTITIE)
    long_ago = OrganisationFactory(name="Lang geleden gemaild")
    ContactMomentFactory(organisation=long_ago, happened_at=days_from_now(-200), channel=ContactChannel.EMAIL)

    names = set(without_recent_contact(Organisation.objects.all()).values_list("name", flat=True))

    assert names == {"Alleen notitie", "Lang geleden gemaild"}


def test_days_since_contact_counts_calendar_days_to_today():

    org = OrganisationFactory()
    ContactMomentFactory(organisation=org, happened_at=days_from_now(-95, hour=23))
    never = summary(OrganisationFactory())

    org = summary(org)
    today = timezone.localdate()

    assert org.days_since_contact(today) == 95
    assert org.days_since_contact(today + datetime.timedelta(days=5)) == 100
    assert never.days_since_contact(today) is None


def test_the_stakeholder_list_shows_and_sorts_on_the_last_contact_including_calls(viewer_client):
    called = OrganisationFactory(name="Gebeld")
    ContactMomentFactory(
        organisation=called,
        happened_at=days_from_now(-3),
        colleagues=[UserFactory(first_name="Iris", last_name="Groot")],
    )
    met = OrganisationFactory(name="Ontmoet")
    meeting_with(met, days=-10)
    OrganisationFactory(name="Nooit")

    response = viewer_client.get("/stakeholders/", {"sort": "-last_contact"})

    assert [o.name for o in response.context["organisations"]] == ["Gebeld", "Ontmoet", "Nooit"]
    html = response.content.decode()
    assert "door Iris Groot" in html
    csv = viewer_client.get("/stakeholders/", {"format": "csv"}, follow=True).content.decode("utf-8-sig")
    assert f"{timezone.localdate() - datetime.timedelta(days=3):%d-%m-%Y},Iris Groot" in csv


def test_the_stakeholder_list_query_count_does_not_grow_with_contact_moments(
    viewer_client, populate, django_assert_num_queries
):
    organisations = populate(1)
    ContactMomentFactory(organisation=organisations[0], colleagues=[UserFactory()])
    # + the viewer's permissions (2)
    with django_assert_num_queries(9) as few:
        viewer_client.get("/stakeholders/", {"sort": "-last_contact"})
    for org in populate(9, start=1):
        ContactMomentFactory(organisation=org, colleagues=[UserFactory(), UserFactory()])
    with django_assert_num_queries(len(few.captured_queries)):
        viewer_client.get("/stakeholders/", {"sort": "-last_contact"})
