"""The demo data set has realistic relationship work: contact moments, follow-ups and value reviews."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from meetings.choices import MeetingStatus, ReviewDecision
from meetings.models import Meeting, Overleg, OverlegReview
from relations.choices import ContactChannel
from relations.models import ContactMoment
from swn_crm.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo", seed=2026)


def test_about_1500_contact_moments_over_the_last_18_months_in_every_channel(demo):
    moments = ContactMoment.objects
    assert 1400 <= moments.count() <= 1600
    oldest = timezone.localdate(moments.order_by("happened_at").first().happened_at)
    assert (
        timezone.localdate() - datetime.timedelta(days=560)
        <= oldest
        <= timezone.localdate() - datetime.timedelta(days=500)
    )
    assert not moments.filter(happened_at__gt=timezone.now()).exists()
    assert set(moments.values_list("channel", flat=True)) == set(ContactChannel.values)
    assert moments.filter(meeting__isnull=False).count() > 20  # some recorded from meetings
    assert moments.exclude(colleagues=None).count() == moments.count()


def test_nienke_has_open_follow_ups_some_overdue_and_relations_going_cold(demo, client):
    nienke = User.objects.get(username="nienke")
    mine = ContactMoment.objects.open_follow_ups().assigned_to(nienke)
    assert mine.count() >= 4
    assert mine.filter(follow_up_due__lt=timezone.localdate()).exists()
    assert mine.filter(follow_up_due__gte=timezone.localdate()).exists()
    client.force_login(nienke)
    response = client.get("/")
    assert response.context["dashboard"].follow_ups and response.context["dashboard"].cold_relations
    assert response.context["dashboard"].reviews_due


def test_about_half_the_overleggen_are_reviewed_and_one_was_stopped_with_its_history(demo):
    reviewed = Overleg.objects.filter(reviews__isnull=False).distinct().count()
    assert 0.35 <= reviewed / Overleg.objects.count() <= 0.65
    year_ago = timezone.localdate() - datetime.timedelta(days=366)
    assert OverlegReview.objects.filter(reviewed_on__lt=year_ago).exists()  # due again
    assert OverlegReview.objects.filter(reviewed_on__gt=year_ago).exists()
    assert Overleg.objects.due_for_review().exists()
    stopped = Overleg.objects.get(is_active=False)
    assert stopped.reviews.get().decision == ReviewDecision.STOPPEN
    assert not stopped.delegates.exists()
    stopped_on = stopped.reviews.get().reviewed_on
    later = Meeting.objects.filter(overleg=stopped, start__date__gt=stopped_on)
    assert later.exists() and not later.exclude(status=MeetingStatus.GEANNULEERD).exists()
    assert Meeting.objects.filter(overleg=stopped, status=MeetingStatus.GEHOUDEN).exists()  # history kept
