"""Contact moments: logging one from the organisation page, editing and deleting, the rules in the database."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from relations.choices import ContactChannel
from relations.models import ContactMoment
from tests.factories import (
    ContactMomentFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import days_from_now

pytestmark = pytest.mark.django_db


def new_url(org):
    return f"/contact-moments/new/?organisation={org.pk}"


def moment_data(**overrides):
    data = {
        "happened_at": timezone.localdate().isoformat(),
        "time": "",
        "channel": ContactChannel.TELEFOON,
        "summary": "Gebeld over de inkoop van sociaal werk.",
        "theme": "",
        "follow_up": "",
        "follow_up_due": "",
        "follow_up_assignee": "",
    }
    data.update(overrides)
    return data


def edit_data(client, moment, **changes):
    """The edit form as the browser would post it back unchanged, with the concurrency snapshot, plus changes."""
    form = client.get(f"/contact-moments/{moment.pk}/edit/").context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime.date | datetime.time):
            data[name] = value.isoformat()
        else:
            data[name] = value
    data.update(changes)
    return data


# -- Logging one from the organisation page ------------------------------------------------------


def test_the_organisation_page_offers_to_log_a_contact_moment(viewer_client):
    org = OrganisationFactory()
    html = viewer_client.get(f"/stakeholders/{org.pk}/").content.decode()
    assert "Contactmoment vastleggen" in html
    assert f'href="{new_url(org)}"' in html


def test_a_viewer_logs_a_call_with_colleagues_contacts_theme_and_a_follow_up(viewer_client, viewer):
    org = OrganisationFactory(name="Gemeente Zwolle")
    petra = ContactPersonFactory(organisation=org, name="Petra de Wit")
    sanne = UserFactory(first_name="Sanne", last_name="de Vries", is_colleague=True)
    theme = ThemeFactory(name="Armoede & schulden")
    due = timezone.localdate() + datetime.timedelta(days=7)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = viewer_client.post(
        new_url(org),
        moment_data(
            happened_at=yesterday.isoformat(),
            time="14:30",
            colleagues=[viewer.pk, sanne.pk],
            contacts=[petra.pk],
            theme=theme.pk,
            follow_up="Notitie nasturen",
            follow_up_due=due.isoformat(),
        ),
    )

    moment = ContactMoment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/stakeholders/{org.pk}/#contactmoment-{moment.pk}"
    assert moment.organisation == org and moment.channel == ContactChannel.TELEFOON
    assert moment.time_known
    assert timezone.localtime(moment.happened_at).strftime("%H:%M") == "14:30"
    assert set(moment.colleagues.all()) == {viewer, sanne}
    assert list(moment.contacts.all()) == [petra]
    assert moment.theme == theme
    assert moment.created_by == viewer
    assert moment.follow_up == "Notitie nasturen" and moment.follow_up_due == due
    assert moment.follow_up_assignee == viewer  # left empty: the one who logs it takes it on
    html = viewer_client.get(response["Location"]).content.decode()
    assert "Het contactmoment is vastgelegd." in html
    assert "Gebeld over de inkoop van sociaal werk." in html and "Petra de Wit" in html


def test_without_a_time_the_moment_is_the_start_of_that_dutch_day(viewer_client, viewer):
    org = OrganisationFactory()
    day = timezone.localdate() - datetime.timedelta(days=3)

    viewer_client.post(new_url(org), moment_data(happened_at=day.isoformat(), colleagues=[viewer.pk]))

    moment = ContactMoment.objects.get()
    assert not moment.time_known
    assert timezone.localtime(moment.happened_at) == datetime.datetime.combine(
        day, datetime.time.min, tzinfo=timezone.get_current_timezone()
    )


def test_the_form_starts_with_today_and_the_user_as_colleague(viewer_client, viewer):
    form = viewer_client.get(new_url(OrganisationFactory())).context["form"]
    assert form["happened_at"].value() == timezone.localdate()
    assert form["colleagues"].value() == [viewer.pk]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"summary": ""}, "summary", "Dit veld is verplicht."),
        ({"channel": "fax"}, "channel", "Selecteer een geldige keuze."),
        ({"happened_at": "morgen"}, "happened_at", "Voer een geldige datum in."),
        ({"time": "25:00"}, "time", "Voer een geldige tijd in."),
        ({"follow_up_due": "2026-12-01"}, "follow_up", "Schrijf op wat er moet gebeuren"),
    ],
)
def test_bad_input_comes_back_with_a_dutch_message_and_keeps_what_was_typed(
    viewer_client, viewer, changes, field, message
):
    org = OrganisationFactory()
    data = moment_data(colleagues=[viewer.pk]) | {"summary": "Mijn tekst blijft staan"} | changes

    response = viewer_client.post(new_url(org), data)

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "Mijn tekst blijft staan" in response.content.decode() or field == "summary"
    assert not ContactMoment.objects.exists()


def test_a_date_in_the_future_is_refused(viewer_client, viewer):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = viewer_client.post(
        new_url(OrganisationFactory()), moment_data(happened_at=tomorrow.isoformat(), colleagues=[viewer.pk])
    )
    assert "kan niet in de toekomst liggen" in " ".join(response.context["form"].errors["happened_at"])


def test_a_time_later_today_is_refused(viewer_client, viewer):
    later = timezone.localtime() + datetime.timedelta(hours=1)
    if later.date() != timezone.localdate():
        pytest.skip("an hour from now is tomorrow")
    response = viewer_client.post(
        new_url(OrganisationFactory()),
        moment_data(happened_at=later.date().isoformat(), time=later.strftime("%H:%M"), colleagues=[viewer.pk]),
    )
    assert "kan niet in de toekomst liggen" in " ".join(response.context["form"].errors["time"])


def test_at_least_one_colleague_is_needed(viewer_client):
    response = viewer_client.post(new_url(OrganisationFactory()), moment_data())
    assert "colleagues" in response.context["form"].errors


def test_contact_persons_of_another_organisation_cannot_be_chosen(viewer_client, viewer):
    org = OrganisationFactory()
    stranger = ContactPersonFactory(organisation=OrganisationFactory())
    response = viewer_client.post(new_url(org), moment_data(colleagues=[viewer.pk], contacts=[stranger.pk]))
    assert "contacts" in response.context["form"].errors
    assert not ContactMoment.objects.exists()


def test_an_unknown_organisation_is_not_found(viewer_client):
    assert viewer_client.get("/contact-moments/new/?organisation=999999").status_code == 404


# -- Editing and deleting ------------------------------------------------------------------------


def test_the_creator_edits_their_contact_moment(viewer_client, viewer):
    moment = ContactMomentFactory(created_by=viewer, colleagues=[viewer])
    response = viewer_client.post(
        f"/contact-moments/{moment.pk}/edit/", edit_data(viewer_client, moment, summary="Beter verwoord.")
    )
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.summary == "Beter verwoord."


def test_an_editor_edits_anyones_contact_moment(editor_client):
    moment = ContactMomentFactory(created_by=UserFactory(), colleagues=[UserFactory()])
    response = editor_client.post(
        f"/contact-moments/{moment.pk}/edit/", edit_data(editor_client, moment, channel=ContactChannel.BEZOEK)
    )
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.channel == ContactChannel.BEZOEK


def test_another_viewer_may_not_edit_or_delete_it(viewer_client):
    moment = ContactMomentFactory(created_by=UserFactory())
    assert viewer_client.get(f"/contact-moments/{moment.pk}/edit/").status_code == 403
    assert viewer_client.post(f"/contact-moments/{moment.pk}/delete/").status_code == 403
    assert ContactMoment.objects.filter(pk=moment.pk).exists()


def test_the_edit_page_carries_the_concurrency_snapshot(viewer_client, viewer):
    moment = ContactMomentFactory(created_by=viewer, colleagues=[viewer])
    html = viewer_client.get(f"/contact-moments/{moment.pk}/edit/").content.decode()
    assert 'type="hidden" name="concurrency_snapshot"' in html


def test_editing_keeps_the_date_and_time_unless_changed(viewer_client, viewer):
    when = days_from_now(-5, hour=11)
    moment = ContactMomentFactory(created_by=viewer, colleagues=[viewer], happened_at=when, time_known=True)
    viewer_client.post(f"/contact-moments/{moment.pk}/edit/", edit_data(viewer_client, moment, summary="x y"))
    moment.refresh_from_db()
    assert moment.happened_at == when and moment.time_known


def test_a_colleagues_change_in_between_is_not_overwritten(viewer_client, viewer):
    moment = ContactMomentFactory(created_by=viewer, colleagues=[viewer], summary="Origineel")
    data = edit_data(viewer_client, moment, summary="Mijn versie")
    ContactMoment.objects.filter(pk=moment.pk).update(summary="Versie van een collega")

    response = viewer_client.post(f"/contact-moments/{moment.pk}/edit/", data)

    assert response.status_code == 200
    assert "Een collega heeft dit na het openen van jouw formulier opgeslagen" in response.content.decode()
    moment.refresh_from_db()
    assert moment.summary == "Versie van een collega"


def test_clearing_the_follow_up_text_clears_its_details(viewer_client, viewer):
    moment = ContactMomentFactory(
        created_by=viewer,
        colleagues=[viewer],
        follow_up="Bellen",
        follow_up_assignee=viewer,
        follow_up_done_at=timezone.now(),
    )
    response = viewer_client.post(
        f"/contact-moments/{moment.pk}/edit/",
        edit_data(viewer_client, moment, follow_up="", follow_up_assignee="", follow_up_due=""),
    )
    assert response.status_code == 302
    moment.refresh_from_db()
    assert (moment.follow_up, moment.follow_up_assignee, moment.follow_up_done_at) == ("", None, None)


def test_delete_asks_first_then_deletes_on_post(viewer_client, viewer):
    moment = ContactMomentFactory(created_by=viewer, summary="Weg ermee")
    page = viewer_client.get(f"/contact-moments/{moment.pk}/delete/")
    assert page.status_code == 200 and "Dit contactmoment verwijderen?" in page.content.decode()
    assert ContactMoment.objects.filter(pk=moment.pk).exists()

    response = viewer_client.post(f"/contact-moments/{moment.pk}/delete/")

    assert response.status_code == 302
    assert response["Location"] == f"/stakeholders/{moment.organisation_id}/#timeline"
    assert not ContactMoment.objects.filter(pk=moment.pk).exists()


def test_the_timeline_offers_edit_and_delete_only_where_allowed(viewer_client, viewer):
    org = OrganisationFactory()
    mine = ContactMomentFactory(organisation=org, created_by=viewer, summary="Van mij")
    theirs = ContactMomentFactory(organisation=org, created_by=UserFactory(), summary="Van een ander")
    html = viewer_client.get(f"/stakeholders/{org.pk}/").content.decode()
    assert f"/contact-moments/{mine.pk}/edit/" in html
    assert f"/contact-moments/{theirs.pk}/edit/" not in html


# -- Rules in the database -----------------------------------------------------------------------


def test_a_follow_up_date_or_colleague_without_a_follow_up_text_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMomentFactory(follow_up="", follow_up_due=timezone.localdate())
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMomentFactory(follow_up="", follow_up_assignee=UserFactory())


def test_an_empty_summary_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMomentFactory(summary="")


def test_one_contact_moment_per_organisation_per_meeting():
    org, meeting = OrganisationFactory(), MeetingFactory()
    ContactMomentFactory(organisation=org, meeting=meeting)
    ContactMomentFactory(organisation=OrganisationFactory(), meeting=meeting)  # another organisation: fine
    ContactMomentFactory(organisation=org)  # not from a meeting: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactMomentFactory(organisation=org, meeting=meeting)


def test_follow_up_days_overdue_is_counted_from_the_due_date():
    today = datetime.date(2026, 3, 10)
    moment = ContactMomentFactory.build(follow_up="Bellen", follow_up_due=datetime.date(2026, 3, 1))
    assert moment.follow_up_days_overdue(today) == 9
    assert moment.follow_up_days_overdue(datetime.date(2026, 3, 1)) == 0  # due today is not late
    moment.follow_up_done_at = timezone.now()
    assert moment.follow_up_days_overdue(today) == 0


def test_the_form_pages_run_the_same_queries_for_few_and_many_people(viewer_client, viewer, django_assert_num_queries):
    org = OrganisationFactory()
    ContactPersonFactory(organisation=org)
    moment = ContactMomentFactory(
        organisation=org, created_by=viewer, colleagues=[viewer], follow_up="Bellen", follow_up_assignee=viewer
    )
    pages = [new_url(org), f"/contact-moments/{moment.pk}/edit/", f"/contact-moments/{moment.pk}/delete/"]
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    for _ in range(8):
        ContactPersonFactory(organisation=org)
        colleague = UserFactory()
        moment.colleagues.add(colleague)
        moment.contacts.add(ContactPersonFactory(organisation=org))
        ThemeFactory()
    assert counts == [10, 15, 3]
    for url, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            viewer_client.get(url)
