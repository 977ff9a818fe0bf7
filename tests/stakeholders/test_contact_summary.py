"""Last contact, by whom, next meeting and "no contact for 6 months", as the organisation querysets define them."""

import pytest

from meetings.choices import AttendanceStatus, MeetingStatus
from stakeholders.models import Organisation
from tests.factories import OrganisationFactory, UserFactory
from tests.stakeholders.conftest import meeting_with

pytestmark = pytest.mark.django_db


def summary(organisation):
    return Organisation.objects.with_contact_summary().get(pk=organisation.pk)


def test_last_contact_is_the_latest_past_meeting_with_the_organisation_at_the_table():
    org = OrganisationFactory()
    meeting_with(org, days=-40)
    latest = meeting_with(org, days=-3, title="Werkbezoek")
    meeting_with(org, days=4)  # still to come
    meeting_with(OrganisationFactory(), days=-1)  # someone else's

    org = summary(org)

    assert org.last_contact_meeting_id == latest.pk
    assert org.last_contact_at == latest.start
    assert org.last_contact_title == "Werkbezoek"
    assert org.last_contact_meeting.pk == latest.pk


def test_cancelled_meetings_are_neither_last_contact_nor_next_meeting():
    org = OrganisationFactory()
    held = meeting_with(org, days=-10)
    meeting_with(org, days=-2, status=MeetingStatus.GEANNULEERD)
    meeting_with(org, days=2, status=MeetingStatus.GEANNULEERD)
    planned = meeting_with(org, days=9)

    org = summary(org)

    assert org.last_contact_meeting_id == held.pk
    assert org.next_meeting_id == planned.pk
    assert org.next_meeting.title == planned.title


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
    assert org.last_contact_meeting is None
    assert org.next_meeting is None


def test_no_recent_contact_means_no_meeting_in_the_last_182_days_or_never():
    recent = OrganisationFactory(name="Recent")
    meeting_with(recent, days=-100)
    cold = OrganisationFactory(name="Koud")
    meeting_with(cold, days=-200)
    meeting_with(cold, days=3)  # a meeting to come is no contact yet
    never = OrganisationFactory(name="Nooit")
    cancelled = OrganisationFactory(name="Geannuleerd")
    meeting_with(cancelled, days=-5, status=MeetingStatus.GEANNULEERD)

    names = set(Organisation.objects.without_recent_contact().values_list("name", flat=True))

    assert names == {cold.name, never.name, cancelled.name}
    assert recent.name not in names


def test_the_contact_summary_does_not_duplicate_organisations():
    org = OrganisationFactory()
    for days in (-30, -20, -10, 10, 20):
        meeting_with(org, days=days, colleagues=[(UserFactory(), AttendanceStatus.AANWEZIG)])

    assert Organisation.objects.with_contact_summary().filter(pk=org.pk).count() == 1
