"""Change history: every change of the tracked models is recorded with who, when and what, and shown."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from meetings.models import Attendance, Meeting, Overleg
from meetings.services import Seat, cancel_meeting, record_outcome, respond_to_meeting, save_meeting, save_overleg
from tests.factories import (
    AttendanceFactory,
    ContactPersonFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def as_user(user, obj):
    obj._history_user = user
    return obj


@pytest.mark.parametrize(
    ("factory", "field", "value"),
    [
        (OrganisationFactory, "name", "Nieuwe naam"),
        (MembershipFactory, "member_number", "L99999"),
        (ContactPersonFactory, "job_title", "Wethouder"),
        (OverlegFactory, "location", "Utrecht"),
        (MeetingFactory, "title", "Andere titel"),
        (AttendanceFactory, "status", AttendanceStatus.AFGEMELD),
    ],
    ids=["organisation", "membership", "contact", "overleg", "meeting", "attendance"],
)
def test_create_and_change_are_recorded_with_the_user(factory, field, value, editor):
    obj = factory()
    as_user(editor, obj)
    setattr(obj, field, value)
    obj.save()
    created, changed = obj.history.order_by("history_date", "history_id")
    assert (created.history_type, changed.history_type) == ("+", "~")
    assert changed.history_user == editor
    assert getattr(changed, field) == value


def test_a_save_without_a_visible_change_adds_no_history_row():
    meeting = MeetingFactory()
    meeting.sequence += 1
    meeting.save()
    assert meeting.history.count() == 1


@pytest.mark.parametrize(
    ("factory", "field", "related"),
    [
        (OrganisationFactory, "themes", ThemeFactory),
        (ContactPersonFactory, "themes", ThemeFactory),
        (OverlegFactory, "organisations", OrganisationFactory),
        (OverlegFactory, "delegates", UserFactory),
        (MeetingFactory, "organisations", OrganisationFactory),
        (MeetingFactory, "contacts", ContactPersonFactory),
    ],
)
def test_many_to_many_changes_are_recorded(factory, field, related):
    obj = factory()
    item = related()
    getattr(obj, field).add(item)
    latest = obj.history.order_by("-history_date", "-history_id").first()
    assert latest.history_type == "~"
    assert [row.pk for row in getattr(latest, field).all()] != []


def test_changes_through_the_pages_name_the_colleague(editor_client, editor):
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(hours=3))
    meeting.end = meeting.start + datetime.timedelta(hours=1)
    meeting.save()
    response = editor_client.post(reverse("meetings:meeting_cancel", args=[meeting.pk]))
    assert response.status_code == 302
    latest = meeting.history.order_by("-history_date", "-history_id").first()
    assert (latest.status, latest.history_user) == (MeetingStatus.GEANNULEERD, editor)


def test_the_planning_services_write_history():
    user, other = UserFactory(), UserFactory()
    overleg = as_user(user, OverlegFactory.build(name="Werkgroep armoede"))
    save_overleg(overleg=overleg, themes=[], organisations=[], delegates=[user])
    assert Overleg.history.filter(id=overleg.pk).exists()
    meeting = MeetingFactory(start=timezone.now() - datetime.timedelta(hours=2))
    meeting.end = meeting.start + datetime.timedelta(hours=1)
    meeting.save()
    save_meeting(meeting=meeting, organisations=[], contacts=[], seats=[Seat(user=user), Seat(user=other)])
    assert Attendance.history.filter(meeting_id=meeting.pk, history_type="+").count() == 2
    record_outcome(meeting=meeting, outcome="Besloten", present=[user])
    statuses = set(Attendance.history.filter(meeting_id=meeting.pk, history_type="~").values_list("status", flat=True))
    assert statuses == {AttendanceStatus.AANWEZIG, AttendanceStatus.AFGEMELD}
    save_meeting(meeting=meeting, organisations=[], contacts=[], seats=[Seat(user=user)])
    assert Attendance.history.filter(meeting_id=meeting.pk, history_type="-").count() == 1
    future = MeetingFactory()
    AttendanceFactory(meeting=future, user=user, status=AttendanceStatus.UITGENODIGD)
    respond_to_meeting(meeting=future, user=user, status=AttendanceStatus.BEVESTIGD)
    assert Attendance.history.filter(meeting_id=future.pk, status=AttendanceStatus.BEVESTIGD).exists()
    cancel_meeting(meeting=future)
    assert Meeting.history.filter(id=future.pk, status=MeetingStatus.GEANNULEERD).exists()


def test_meetings_planned_from_a_rhythm_have_history():
    user = UserFactory()
    overleg = OverlegFactory(
        recurrence_rule="FREQ=WEEKLY",
        recurrence_start=timezone.localdate(),
        start_time=datetime.time(10),
        end_time=datetime.time(11),
    )
    save_overleg(overleg=overleg, themes=[], organisations=[], delegates=[user])
    planned = overleg.meetings.count()
    assert planned > 0
    assert Meeting.history.filter(overleg_id=overleg.pk, history_type="+").count() == planned
    assert Attendance.history.filter(meeting__overleg=overleg, history_type="+").count() == planned


def test_the_organisation_page_shows_the_history_field_by_field(viewer_client, editor):
    theme = ThemeFactory(name="Armoede & schulden")
    organisation = OrganisationFactory(name="Oude naam", kind="branche")
    membership = MembershipFactory(organisation=organisation, status="actief")
    contact = ContactPersonFactory(organisation=organisation, name="Jan Jansen")
    as_user(editor, organisation)
    organisation.name, organisation.kind = "Nieuwe naam", "gemeente"
    organisation.save()
    organisation.themes.add(theme)
    as_user(editor, membership)
    membership.status = "opgezegd"
    membership.save()
    contact.delete()
    page = viewer_client.get(reverse("overview:organisation_detail", args=[organisation.pk])).content.decode()
    section = page[page.index('id="history-heading"') :]
    assert "Geschiedenis" in page
    assert "Ruben Redacteur" in section
    assert "<del>Oude naam</del>" in section and "<ins>Nieuwe naam</ins>" in section
    assert "<del>Branche- of beroepsorganisatie</del>" in section and "<ins>Gemeente</ins>" in section
    assert "+ Armoede &amp; schulden" in section
    assert "<del>Actief</del>" in section and "<ins>Opgezegd</ins>" in section
    assert "Contactpersoon: Jan Jansen" in section and "verwijderd" in section
    # Newest first: the deletion of the contact comes before the renaming.
    assert section.index("Contactpersoon: Jan Jansen") < section.index("Nieuwe naam")


def test_the_meeting_page_shows_attendance_changes_and_the_full_history_page_pages(viewer_client, editor):
    meeting = MeetingFactory(title="Bestuurlijk overleg")
    attendance = AttendanceFactory(meeting=meeting, user=UserFactory(first_name="Lex", last_name="Staal"))
    for status in [AttendanceStatus.AFGEMELD, AttendanceStatus.BEVESTIGD] * 6:
        as_user(editor, attendance)
        attendance.status = status
        attendance.save()
    page = viewer_client.get(reverse("meetings:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Deelname: Lex Staal" in page
    assert "Meer geschiedenis" in page
    history_url = reverse("meetings:meeting_history", args=[meeting.pk])
    full = viewer_client.get(history_url).content.decode()
    assert "14 wijzigingen, nieuwste eerst." in full
    assert viewer_client.get(history_url, {"page": "99"}).status_code == 200
    assert viewer_client.get(history_url, {"page": "abc"}).status_code == 200


def test_the_overleg_page_shows_its_history(viewer_client, editor):
    overleg = OverlegFactory(name="Netwerk jeugd")
    delegate = UserFactory(first_name="Sanne", last_name="de Vries")
    overleg.delegates.add(delegate)
    page = viewer_client.get(reverse("meetings:overleg_detail", args=[overleg.pk])).content.decode()
    assert "+ Sanne de Vries" in page
    assert viewer_client.get(reverse("meetings:overleg_history", args=[overleg.pk])).status_code == 200


def _organisation_with_history(changes):
    organisation = OrganisationFactory(owner=UserFactory())
    MembershipFactory(organisation=organisation)
    for n in range(changes):
        organisation.name = f"Naam {organisation.pk}-{n}"
        organisation.owner = UserFactory()
        organisation.save()
        organisation.themes.add(ThemeFactory())
        ContactPersonFactory(organisation=organisation)
    return organisation


@pytest.mark.parametrize("url_name", ["overview:organisation_detail", "overview:organisation_history"])
def test_the_history_costs_the_same_queries_for_few_and_many_changes(viewer_client, url_name):
    few, many = _organisation_with_history(1), _organisation_with_history(12)

    def count(organisation):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(reverse(url_name, args=[organisation.pk])).status_code == 200
        return len(queries)

    assert count(few) == count(many)


def test_meeting_and_overleg_history_cost_the_same_queries_for_few_and_many(viewer_client):
    def build(changes):
        meeting = MeetingFactory(overleg=OverlegFactory())
        for _n in range(changes):
            AttendanceFactory(meeting=meeting, user=UserFactory())
            meeting.organisations.add(OrganisationFactory())
            meeting.overleg.delegates.add(UserFactory())
        return meeting

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert viewer_client.get(url).status_code == 200
        return len(queries)

    few, many = build(1), build(10)
    for name, attr in (("meetings:meeting_history", None), ("meetings:overleg_history", "overleg")):
        ids = [(getattr(m, attr) if attr else m).pk for m in (few, many)]
        assert count(reverse(name, args=[ids[0]])) == count(reverse(name, args=[ids[1]]))


def test_the_admin_shows_the_history(admin_client_):
    organisation = OrganisationFactory()
    organisation.name = "Anders"
    organisation.save()
    for model, obj in (("stakeholders_organisation", organisation), ("meetings_meeting", MeetingFactory())):
        response = admin_client_.get(reverse(f"admin:{model}_history", args=[obj.pk]))
        assert response.status_code == 200
    page = admin_client_.get(
        reverse("admin:stakeholders_organisation_history", args=[organisation.pk])
    ).content.decode()
    assert "Anders" in page


def test_adding_what_is_already_there_adds_no_history_row():
    theme = ThemeFactory()
    organisation = OrganisationFactory()
    organisation.themes.add(theme)
    rows = organisation.history.count()
    organisation.themes.add(theme)
    assert organisation.history.count() == rows
