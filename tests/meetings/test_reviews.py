"""The yearly value review: time cost computed and kept, due overleggen ranked by cost per value point,
and "stoppen" ending an overleg in one go."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from meetings import services
from meetings.choices import AttendanceStatus, MeetingStatus, OverlegKind, ReviewDecision
from meetings.models import Attendance, Meeting, Overleg, OverlegReview
from meetings.reviews import cost_per_value_point, due_reviews
from tests.factories import (
    AttendanceFactory,
    MeetingFactory,
    OverlegFactory,
    OverlegReviewFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import days_from_now

pytestmark = pytest.mark.django_db


def meeting(overleg, *, start, hours, present=0, declined=0, status=MeetingStatus.GEHOUDEN):
    item = MeetingFactory(overleg=overleg, start=start, end=start + datetime.timedelta(hours=hours), status=status)
    for _ in range(present):
        AttendanceFactory(meeting=item, user=UserFactory(), status=AttendanceStatus.AANWEZIG)
    for _ in range(declined):
        AttendanceFactory(meeting=item, user=UserFactory(), status=AttendanceStatus.AFGEMELD)
    return item


def spend(overleg, hours):
    """Make the overleg cost `hours` colleague-hours in the last 12 months (one meeting, one colleague)."""
    if hours:
        meeting(overleg, start=days_from_now(-30), hours=hours, present=1)
    return overleg


def review(overleg, **kwargs):
    defaults = {
        "added_value": 3,
        "yielded": "Contacten met gemeenten.",
        "decision": ReviewDecision.DOORGAAN,
        "rationale": "Nog steeds nuttig.",
        "reviewer": UserFactory(),
    }
    return services.record_review(overleg=overleg, **(defaults | kwargs))


# -- The time cost, computed and kept -------------------------------------------------------------


def test_the_time_cost_is_computed_from_the_meetings_of_the_last_12_months_and_stored():
    overleg = OverlegFactory()
    meeting(overleg, start=days_from_now(-10), hours=2, present=3)  # 6 hours
    meeting(
        overleg, start=days_from_now(-100), hours=1.5, present=2, declined=1
    )  # 3 hours: who declined does not count
    meeting(overleg, start=days_from_now(-50), hours=2, present=2, status=MeetingStatus.GEANNULEERD)  # cancelled: 0
    meeting(overleg, start=days_from_now(-400), hours=2, present=2)  # more than 12 months ago: 0
    meeting(overleg, start=days_from_now(5), hours=2, present=2, status=MeetingStatus.GEPLAND)  # still to come: 0

    result = review(overleg)

    assert result.time_spent == datetime.timedelta(hours=9)
    assert result.time_spent_hours == 9.0
    assert result.reviewed_on == timezone.localdate()


def test_the_stored_time_cost_is_history_later_meetings_do_not_change_it():
    overleg = spend(OverlegFactory(), 4)
    result = review(overleg)
    meeting(overleg, start=days_from_now(-1), hours=3, present=2)
    result.refresh_from_db()
    assert result.time_spent == datetime.timedelta(hours=4)


def test_the_added_value_must_be_1_to_5_and_a_rationale_is_required():
    from django.core.exceptions import ValidationError

    overleg = OverlegFactory()
    with pytest.raises(ValidationError):
        review(overleg, added_value=6)
    with pytest.raises(ValidationError):
        review(overleg, rationale="")
    assert not OverlegReview.objects.exists()


def test_the_database_refuses_a_value_out_of_range():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        OverlegReviewFactory(added_value=0)


# -- Due for review, and the ranking ---------------------------------------------------------------


def test_due_means_active_and_never_reviewed_or_reviewed_a_year_ago_or_longer():
    today = timezone.localdate()
    never = OverlegFactory(name="Nooit")
    year_ago = OverlegFactory(name="Precies een jaar")
    OverlegReviewFactory(overleg=year_ago, reviewed_on=today - relativedelta(years=1))
    recent = OverlegFactory(name="Net binnen het jaar")
    OverlegReviewFactory(overleg=recent, reviewed_on=today - relativedelta(years=1) + datetime.timedelta(days=1))
    twice = OverlegFactory(name="Twee keer, laatste recent")
    OverlegReviewFactory(overleg=twice, reviewed_on=today - datetime.timedelta(days=500))
    OverlegReviewFactory(overleg=twice, reviewed_on=today - datetime.timedelta(days=30))
    OverlegFactory(name="Niet actief", is_active=False)

    names = {o.name for o in Overleg.objects.due_for_review()}

    assert names == {never.name, year_ago.name}


def test_due_overleggen_are_ranked_by_hours_per_value_point_never_reviewed_counting_as_1():
    long_ago = timezone.localdate() - datetime.timedelta(days=400)
    valuable = spend(OverlegFactory(name="Duur maar waardevol"), 30)  # 30 h / 5 = 6.0
    OverlegReviewFactory(overleg=valuable, reviewed_on=long_ago, added_value=5)
    poor = spend(OverlegFactory(name="Weinig waarde"), 12)  # 12 h / 1 = 12.0
    OverlegReviewFactory(overleg=poor, reviewed_on=long_ago, added_value=1)
    spend(OverlegFactory(name="Nooit beoordeeld"), 8)  # 8 h / 1 = 8.0
    spend(OverlegFactory(name="Ook 12 uur, nooit beoordeeld"), 12)  # 12.0: a tie, never reviewed first
    spend(OverlegFactory(name="Kost niets"), 0)  # 0.0
    recent = spend(OverlegFactory(name="Recent beoordeeld"), 50)
    OverlegReviewFactory(overleg=recent, reviewed_on=timezone.localdate() - datetime.timedelta(days=100))

    ranked = due_reviews()

    assert [(o.name, round(o.cost_per_point, 1)) for o in ranked] == [
        ("Ook 12 uur, nooit beoordeeld", 12.0),
        ("Weinig waarde", 12.0),
        ("Nooit beoordeeld", 8.0),
        ("Duur maar waardevol", 6.0),
        ("Kost niets", 0.0),
    ]


def test_cost_per_value_point_by_hand():
    overleg = Overleg(name="x")
    overleg.time_spent, overleg.last_review_value = datetime.timedelta(hours=7, minutes=30), 3
    assert cost_per_value_point(overleg) == 2.5
    overleg.last_review_value = None
    assert cost_per_value_point(overleg) == 7.5


# -- Stopping an overleg -----------------------------------------------------------------------------


@pytest.fixture
def running():
    """An overleg with two delegates, a meeting held, two to come and one already cancelled."""
    lex, sanne = UserFactory(first_name="Lex"), UserFactory(first_name="Sanne")
    overleg = OverlegFactory(name="Netwerk Drenthe")
    overleg.delegates.set([lex, sanne])
    held = meeting(overleg, start=days_from_now(-20), hours=2)
    for user in (lex, sanne):
        AttendanceFactory(meeting=held, user=user, status=AttendanceStatus.AANWEZIG)
    future = [meeting(overleg, start=days_from_now(days), hours=2, status=MeetingStatus.GEPLAND) for days in (10, 40)]
    for item in future:
        AttendanceFactory(meeting=item, user=lex, status=AttendanceStatus.BEVESTIGD)
        AttendanceFactory(meeting=item, user=sanne, status=AttendanceStatus.UITGENODIGD)
    already = meeting(overleg, start=days_from_now(70), hours=2, status=MeetingStatus.GEANNULEERD)
    Meeting.objects.filter(pk=already.pk).update(sequence=3)
    return {"overleg": overleg, "held": held, "future": future, "already": already, "delegates": [lex, sanne]}


def state(running):
    """Everything stopping may change, to compare before and after."""
    overleg = Overleg.objects.get(pk=running["overleg"].pk)
    return {
        "active": overleg.is_active,
        "delegates": sorted(overleg.delegates.values_list("pk", flat=True)),
        "meetings": sorted(Meeting.objects.filter(overleg=overleg).values_list("pk", "status", "sequence")),
        "attendance": sorted(Attendance.objects.filter(meeting__overleg=overleg).values_list("pk", "status")),
        "reviews": OverlegReview.objects.count(),
    }


def test_stopping_ends_the_overleg_and_keeps_its_history(running):
    result = review(running["overleg"], decision=ReviewDecision.STOPPEN, added_value=1)

    overleg = Overleg.objects.get(pk=running["overleg"].pk)
    assert not overleg.is_active
    assert list(overleg.delegates.all()) == []
    assert result.stop_result == services.StopResult(cancelled_meetings=2, released_delegates=2)
    for item in running["future"]:
        item.refresh_from_db()
        assert item.status == MeetingStatus.GEANNULEERD and item.sequence == 1  # kept, cancelled, new version
        assert set(item.attendances.values_list("status", flat=True)) == {AttendanceStatus.AFGEMELD}
    running["already"].refresh_from_db()
    assert running["already"].sequence == 3  # was cancelled already: untouched
    held = running["held"]
    held.refresh_from_db()
    assert held.status == MeetingStatus.GEHOUDEN
    assert set(held.attendances.values_list("status", flat=True)) == {AttendanceStatus.AANWEZIG}
    assert Meeting.objects.filter(overleg=overleg).count() == 4


def test_a_failure_midway_through_stopping_leaves_nothing_half_written(running, monkeypatch):
    before = state(running)

    def broken(**kwargs):
        raise RuntimeError("de database viel weg")

    monkeypatch.setattr(services, "_release_delegates", broken)
    with pytest.raises(RuntimeError):
        review(running["overleg"], decision=ReviewDecision.STOPPEN)

    assert state(running) == before


@pytest.mark.parametrize("decision", [ReviewDecision.DOORGAAN, ReviewDecision.AFSCHALEN, ReviewDecision.OVERDRAGEN])
def test_other_decisions_are_recorded_only(running, decision):
    before = state(running)
    review(running["overleg"], decision=decision)
    after = state(running)
    assert after.pop("reviews") == before.pop("reviews") + 1
    assert after == before


# -- The pages -----------------------------------------------------------------------------------


def review_url(overleg):
    return f"/overleggen/{overleg.pk}/reviews/new/"


def form_data(**overrides):
    data = {
        "added_value": "2",
        "yielded": "Weinig concreets.",
        "decision": ReviewDecision.AFSCHALEN,
        "rationale": "Eén vertegenwoordiger is genoeg.",
    }
    return data | overrides


def test_a_viewer_reads_reviews_but_may_not_record_one(viewer_client):
    overleg = OverlegFactory()
    assert viewer_client.get("/reviews/").status_code == 200
    assert viewer_client.get(review_url(overleg)).status_code == 403
    assert viewer_client.post(review_url(overleg), form_data()).status_code == 403
    assert not OverlegReview.objects.exists()
    assert review_url(overleg) not in viewer_client.get("/reviews/").content.decode()


@pytest.mark.parametrize("persona", ["editor_client", "admin_client_"])
def test_editors_record_a_review_with_the_computed_time_cost(request, persona):
    client = request.getfixturevalue(persona)
    overleg = OverlegFactory()
    meeting(overleg, start=days_from_now(-15), hours=2, present=2)

    page = client.get(review_url(overleg))
    assert page.status_code == 200
    assert "4,0 uur" in page.content.decode()
    response = client.post(review_url(overleg), form_data())

    assert response.status_code == 302
    saved = OverlegReview.objects.get()
    assert saved.time_spent == datetime.timedelta(hours=4)
    assert saved.reviewer == page.wsgi_request.user
    assert (saved.added_value, saved.decision) == (2, ReviewDecision.AFSCHALEN)
    html = client.get(response["Location"]).content.decode()
    assert "De beoordeling is vastgelegd." in html
    assert "Afschalen (minder mensen of minder vaak)" in html
    assert "Eén vertegenwoordiger is genoeg." in html
    assert "Dit besluit is alleen vastgelegd" in html


def test_stopping_needs_a_ticked_confirmation(editor_client, running):
    response = editor_client.post(review_url(running["overleg"]), form_data(decision=ReviewDecision.STOPPEN))
    assert response.status_code == 200
    assert "Vink dit aan om te bevestigen dat het overleg stopt." in response.content.decode()
    assert Overleg.objects.get(pk=running["overleg"].pk).is_active

    response = editor_client.post(
        review_url(running["overleg"]), form_data(decision=ReviewDecision.STOPPEN, confirm_stop="on")
    )

    assert response.status_code == 302
    page = editor_client.get(response["Location"]).content.decode()
    assert "2 komende bijeenkomsten geannuleerd, 2 vertegenwoordigers vrijgegeven" in page
    assert "Het overleg is met dit besluit gestopt" in page
    assert "Niet actief" in page
    assert page.count('class="meeting-cancelled"') >= 2  # the future meetings, struck through


def test_the_review_form_keeps_input_on_errors(editor_client):
    response = editor_client.post(review_url(OverlegFactory()), form_data(added_value="9", rationale="Mijn reden"))
    assert response.status_code == 200
    assert "added_value" in response.context["form"].errors
    assert "Mijn reden" in response.content.decode()


def test_an_inactive_overleg_is_not_reviewed(editor_client):
    overleg = OverlegFactory(is_active=False)
    response = editor_client.get(review_url(overleg))
    assert response.status_code == 302 and response["Location"] == f"/overleggen/{overleg.pk}/"


def test_the_overleg_page_shows_the_latest_decision(viewer_client):
    overleg = OverlegFactory()
    reviewer = UserFactory(first_name="Nienke", last_name="Kuyvenhoven")
    OverlegReviewFactory(overleg=overleg, reviewed_on=timezone.localdate() - datetime.timedelta(days=500))
    OverlegReviewFactory(
        overleg=overleg,
        reviewed_on=datetime.date(2026, 3, 2),
        decision=ReviewDecision.OVERDRAGEN,
        rationale="Een lid kan dit beter.",
        reviewer=reviewer,
    )
    html = viewer_client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert "Overdragen aan een lid" in html and "Een lid kan dit beter." in html
    assert "2 maart 2026" in html and "Nienke Kuyvenhoven" in html
    assert "1 eerdere beoordeling" in html
    assert review_url(overleg) not in html  # a viewer does not review


def test_the_overleg_page_offers_editors_to_review_it(editor_client):
    overleg = OverlegFactory()
    html = editor_client.get(f"/overleggen/{overleg.pk}/").content.decode()
    assert f'href="{review_url(overleg)}"' in html and "nooit beoordeeld" in html


def test_reviews_page_lists_due_overleggen_and_past_decisions(editor_client):
    spend(OverlegFactory(name="Ledencommissie Jeugd", kind=OverlegKind.LEDENCOMMISSIE), 6)
    spend(OverlegFactory(name="Werkgroep Wijk", kind=OverlegKind.WERKGROEP), 10)
    done = OverlegFactory(name="Klaar overleg")
    OverlegReviewFactory(overleg=done, rationale="Blijft belangrijk voor de lobby.")

    response = editor_client.get("/reviews/")
    html = response.content.decode()

    assert [o.name for o in response.context["due"]] == ["Werkgroep Wijk", "Ledencommissie Jeugd"]
    assert "10,0" in html and "nooit beoordeeld" in html
    assert "Blijft belangrijk voor de lobby." in html
    committees = editor_client.get("/reviews/", {"kind": OverlegKind.LEDENCOMMISSIE})
    assert [o.name for o in committees.context["due"]] == ["Ledencommissie Jeugd"]
    assert "Blijft belangrijk" not in committees.content.decode()


def test_reviews_page_with_bad_filters_still_works(viewer_client):
    response = viewer_client.get("/reviews/", {"kind": "koffie", "theme": "onbekend", "page": "99"})
    assert response.status_code == 200
    assert "Onbekende waarde" in response.content.decode()


def test_reviews_page_says_when_nothing_is_due(viewer_client):
    OverlegReviewFactory(overleg=OverlegFactory())
    html = viewer_client.get("/reviews/").content.decode()
    assert "Elk actief overleg is het afgelopen jaar beoordeeld." in html


def test_reviews_is_in_the_navigation(viewer_client):
    assert 'href="/reviews/"' in viewer_client.get("/").content.decode()


def test_reviews_page_query_count_does_not_grow(editor_client, django_assert_num_queries):
    def add(n):
        theme = ThemeFactory()
        for index in range(n):
            overleg = spend(OverlegFactory(themes=[theme]), index + 1)
            overleg.delegates.add(UserFactory())
            OverlegReviewFactory(
                overleg=overleg, reviewed_on=timezone.localdate() - datetime.timedelta(days=400), reviewer=UserFactory()
            )

    add(1)
    with django_assert_num_queries(10) as few:
        editor_client.get("/reviews/")
    add(10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = editor_client.get("/reviews/")
    assert len(response.context["due"]) == 11


def test_review_form_query_count_does_not_grow(editor_client, django_assert_num_queries):
    small = spend(OverlegFactory(), 2)
    small.delegates.add(UserFactory())
    OverlegReviewFactory(overleg=small, reviewer=UserFactory())
    with django_assert_num_queries(10) as few:
        editor_client.get(review_url(small))
    large = OverlegFactory()
    for days in range(1, 10):
        meeting(large, start=days_from_now(-days * 20), hours=2, present=2)
        large.delegates.add(UserFactory())
        OverlegReviewFactory(overleg=large, reviewer=UserFactory())
    with django_assert_num_queries(len(few.captured_queries)):
        editor_client.get(review_url(large))
