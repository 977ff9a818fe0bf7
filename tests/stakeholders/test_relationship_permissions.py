"""Who may do what in relationship work: every colleague logs contact moments and ticks off their own
follow-ups; only editors record value reviews or change other people's contact moments."""

import pytest
from django.contrib.auth.models import Group

from meetings.choices import MeetingStatus
from swn_crm.roles import BEHEERDER, MEDEWERKER, REDACTEUR
from tests.factories import ContactMomentFactory, OrganisationFactory, OverlegFactory, UserFactory
from tests.stakeholders.conftest import meeting_with

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


@pytest.fixture
def urls():
    org = OrganisationFactory()
    meeting = meeting_with(org, days=-1, status=MeetingStatus.GEHOUDEN)
    overleg = OverlegFactory()
    moment = ContactMomentFactory(organisation=org, created_by=UserFactory(), follow_up="x", follow_up_assignee=None)
    return {
        "read": ["/follow-ups/", "/reviews/", f"/stakeholders/{org.pk}/"],
        "log": [f"/contact-moments/new/?organisation={org.pk}", f"/contact-moments/from-meeting/{meeting.pk}/"],
        "edit_others": [f"/contact-moments/{moment.pk}/edit/", f"/contact-moments/{moment.pk}/delete/"],
        "review": [f"/overleggen/{overleg.pk}/reviews/new/"],
    }


@pytest.mark.parametrize("persona", ["viewer_client", "editor_client", "admin_client_"])
def test_every_colleague_reads_and_logs_contact_moments(request, persona, urls):
    client = request.getfixturevalue(persona)
    for url in urls["read"] + urls["log"]:
        assert client.get(url).status_code == 200, url


def test_a_viewer_gets_403_on_reviews_and_on_other_peoples_contact_moments(viewer_client, urls):
    for url in urls["review"] + urls["edit_others"]:
        assert viewer_client.get(url).status_code == 403, url


@pytest.mark.parametrize("persona", ["editor_client", "admin_client_"])
def test_editors_open_reviews_and_other_peoples_contact_moments(request, persona, urls):
    client = request.getfixturevalue(persona)
    for url in urls["review"] + urls["edit_others"]:
        assert client.get(url).status_code == 200, url


def test_a_colleague_without_any_role_may_not_log_contact_moments(client):
    client.force_login(UserFactory())
    org = OrganisationFactory()
    assert client.get(f"/contact-moments/new/?organisation={org.pk}").status_code == 403
    assert "Contactmoment vastleggen" not in client.get(f"/stakeholders/{org.pk}/").content.decode()
