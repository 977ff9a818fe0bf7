"""Multi-model writes are all or nothing: a failure halfway leaves no half-written meeting."""

import datetime

import pytest
from django.utils import timezone

from meetings.models import Attendance, Meeting, Overleg
from meetings.services import Seat, save_meeting, save_overleg
from tests.factories import AttendanceFactory, MeetingFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class Boom(Exception):
    pass


def explode(*args, **kwargs):
    raise Boom


def test_new_meeting_is_not_kept_when_saving_its_attendance_fails(monkeypatch):
    lex, sanne = UserFactory(username="lex"), UserFactory(username="sanne")
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=2)
    meeting = Meeting(title="Overleg VNG", start=start, end=start + datetime.timedelta(hours=1))
    calls = {"n": 0}
    original = Attendance.save

    def second_save_fails(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Boom
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Attendance, "save", second_save_fails)
    with pytest.raises(Boom):
        save_meeting(
            meeting=meeting, organisations=[OrganisationFactory()], contacts=[], seats=[Seat(lex), Seat(sanne)]
        )

    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()


def test_edited_meeting_keeps_its_old_state_when_a_later_step_fails(monkeypatch):
    meeting = MeetingFactory(title="Oud", sequence=3)
    old_colleague = AttendanceFactory(meeting=meeting).user
    meeting.title = "Nieuw"
    monkeypatch.setattr(Attendance, "save", explode)
    with pytest.raises(Boom):
        save_meeting(meeting=meeting, organisations=[], contacts=[], seats=[Seat(UserFactory())])

    meeting.refresh_from_db()
    assert (meeting.title, meeting.sequence) == ("Oud", 3)
    assert list(meeting.attendances.values_list("user", flat=True)) == [old_colleague.pk]


def test_overleg_is_not_kept_when_planning_its_meetings_fails(monkeypatch):
    import meetings.services

    monkeypatch.setattr(meetings.services, "generate_meetings", explode)
    overleg = Overleg(
        name="Nieuw overleg",
        kind="werkgroep",
        recurrence_rule="FREQ=MONTHLY;BYDAY=2TU",
        recurrence_start=timezone.localdate(),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
    )
    with pytest.raises(Boom):
        save_overleg(overleg=overleg, themes=[], organisations=[OrganisationFactory()], delegates=[UserFactory()])
    assert not Overleg.objects.exists()
