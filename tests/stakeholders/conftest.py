"""Builders for the browse pages: organisations with everything a page shows around them."""

import datetime

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus, OverlegKind
from stakeholders.choices import MembershipStatus
from tests.factories import (
    AttendanceFactory,
    ContactPersonFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)


def days_from_now(days, hour=10):
    """An aware datetime `days` from now (negative: in the past), at a whole hour, in the current zone."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


def meeting_with(organisation, *, days, colleagues=(), status=MeetingStatus.GEPLAND, overleg=None, **kwargs):
    """A meeting `days` from now with `organisation` at the table and `colleagues` as (user, status) pairs."""
    meeting = MeetingFactory(start=days_from_now(days), status=status, overleg=overleg, **kwargs)
    meeting.organisations.add(organisation)
    for user, attendance_status in colleagues:
        AttendanceFactory(meeting=meeting, user=user, status=attendance_status)
    return meeting


@pytest.fixture
def populate():
    """populate(n): n stakeholders and n members, each with themes, owner, contacts, an overleg and meetings."""

    def build(n, *, start=0):
        theme = ThemeFactory(slug="armoede-schulden")
        owner = UserFactory(username="eigenaar", first_name="Olga", last_name="Eigenaar")
        organisations = []
        for index in range(start, start + n):
            stakeholder = OrganisationFactory(name=f"Stakeholder {index:03d}", themes=[theme], owner=owner)
            member = MembershipFactory(
                organisation__name=f"Lid {index:03d}",
                organisation__themes=[theme],
                member_number=f"M{index:05d}",
                status=MembershipStatus.ACTIEF,
            ).organisation
            for organisation in (stakeholder, member):
                contact = ContactPersonFactory(organisation=organisation)
                contact.themes.add(theme)
                overleg = OverlegFactory(name=f"Overleg {organisation.name}", themes=[theme])
                overleg.organisations.add(organisation)
                overleg.delegates.add(owner)
                past = meeting_with(
                    organisation, days=-20, colleagues=[(owner, AttendanceStatus.AANWEZIG)], overleg=overleg
                )
                past.contacts.add(contact)
                meeting_with(organisation, days=5, colleagues=[(owner, AttendanceStatus.BEVESTIGD)], overleg=overleg)
            organisations.append(stakeholder)
        committee = OverlegFactory(name="Ledencommissie", kind=OverlegKind.LEDENCOMMISSIE)
        committee.organisations.add(*organisations)
        return organisations

    return build
