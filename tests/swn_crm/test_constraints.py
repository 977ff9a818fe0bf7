"""The invariants live in the database: these bypass Python validation and hit the constraints."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from stakeholders.models import Organisation
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_meeting_must_end_after_it_starts():
    meeting = MeetingFactory()
    assert_rejected(lambda: MeetingFactory(start=meeting.start, end=meeting.start))
    assert_rejected(lambda: MeetingFactory(start=meeting.start, end=meeting.start - datetime.timedelta(hours=1)))


def test_a_colleague_is_on_a_meeting_only_once():
    attendance = AttendanceFactory()
    assert_rejected(lambda: AttendanceFactory(meeting=attendance.meeting, user=attendance.user))


def test_theme_slugs_are_unique():
    ThemeFactory(slug="uniek")
    from themes.models import Theme

    assert_rejected(lambda: Theme.objects.create(slug="uniek", name="Dubbel"))


def test_member_numbers_are_unique():
    MembershipFactory(member_number="L99999")
    assert_rejected(lambda: MembershipFactory(member_number="L99999"))


def test_membership_cannot_end_before_it_began():
    assert_rejected(lambda: MembershipFactory(since=datetime.date(2020, 1, 1), until=datetime.date(2019, 12, 31)))


def test_organisation_name_is_unique_per_kind_only():
    OrganisationFactory(name="Stichting Zorg", kind="bedrijf")
    OrganisationFactory(name="Stichting Zorg", kind="fonds")
    assert_rejected(lambda: OrganisationFactory(name="Stichting Zorg", kind="bedrijf"))


@pytest.mark.parametrize("field", ["influence", "interest"])
@pytest.mark.parametrize("value", [0, 6])
def test_influence_and_interest_stay_between_one_and_five(field, value):
    assert_rejected(lambda: Organisation.objects.create(name="X", kind="bedrijf", **{field: value}))


def test_usernames_are_unique():
    UserFactory(username="nienke")
    from swn_crm.models import User

    assert_rejected(lambda: User.objects.create(username="nienke"))
