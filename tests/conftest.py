"""Personas shared by all tests: anonymous, viewer (Medewerker), editor (Redacteur), admin (Beheerder).

Also the `clock` every test runs on, and `populate`: the directory with everything its pages show,
for the query-count tests of several apps.
"""

import pytest
from django.contrib.auth.models import Group

from meetings.choices import AttendanceStatus, OverlegKind
from stakeholders.choices import MembershipStatus
from swn_crm.roles import BEHEERDER, MEDEWERKER, REDACTEUR
from tests.factories import (
    ContactPersonFactory,
    MembershipFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import meeting_with, start_clock


@pytest.fixture(autouse=True)
def clock():
    """Every test runs on one clock: from CLOCK_START (a Wednesday, 10:00 in Amsterdam), ticking.

    A test that places things "today" or "this week" then means the same day on every run, not
    a different one at midnight or on a Sunday. Ask for `clock` to move it: `.at(...)`, `.shift(...)`.
    """
    travel, clock = start_clock()
    yield clock
    travel.stop()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """PBKDF2 is slow by design; tests log in hundreds of times and need no real hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _user_in(role, **kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db):
    return _user_in(MEDEWERKER, username="mira", first_name="Mira", last_name="Medewerker")


@pytest.fixture
def other_viewer(db):
    """A second Medewerker: same permissions as `viewer`, so only who they are tells them apart."""
    return _user_in(MEDEWERKER, username="marco", first_name="Marco", last_name="Medewerker")


@pytest.fixture
def editor(db):
    return _user_in(REDACTEUR, username="ruben", first_name="Ruben", last_name="Redacteur")


@pytest.fixture
def admin_user(db):
    return _user_in(
        BEHEERDER, username="bea", first_name="Bea", last_name="Beheerder", is_staff=True, is_superuser=True
    )


@pytest.fixture
def viewer_client(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client


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
