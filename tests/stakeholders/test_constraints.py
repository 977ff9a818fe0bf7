"""The directory's invariants live in the database: these bypass Python validation and hit the constraints."""

import datetime

import pytest

from stakeholders.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.helpers import assert_rejected

pytestmark = pytest.mark.django_db


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
