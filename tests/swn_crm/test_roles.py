"""What the roles allow in relationship work: every colleague logs contact moments and ticks off their own
follow-ups; only editors record value reviews or change other people's contact moments.

Which page answers which persona is decided URL by URL in tests/test_permission_matrix.py."""

import pytest
from django.contrib.auth.models import Group

from swn_crm.roles import BEHEERDER, MEDEWERKER, REDACTEUR
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def codenames(role):
    return set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))


def test_a_medewerker_may_add_contact_moments_but_not_change_others_or_review():
    perms = codenames(MEDEWERKER)
    assert "add_contactmoment" in perms and "view_contactmoment" in perms
    assert not {"change_contactmoment", "delete_contactmoment", "add_overlegreview"} & perms


@pytest.mark.parametrize("role", [REDACTEUR, BEHEERDER])
def test_editors_change_contact_moments_and_record_reviews(role):
    perms = codenames(role)
    assert {"add_contactmoment", "change_contactmoment", "delete_contactmoment", "add_overlegreview"} <= perms


def test_a_colleague_without_any_role_may_not_log_contact_moments(client):
    client.force_login(UserFactory())
    org = OrganisationFactory()
    assert client.get(f"/contact-moments/new/?organisation={org.pk}").status_code == 403
    assert "Contactmoment vastleggen" not in client.get(f"/stakeholders/{org.pk}/").content.decode()
