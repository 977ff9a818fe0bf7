"""The rules about one meeting live on the model; the pages and the services ask it."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.choices import MeetingStatus
from tests.factories import AttendanceFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def hours_from_now(hours):
    return timezone.now().replace(microsecond=0) + datetime.timedelta(hours=hours)


def meeting_between(start_hours, end_hours, **kwargs):
    return MeetingFactory(start=hours_from_now(start_hours), end=hours_from_now(end_hours), **kwargs)


@pytest.mark.parametrize(
    ("start", "end", "status", "expected"),
    [
        (2, 4, MeetingStatus.GEPLAND, False),  # not begun
        (-1, 1, MeetingStatus.GEPLAND, True),  # under way
        (-4, -2, MeetingStatus.GEHOUDEN, True),  # held: the outcome may be corrected
        (-4, -2, MeetingStatus.GEANNULEERD, False),
    ],
)
def test_an_outcome_may_be_recorded_once_the_meeting_has_begun_and_is_not_cancelled(start, end, status, expected):
    assert meeting_between(start, end, status=status).can_record_outcome() is expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [(MeetingStatus.GEPLAND, True), (MeetingStatus.GEHOUDEN, False), (MeetingStatus.GEANNULEERD, False)],
)
def test_a_meeting_that_has_been_held_can_no_longer_be_cancelled(status, expected):
    assert meeting_between(-4, -2, status=status).can_be_cancelled() is expected


@pytest.mark.parametrize(
    ("start", "end", "status", "expected"),
    [
        (2, 4, MeetingStatus.GEPLAND, True),
        (-1, 1, MeetingStatus.GEPLAND, True),  # still under way
        (-4, -2, MeetingStatus.GEPLAND, False),  # ended
        (2, 4, MeetingStatus.GEANNULEERD, False),
    ],
)
def test_a_colleague_may_answer_an_invitation_until_the_meeting_ended(start, end, status, expected):
    assert meeting_between(start, end, status=status).accepts_responses() is expected


def test_cancelling_a_held_meeting_is_refused_with_a_dutch_message(editor_client):
    meeting = meeting_between(-4, -2, status=MeetingStatus.GEHOUDEN, outcome="Afspraken gemaakt.")
    response = editor_client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.GEHOUDEN
    assert "kan niet meer worden geannuleerd" in response.content.decode()


def test_the_meeting_page_offers_only_what_the_meeting_allows(editor_client, editor):
    held = meeting_between(-4, -2, status=MeetingStatus.GEHOUDEN, outcome="Afspraken gemaakt.")
    AttendanceFactory(meeting=held, user=editor)
    html = editor_client.get(reverse("meetings:meeting_detail", args=[held.pk])).content.decode()
    assert reverse("meetings:meeting_cancel", args=[held.pk]) not in html
    assert reverse("meetings:attendance_respond", args=[held.pk]) not in html
    assert reverse("meetings:meeting_outcome", args=[held.pk]) in html

    coming = meeting_between(2, 4)
    AttendanceFactory(meeting=coming, user=editor)
    html = editor_client.get(reverse("meetings:meeting_detail", args=[coming.pk])).content.decode()
    assert reverse("meetings:meeting_cancel", args=[coming.pk]) in html
    assert reverse("meetings:attendance_respond", args=[coming.pk]) in html
    assert reverse("meetings:meeting_outcome", args=[coming.pk]) not in html
