"""Privacy (AVG) for contact persons: flags shown everywhere, data export, erasure without a trace, retention."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from stakeholders.models import ContactPerson, PrivacyAction, PrivacyLog
from stakeholders.privacy import stale_contacts
from stakeholders.services import erase_contact, export_personal_data, set_privacy_flags
from tests.factories import ContactPersonFactory, MeetingFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db

NAME = "Xanthippe Quirijnsdochter"
EMAIL = "x.quirijnsdochter@voorbeeld-gemeente.nl"


def privacy_url(contact, name="contact_privacy"):
    return reverse(f"stakeholders:{name}", args=[contact.pk])


@pytest.fixture
def person(editor):
    """A person linked everywhere: meetings (also in free text), history, admin log, privacy log."""
    organisation = OrganisationFactory(name="Gemeente Voorbeeld", notes=f"Contact loopt via {NAME}.")
    contact = ContactPersonFactory(
        organisation=organisation, name=NAME, email=EMAIL, phone="06-12345678", job_title="Wethouder", notes="Privé"
    )
    contact.themes.add(ThemeFactory())
    contact._history_user = editor
    contact.job_title = "Burgemeester"
    contact.save()
    for days in (-30, 10):
        meeting = MeetingFactory(
            title=f"Gesprek met {NAME}",
            start=timezone.now() + datetime.timedelta(days=days),
            outcome=f"{NAME} ({EMAIL}) zegt toe",
        )
        meeting.end = meeting.start + datetime.timedelta(hours=1)
        meeting.save()
        meeting.contacts.add(contact)
        meeting.organisations.add(organisation)
    LogEntry.objects.log_actions(
        user_id=editor.pk,
        queryset=[contact],
        action_flag=CHANGE,
        change_message=json.dumps([{"added": {"name": "contactpersoon", "object": NAME}}]),
    )
    export_personal_data(contact=contact, user=editor)
    return contact


def every_text_value_containing(*needles):
    """(table, column) pairs of every text column in the whole database that contains one of the needles."""
    hits = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                if not any(
                    kind in str(column.type_code).lower() or kind in _type_name(column)
                    for kind in ("char", "text", "json", "varchar")
                ):
                    continue
                quoted_table, quoted_column = connection.ops.quote_name(table), connection.ops.quote_name(column.name)
                for needle in needles:
                    cursor.execute(
                        f"SELECT COUNT(*) FROM {quoted_table} WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s",
                        [f"%{needle.lower()}%"],
                    )
                    if cursor.fetchone()[0]:
                        hits.append((table, column.name, needle))
    return hits


def _type_name(column):
    return connection.introspection.get_field_type(column.type_code, column).lower()


def test_the_fixture_really_puts_the_name_and_email_in_many_places(person):
    tables = {table for table, _column, _needle in every_text_value_containing(NAME, EMAIL)}
    assert {
        "stakeholders_contactperson",
        "stakeholders_historicalcontactperson",
        "meetings_meeting",
        "meetings_historicalmeeting",
        "stakeholders_organisation",
        "django_admin_log",
        "stakeholders_privacylog",
    } <= tables


def test_erasure_leaves_no_trace_of_name_or_email_in_any_text_column(person, admin_user):
    meetings_before = Meeting.objects.filter(contacts=person).count()
    erase_contact(contact=person, user=admin_user)
    assert every_text_value_containing(NAME, EMAIL) == []
    person.refresh_from_db()
    assert person.name == f"Geanonimiseerd contact #{person.pk}"
    assert (person.email, person.phone, person.job_title, person.notes) == ("", "", "", "")
    assert person.is_anonymised
    # The rows and links stay, so counts stay right.
    assert Meeting.objects.filter(contacts=person).count() == meetings_before == 2
    assert ContactPerson.objects.filter(pk=person.pk).exists()
    assert "Geanonimiseerd contact" in Meeting.objects.filter(contacts=person).first().outcome


def test_the_erasure_is_logged_without_the_name(person, admin_user):
    erase_contact(contact=person, user=admin_user)
    entry = PrivacyLog.objects.filter(action=PrivacyAction.ERASE).get()
    assert (entry.contact_number, entry.user) == (person.pk, admin_user)
    assert NAME not in entry.contact_name
    assert not PrivacyLog.objects.filter(contact_name__icontains="Xanthippe").exists()


def test_a_namesake_at_another_organisation_keeps_their_name(person, admin_user):
    namesake = ContactPersonFactory(name=NAME, email="ander@example.nl")
    erase_contact(contact=person, user=admin_user)
    namesake.refresh_from_db()
    assert namesake.name == NAME


def test_erasing_twice_is_refused(person, admin_user):
    from django.core.exceptions import ValidationError

    erase_contact(contact=person, user=admin_user)
    with pytest.raises(ValidationError):
        erase_contact(contact=person, user=admin_user)


def test_the_export_holds_the_record_the_meetings_and_the_history_and_is_logged(person, admin_client_, admin_user):
    response = admin_client_.post(privacy_url(person, "contact_data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="contactpersoon-')
    data = json.loads(response.content)
    assert data["Contactpersoon"]["Naam"] == NAME
    assert data["Contactpersoon"]["E-mail"] == EMAIL
    assert len(data["Gekoppelde gegevens"]["Bijeenkomsten"]) == 2
    history = data["Geschiedenis"]["Contactpersoon"]
    assert (history[0]["Functie"], history[-1]["Functie"]) == ("Wethouder", "Burgemeester")
    assert history[-1]["Gewijzigd door"] == "Ruben Redacteur"
    entry = PrivacyLog.objects.filter(action=PrivacyAction.EXPORT, user=admin_user).get()
    assert entry.contact_name == NAME


def test_the_export_walks_every_relation_to_a_contact_person(person):
    """A model added later that points at a contact person is found without a change to the privacy code."""
    from stakeholders.privacy import linked_relations

    related = {relation.related_model._meta.label for relation, kind in linked_relations() if kind == "record"}
    assert "meetings.Meeting" in related
    assert "stakeholders.PrivacyLog" not in related


def test_flags_are_saved_logged_and_shown_wherever_the_person_appears(person, editor_client, editor):
    page = editor_client.get(privacy_url(person)).content.decode()
    form_data = {"processing_restricted": "on", "do_not_contact": "on"}
    snapshot = page.split('name="concurrency_snapshot" value="')[1].split('"')[0]
    response = editor_client.post(
        privacy_url(person, "contact_privacy_flags"), {**form_data, "concurrency_snapshot": snapshot}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.processing_restricted and person.do_not_contact
    assert set(PrivacyLog.objects.filter(user=editor).exclude(action="export").values_list("action", flat=True)) == {
        PrivacyAction.RESTRICT,
        PrivacyAction.DO_NOT_CONTACT,
    }
    meeting = Meeting.objects.filter(contacts=person).first()
    for url in (
        reverse("overview:contact_list"),
        person.organisation.get_absolute_url(),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("overview:search") + "?q=Xanthippe",
    ):
        page = editor_client.get(url).content.decode()
        assert "Verwerking beperkt" in page, url
        assert "Niet benaderen" in page, url


def test_set_privacy_flags_without_a_change_logs_nothing(person, editor):
    set_privacy_flags(contact=person, processing_restricted=False, do_not_contact=False, user=editor)
    assert not PrivacyLog.objects.exclude(action=PrivacyAction.EXPORT).exists()


def test_the_privacy_page_for_each_persona(person, client, viewer, editor, admin_user):
    client.force_login(viewer)
    assert client.get(privacy_url(person)).status_code == 403
    assert client.post(privacy_url(person, "contact_data_export")).status_code == 403
    client.force_login(editor)
    page = client.get(privacy_url(person)).content.decode()
    assert "Alleen een beheerder kan persoonsgegevens exporteren of wissen." in page
    assert client.post(privacy_url(person, "contact_data_export")).status_code == 403
    assert client.post(privacy_url(person, "contact_erase"), {"confirm": "on"}).status_code == 403
    assert client.get(reverse("stakeholders:retention_report")).status_code == 403
    client.force_login(admin_user)
    page = client.get(privacy_url(person)).content.decode()
    assert "Gegevens downloaden (JSON)" in page
    assert "Gegevens geëxporteerd" in page  # the privacy log on the page


def test_erasure_through_the_page_needs_the_confirmation(person, admin_client_):
    response = admin_client_.post(privacy_url(person, "contact_erase"))
    assert response.status_code == 400
    assert "Vink het vakje aan om het anonimiseren te bevestigen." in response.content.decode()
    person.refresh_from_db()
    assert person.name == NAME
    response = admin_client_.post(privacy_url(person, "contact_erase"), {"confirm": "on"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.is_anonymised
    page = admin_client_.get(privacy_url(person)).content.decode()
    assert "De contactpersoon is overal geanonimiseerd." in page
    assert "Geanonimiseerd op" in page


def _age(contact, months):
    ContactPerson.objects.filter(pk=contact.pk).update(updated_at=timezone.now() - datetime.timedelta(days=months * 31))


def test_retention_finds_contacts_involved_in_nothing_for_the_period():
    old_idle = ContactPersonFactory(name="Oud en stil")
    _age(old_idle, 30)
    old_but_met = ContactPersonFactory(name="Oud maar gezien")
    _age(old_but_met, 30)
    MeetingFactory(start=timezone.now() - datetime.timedelta(days=100)).contacts.add(old_but_met)
    _age(old_but_met, 30)
    old_meeting_only = ContactPersonFactory(name="Oud, oude bijeenkomst")
    MeetingFactory(start=timezone.now() - datetime.timedelta(days=1000)).contacts.add(old_meeting_only)
    _age(old_meeting_only, 30)
    ContactPersonFactory(name="Recent gewijzigd")
    assert set(stale_contacts().values_list("name", flat=True)) == {"Oud en stil", "Oud, oude bijeenkomst"}
    assert set(stale_contacts(months=40).values_list("name", flat=True)) == set()


def test_the_retention_setting_is_the_default(settings):
    contact = ContactPersonFactory()
    _age(contact, 5)
    settings.CONTACT_RETENTION_MONTHS = 4
    assert list(stale_contacts()) == [contact]


def test_retention_command_lists_and_anonymises_only_with_yes():
    contact = ContactPersonFactory(name="Vergeten Persoon")
    _age(contact, 30)
    out = StringIO()
    call_command("retention_report", stdout=out)
    assert "Vergeten Persoon" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("retention_report", "--anonymise", stdout=StringIO())
    contact.refresh_from_db()
    assert not contact.is_anonymised
    call_command("retention_report", "--anonymise", "--yes", "--months", "24", stdout=StringIO())
    contact.refresh_from_db()
    assert contact.is_anonymised
    entry = PrivacyLog.objects.get(action=PrivacyAction.ERASE)
    assert (entry.user, entry.note) == (None, "Bewaartermijn verstreken")


def test_retention_page_lists_and_anonymises_the_chosen_contacts(admin_client_, admin_user):
    chosen, kept = ContactPersonFactory(name="Weg ermee"), ContactPersonFactory(name="Nog even houden")
    _age(chosen, 30)
    _age(kept, 30)
    url = reverse("stakeholders:retention_report")
    page = admin_client_.get(url).content.decode()
    assert "Weg ermee" in page and "Nog even houden" in page
    response = admin_client_.post(url, {"contacts": [chosen.pk]})
    assert response.status_code == 200
    assert "Vink het vakje aan" in response.content.decode()
    response = admin_client_.post(url, {"contacts": [chosen.pk], "confirm": "on"})
    assert response.status_code == 302
    chosen.refresh_from_db()
    kept.refresh_from_db()
    assert chosen.is_anonymised and not kept.is_anonymised
    assert "1 contactpersoon is geanonimiseerd." in admin_client_.get(url).content.decode()


def test_retention_page_refuses_a_contact_that_is_no_longer_stale(admin_client_):
    contact = ContactPersonFactory()
    response = admin_client_.post(reverse("stakeholders:retention_report"), {"contacts": [contact.pk], "confirm": "on"})
    assert response.status_code == 200
    contact.refresh_from_db()
    assert not contact.is_anonymised


def test_retention_page_query_count_does_not_grow(admin_client_, django_assert_num_queries):
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            admin_client_.get(reverse("stakeholders:retention_report"))
        return len(queries)

    for _n in range(2):
        _age(ContactPersonFactory(), 30)
    few = count()
    for _n in range(10):
        _age(ContactPersonFactory(organisation=OrganisationFactory()), 30)
    assert count() == few


def test_the_privacy_log_is_read_only_in_the_admin(person, admin_client_):
    entry = PrivacyLog.objects.get()
    assert admin_client_.get(reverse("admin:stakeholders_privacylog_changelist")).status_code == 200
    assert admin_client_.get(reverse("admin:stakeholders_privacylog_change", args=[entry.pk])).status_code == 200
    assert admin_client_.get(reverse("admin:stakeholders_privacylog_add")).status_code == 403
    response = admin_client_.post(reverse("admin:stakeholders_privacylog_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert PrivacyLog.objects.filter(pk=entry.pk).exists()


def test_admin_log_entries_of_the_contact_are_anonymised(person, admin_user):
    content_type = ContentType.objects.get_for_model(ContactPerson)
    erase_contact(contact=person, user=admin_user)
    entry = LogEntry.objects.get(content_type=content_type, object_id=str(person.pk))
    assert entry.object_repr == f"Geanonimiseerd contact #{person.pk}"
    assert NAME not in entry.change_message


def test_the_seeded_person_user_fixture_is_unaffected(person, admin_user):
    colleague = UserFactory(first_name="Xanthippe", last_name="Quirijnsdochter")
    erase_contact(contact=person, user=admin_user)
    colleague.refresh_from_db()
    assert colleague.first_name == "Xanthippe"
