import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Q

from meetings.models import Attendance, Meeting, Overleg
from stakeholders.models import ContactPerson, Organisation
from swn_crm.models import User
from themes.models import Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def debug_on(settings):
    settings.DEBUG = True


def snapshot():
    """Everything the demo data says, without database ids, timestamps or password salts."""
    return {
        "orgs": sorted(
            Organisation.objects.values_list(
                "name",
                "kind",
                "level",
                "province",
                "owner__username",
                "influence",
                "interest",
                "membership__member_number",
            )
        ),
        "contacts": sorted(ContactPerson.objects.values_list("organisation__name", "name", "email", "phone")),
        "overleggen": sorted(Overleg.objects.values_list("name", "kind", "organiser__name", "recurrence_rule")),
        "meetings": sorted(Meeting.objects.values_list("title", "start", "end", "status", "uid")),
        "attendance": sorted(Attendance.objects.values_list("meeting__uid", "user__username", "role", "status")),
    }


def test_seed_demo_builds_the_volumes_of_the_interview(debug_on):
    call_command("seed_demo")
    assert Theme.objects.count() == 7
    assert User.objects.colleagues().count() == 18
    assert User.objects.get(username="nienke").job_title == "Adjunct-directeur"
    assert User.objects.get(username="lex").job_title == "Directeur"
    assert User.objects.get(username="admin").is_superuser
    assert Organisation.objects.stakeholders().count() >= 200
    assert 480 <= Organisation.objects.members().count() <= 520
    per_theme = Theme.objects.annotate(
        stakeholders=Count("organisations", filter=Q(organisations__is_stakeholder=True))
    )
    assert all(theme.stakeholders >= 25 for theme in per_theme), {t.slug: t.stakeholders for t in per_theme}
    assert all(theme.lead_id for theme in Theme.objects.all())
    assert 55 <= Overleg.objects.count() <= 70
    assert Overleg.objects.filter(kind="ledencommissie").count() >= 5
    assert Organisation.objects.filter(acronym="VNG").exists()
    assert Organisation.objects.filter(name="Gemeente Amsterdam", province="NH").exists()
    provinces = set(Organisation.objects.members().values_list("province", flat=True))
    assert len(provinces) == 12
    assert Meeting.objects.filter(status="gehouden").exists() and Meeting.objects.filter(status="gepland").exists()
    assert Attendance.objects.count() > Meeting.objects.count()


def test_colleagues_log_in_with_the_demo_password(debug_on):
    call_command("seed_demo")
    assert User.objects.get(username="nienke").check_password("demo")
    assert User.objects.get(username="admin").check_password("admin")


def test_same_seed_gives_the_same_data_and_rerunning_replaces_it(debug_on):
    call_command("seed_demo", seed=7)
    first = snapshot()
    call_command("seed_demo", seed=7)
    assert snapshot() == first
    assert User.objects.colleagues().count() == 18


def test_another_seed_gives_other_data(debug_on):
    call_command("seed_demo", seed=1)
    first = snapshot()
    call_command("seed_demo", seed=2)
    assert snapshot() != first


def test_scale_multiplies_the_volumes(debug_on):
    call_command("seed_demo", scale=2)
    assert Organisation.objects.members().count() == 1000
    assert Organisation.objects.stakeholders().count() >= 400
    assert User.objects.colleagues().count() == 18


def test_seed_demo_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not Organisation.objects.exists()


def test_if_empty_leaves_existing_data_alone(debug_on):
    Organisation.objects.create(name="Eigen data", kind="bedrijf")
    call_command("seed_demo", if_empty=True)
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Eigen data"]
