"""Nothing lost: two colleagues edit the same meeting or overleg in two browser sessions."""

import datetime

import pytest
from django.utils import timezone

from core.concurrency import FIELD
from meetings.models import Meeting, Overleg
from tests.factories import AttendanceFactory, MeetingFactory, UserFactory
from tests.helpers import logged_in_client
from tests.meetings.test_meeting_pages import meeting_data, seat
from tests.meetings.test_overleggen import monthly_overleg, overleg_data

pytestmark = pytest.mark.django_db


def opened(client, url):
    return client.get(url).context["form"].initial[FIELD]


@pytest.fixture
def meeting():
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    meeting = MeetingFactory(
        title="Overleg VNG", agenda="1. Opening", start=start, end=start + datetime.timedelta(hours=2)
    )
    return meeting


def test_second_editor_is_refused_with_what_changed_and_keeps_their_input(meeting, editor, admin_user):
    lex = UserFactory(username="lex", first_name="Lex", last_name="Staal")
    AttendanceFactory(meeting=meeting, user=lex, status="uitgenodigd")
    url = f"/meetings/{meeting.pk}/edit/"
    ruben, bea = logged_in_client(editor), logged_in_client(admin_user)
    ruben_snapshot, bea_snapshot = opened(ruben, url), opened(bea, url)
    local = timezone.localtime(meeting.start)
    base = meeting_data(
        title="Overleg VNG",
        agenda="1. Opening",
        date=local.date().isoformat(),
        start_time=local.strftime("%H:%M"),
        end_time=(local + datetime.timedelta(hours=2)).strftime("%H:%M"),
        **{"seats-INITIAL_FORMS": "1"},
    ) | seat(0, lex)

    first = ruben.post(url, base | {"agenda": "1. Opening\n2. Gemeentefonds", FIELD: ruben_snapshot})
    assert first.status_code == 302

    second = bea.post(url, base | {"title": "Bestuurlijk overleg VNG", FIELD: bea_snapshot})
    assert second.status_code == 200
    html = second.content.decode()
    assert "Een collega heeft dit" in html
    assert "Gemeentefonds" in html  # what the colleague changed is shown
    assert 'value="Bestuurlijk overleg VNG"' in html  # Bea's input is kept
    meeting.refresh_from_db()
    assert (meeting.title, meeting.agenda) == ("Overleg VNG", "1. Opening\n2. Gemeentefonds")

    # Having seen Ruben's change, Bea saves again on purpose.
    renewed = second.context["form"].data[FIELD]
    third = bea.post(url, base | {"title": "Bestuurlijk overleg VNG", FIELD: renewed})
    assert third.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Bestuurlijk overleg VNG"


def test_a_colleagues_own_confirmation_is_not_overwritten_unseen(meeting, editor):
    lex = UserFactory(username="lex", first_name="Lex", last_name="Staal")
    AttendanceFactory(meeting=meeting, user=lex, status="uitgenodigd")
    url = f"/meetings/{meeting.pk}/edit/"
    ruben = logged_in_client(editor)
    snapshot = opened(ruben, url)

    logged_in_client(lex).post(f"/meetings/{meeting.pk}/attendance/", {"status": "bevestigd"})

    local = timezone.localtime(meeting.start)
    data = meeting_data(
        title="Overleg VNG",
        date=local.date().isoformat(),
        start_time=local.strftime("%H:%M"),
        end_time=(local + datetime.timedelta(hours=2)).strftime("%H:%M"),
        **{"seats-INITIAL_FORMS": "1"},
    ) | seat(0, lex, status="uitgenodigd")
    response = ruben.post(url, data | {FIELD: snapshot})
    assert response.status_code == 200
    assert "bevestigd" in response.content.decode()
    assert Meeting.objects.get().attendances.get().status == "bevestigd"


def test_overleg_edit_is_refused_when_a_colleague_saved_it_first(editor, admin_user):
    overleg = monthly_overleg(name="Werkgroep Wijkteams")
    url = f"/overleggen/{overleg.pk}/edit/"
    ruben, bea = logged_in_client(editor), logged_in_client(admin_user)
    ruben_snapshot, bea_snapshot = opened(ruben, url), opened(bea, url)

    assert ruben.post(url, overleg_data(purpose="Nieuw doel") | {FIELD: ruben_snapshot}).status_code == 302
    response = bea.post(url, overleg_data(name="Werkgroep Wijkteams 2027") | {FIELD: bea_snapshot})

    assert response.status_code == 200
    assert "Nieuw doel" in response.content.decode()
    assert Overleg.objects.get().name == "Werkgroep Wijkteams"
