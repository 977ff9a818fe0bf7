"""An overleg's rhythm: plain words <-> RRULE, and the meetings generated from it."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from meetings.choices import AttendanceStatus, MeetingStatus, RhythmFrequency
from meetings.models import Meeting
from meetings.recurrence import Rhythm, describe_rule, generate_all_meetings, generate_meetings, validate_rule
from tests.factories import AttendanceFactory, OrganisationFactory, OverlegFactory, UserFactory
from tests.helpers import AMSTERDAM, local

UTC = datetime.UTC


# -- plain words and RRULE ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rhythm", "rule"),
    [
        (Rhythm(RhythmFrequency.WEEKLY, weekday=0), "FREQ=WEEKLY;BYDAY=MO"),
        (Rhythm(RhythmFrequency.WEEKLY, weekday=4, interval=2), "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"),
        (Rhythm(RhythmFrequency.MONTHLY, weekday=1, week_of_month=2), "FREQ=MONTHLY;BYDAY=2TU"),
        (Rhythm(RhythmFrequency.MONTHLY, weekday=3, interval=3, week_of_month=1), "FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH"),
        (Rhythm(RhythmFrequency.MONTHLY, weekday=4, week_of_month=-1), "FREQ=MONTHLY;BYDAY=-1FR"),
    ],
)
def test_form_choices_become_an_rrule_and_the_rrule_reads_back_to_the_same_choices(rhythm, rule):
    assert rhythm.to_rule() == rule
    assert Rhythm.from_rule(rule) == rhythm
    validate_rule(rule)


@pytest.mark.parametrize(
    "rule",
    ["FREQ=MONTHLY;BYMONTHDAY=15", "FREQ=WEEKLY;BYDAY=MO,WE", "FREQ=DAILY", "FREQ=MONTHLY;BYDAY=TU", "nonsense"],
)
def test_rules_the_form_cannot_show_are_recognised_as_such(rule):
    assert Rhythm.from_rule(rule) is None


@pytest.mark.parametrize(
    ("rule", "dutch"),
    [
        ("FREQ=MONTHLY;BYDAY=2TU", "elke 2e dinsdag van de maand"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "elke laatste vrijdag van de maand"),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=1TH", "om de 3 maanden op de 1e donderdag"),
        ("FREQ=WEEKLY;BYDAY=MO", "elke week op maandag"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", "om de 2 weken op woensdag"),
        ("", "geen vast ritme"),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "eigen ritme (FREQ=MONTHLY;BYMONTHDAY=15)"),
    ],
)
def test_rhythm_reads_as_plain_dutch(rule, dutch):
    with translation.override("nl"):
        assert describe_rule(rule) == dutch


@pytest.mark.django_db
def test_overleg_rhythm_display_adds_the_usual_times():
    overleg = OverlegFactory(
        recurrence_rule="FREQ=MONTHLY;BYDAY=2TU",
        recurrence_start=datetime.date(2026, 1, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
    )
    with translation.override("nl"):
        assert overleg.rhythm_display == "elke 2e dinsdag van de maand, 10:00–12:00"


@pytest.mark.parametrize("rule", ["FREQ=MONTHLY;BYDAY=9XX", "FREQ=SOMETIMES", "BYDAY"])
def test_unreadable_rules_are_rejected(rule):
    with pytest.raises(ValidationError):
        validate_rule(rule)


# -- generation ---------------------------------------------------------------------------------

NOW = local(2027, 1, 4, 9)  # a Monday morning


@pytest.fixture
def delegates(db):
    return [UserFactory(username="anouk"), UserFactory(username="bram")]


@pytest.fixture
def overleg(delegates):
    overleg = OverlegFactory(
        name="Ledencommissie Jeugd",
        recurrence_rule="FREQ=MONTHLY;BYDAY=2TU",
        recurrence_start=datetime.date(2026, 1, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
        location="Utrecht",
    )
    overleg.delegates.set(delegates)
    overleg.organisations.set([OrganisationFactory(name="VNG"), OrganisationFactory(name="ActiZ")])
    return overleg


def starts(overleg):
    return [timezone_local(m.start) for m in Meeting.objects.filter(overleg=overleg).order_by("start")]


def timezone_local(moment):
    return moment.astimezone(AMSTERDAM).replace(tzinfo=None)


def test_generation_plans_every_occurrence_up_to_the_horizon(overleg, delegates):
    result = generate_meetings(overleg=overleg, now=NOW, horizon_days=90)

    assert result.created == 3
    assert starts(overleg) == [
        datetime.datetime(2027, 1, 12, 10),
        datetime.datetime(2027, 2, 9, 10),
        datetime.datetime(2027, 3, 9, 10),
    ]
    meeting = Meeting.objects.filter(overleg=overleg).first()
    assert meeting.title == "Ledencommissie Jeugd"
    assert meeting.location == "Utrecht"
    assert timezone_local(meeting.end) == datetime.datetime(2027, 1, 12, 12)
    assert meeting.recurrence_id == meeting.start
    assert meeting.status == MeetingStatus.GEPLAND
    assert {(a.user, a.status) for a in meeting.attendances.all()} == {
        (user, AttendanceStatus.UITGENODIGD) for user in delegates
    }
    assert {org.name for org in meeting.organisations.all()} == {"VNG", "ActiZ"}


def test_running_generation_again_never_duplicates(overleg):
    generate_meetings(overleg=overleg, now=NOW, horizon_days=90)
    uids = set(Meeting.objects.values_list("uid", flat=True))

    again = generate_meetings(overleg=overleg, now=NOW, horizon_days=90)
    later = generate_meetings(overleg=overleg, now=NOW + datetime.timedelta(days=3), horizon_days=90)

    assert (again.created, again.moved, again.updated, again.removed) == (0, 0, 0, 0)
    assert later.created == 0
    assert Meeting.objects.count() == 3
    assert set(Meeting.objects.values_list("uid", flat=True)) == uids


def test_a_longer_horizon_adds_only_the_missing_meetings(overleg):
    generate_meetings(overleg=overleg, now=NOW, horizon_days=90)
    result = generate_meetings(overleg=overleg, now=NOW, horizon_days=182)
    assert result.created == 3
    assert Meeting.objects.count() == 6


def test_inactive_or_rhythmless_overleggen_get_no_meetings(overleg):
    overleg.is_active = False
    overleg.save()
    assert generate_meetings(overleg=overleg, now=NOW).created == 0
    assert OverlegFactory().meetings.count() == 0
    assert generate_all_meetings(now=NOW).created == 0


def test_a_rhythm_change_moves_only_future_untouched_meetings(overleg):
    past = Meeting.objects.create(
        overleg=overleg,
        title="December",
        start=local(2026, 12, 8, 10),
        end=local(2026, 12, 8, 12),
        status=MeetingStatus.GEHOUDEN,
        recurrence_id=local(2026, 12, 8, 10),
    )
    generate_meetings(overleg=overleg, now=NOW, horizon_days=90)
    january, february, march = Meeting.objects.filter(start__gt=NOW).order_by("start")
    february.title, february.edited_by_hand = "Februari, met de wethouder", True
    february.save()
    march.status = MeetingStatus.GEANNULEERD
    march.save()
    AttendanceFactory(meeting=january, status=AttendanceStatus.BEVESTIGD)

    overleg.recurrence_rule = "FREQ=MONTHLY;BYDAY=3WE"  # from the 2nd Tuesday to the 3rd Wednesday
    overleg.save()
    result = generate_meetings(overleg=overleg, now=NOW, horizon_days=90)

    january.refresh_from_db()
    assert timezone_local(january.start) == datetime.datetime(2027, 1, 20, 10)  # moved
    assert january.recurrence_id == january.start
    assert january.sequence == 1
    # Moved to another day: everyone is invited afresh, the confirmation was for the old date.
    assert set(january.attendances.values_list("status", flat=True)) == {AttendanceStatus.UITGENODIGD}
    assert january.attendances.count() == 2
    february.refresh_from_db()
    assert timezone_local(february.start) == datetime.datetime(2027, 2, 9, 10)  # hand-edited: stays
    assert february.title == "Februari, met de wethouder"
    march.refresh_from_db()
    assert march.status == MeetingStatus.GEANNULEERD and timezone_local(march.start).day == 9  # cancelled: stays
    past.refresh_from_db()
    assert timezone_local(past.start) == datetime.datetime(2026, 12, 8, 10)  # the past: stays
    assert result.moved == 1
    assert result.created == 2  # 17 February and 17 March
    assert Meeting.objects.filter(overleg=overleg).count() == 6


def test_removing_the_rhythm_removes_future_untouched_meetings_only(overleg):
    generate_meetings(overleg=overleg, now=NOW, horizon_days=90)
    kept = Meeting.objects.order_by("start").last()
    kept.edited_by_hand = True
    kept.save()

    overleg.recurrence_rule = ""
    overleg.save()
    result = generate_meetings(overleg=overleg, now=NOW, horizon_days=90)

    assert result.removed == 2
    assert list(Meeting.objects.all()) == [kept]


def test_untouched_future_meetings_follow_new_times_and_new_delegates(overleg):
    generate_meetings(overleg=overleg, now=NOW, horizon_days=60)
    newcomer = UserFactory(username="chantal")
    overleg.delegates.add(newcomer)
    overleg.end_time = datetime.time(12, 30)
    overleg.save()

    result = generate_meetings(overleg=overleg, now=NOW, horizon_days=60)

    assert result.updated == 2
    for meeting in Meeting.objects.all():
        assert timezone_local(meeting.end).time() == datetime.time(12, 30)
        assert meeting.sequence == 1
        assert meeting.attendances.filter(user=newcomer, status=AttendanceStatus.UITGENODIGD).exists()


@pytest.mark.parametrize(
    ("last_sunday", "before_utc_hour", "after_utc_hour"),
    [(datetime.date(2027, 3, 28), 9, 8), (datetime.date(2027, 10, 31), 8, 9)],
)
def test_weekly_meetings_keep_their_local_time_across_daylight_saving_changes(
    delegates, last_sunday, before_utc_hour, after_utc_hour
):
    overleg = OverlegFactory(
        recurrence_rule="FREQ=WEEKLY;BYDAY=MO",
        recurrence_start=datetime.date(2027, 1, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(11, 30),
    )
    now = datetime.datetime.combine(last_sunday - datetime.timedelta(days=7), datetime.time(12), tzinfo=AMSTERDAM)
    generate_meetings(overleg=overleg, now=now, horizon_days=14)

    before, after = Meeting.objects.filter(overleg=overleg).order_by("start")
    assert timezone_local(before.start) == datetime.datetime.combine(
        last_sunday - datetime.timedelta(days=6), datetime.time(10)
    )
    assert timezone_local(after.start) == datetime.datetime.combine(
        last_sunday + datetime.timedelta(days=1), datetime.time(10)
    )
    assert before.start.astimezone(UTC).hour == before_utc_hour
    assert after.start.astimezone(UTC).hour == after_utc_hour
    assert after.end - after.start == datetime.timedelta(hours=1, minutes=30)
    assert generate_meetings(overleg=overleg, now=now, horizon_days=14).created == 0


def test_a_meeting_on_the_last_sunday_of_march_is_at_the_local_time(delegates):
    overleg = OverlegFactory(
        recurrence_rule="FREQ=MONTHLY;BYDAY=-1SU",
        recurrence_start=datetime.date(2027, 1, 1),
        start_time=datetime.time(10),
        end_time=datetime.time(12),
    )
    generate_meetings(overleg=overleg, now=local(2027, 3, 1, 0), horizon_days=30)
    meeting = Meeting.objects.get(overleg=overleg)
    assert meeting.start == datetime.datetime(2027, 3, 28, 8, tzinfo=UTC)  # 10:00 CEST
    assert meeting.end == datetime.datetime(2027, 3, 28, 10, tzinfo=UTC)


# -- the management command -------------------------------------------------------------------


def test_generate_meetings_command_plans_every_active_overleg_and_is_idempotent(overleg):
    OverlegFactory(
        is_active=False,
        recurrence_rule="FREQ=WEEKLY;BYDAY=MO",
        recurrence_start=datetime.date(2026, 1, 1),
        start_time=datetime.time(9),
        end_time=datetime.time(10),
    )
    out = io.StringIO()
    call_command("generate_meetings", "--horizon-days", "62", stdout=out)
    first = Meeting.objects.count()
    assert first in (2, 3)  # the 2nd Tuesdays in the next 62 days
    assert set(Meeting.objects.values_list("overleg", flat=True)) == {overleg.pk}
    assert "created" in out.getvalue()

    call_command("generate_meetings", "--horizon-days", "62", stdout=io.StringIO())
    assert Meeting.objects.count() == first


def test_generate_meetings_command_refuses_a_silly_horizon(db):
    with pytest.raises(CommandError):
        call_command("generate_meetings", "--horizon-days", "0")


@pytest.mark.django_db
def test_seed_demo_meetings_are_recognised_by_the_generator(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    before = Meeting.objects.count()
    out = io.StringIO()
    call_command("generate_meetings", stdout=out)
    assert "0 moved" in out.getvalue() and "0 removed" in out.getvalue()
    # At most the occurrences of the day the demo window ends on are new.
    assert Meeting.objects.count() - before <= 5
