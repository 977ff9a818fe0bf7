"""Personas shared by all tests: anonymous, viewer (Medewerker), editor (Redacteur), admin (Beheerder)."""

import pytest
from django.contrib.auth.models import Group

from swn_crm.roles import BEHEERDER, MEDEWERKER, REDACTEUR
from tests.factories import UserFactory


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
