"""The user model's invariants live in the database: this bypasses Python validation and hits the constraint."""

import pytest

from swn_crm.models import User
from tests.factories import UserFactory
from tests.helpers import assert_rejected

pytestmark = pytest.mark.django_db


def test_usernames_are_unique():
    UserFactory(username="nienke")
    assert_rejected(lambda: User.objects.create(username="nienke"))
