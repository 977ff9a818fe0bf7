"""Recording the outcome of a meeting as a contact moment per organisation at the table, in one form."""

import pytest
from django.utils import timezone

from meetings.choices import AttendanceStatus, MeetingStatus
from relations import services
from relations.choices import ContactChannel
from relations.models import ContactMoment
from tests.factories import (
    AttendanceFactory,
    ContactMomentFactory,
    ContactPersonFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import meeting_with

pytestmark = pytest.mark.django_db


def url(meeting):
    return f"/contact-moments/from-meeting/{meeting.pk}/"


@pytest.fixture
def held():
    """A meeting held yesterday with two organisations at the table and an outcome."""
    theme = ThemeFactory(name="Jeugd & opvoeding")
    overleg = OverlegFactory(themes=[theme])
    vng = OrganisationFactory(name="VNG")
    ggd = OrganisationFactory(name="GGD GHOR")
    petra = ContactPersonFactory(organisation=vng, name="Petra de Wit")
    ContactPersonFactory(organisation=vng, name="Niet aanwezig")
    meeting = meeting_with(vng, days=-1, status=MeetingStatus.GEHOUDEN, overleg=overleg, outcome="Afspraak: pilot.")
    meeting.organisations.add(ggd)
    meeting.contacts.add(petra)
    anna = UserFactory(first_name="Anna", last_name="Aanwezig")
    carl = UserFactory(first_name="Carl", last_name="Afgemeld")
    AttendanceFactory(meeting=meeting, user=anna, status=AttendanceStatus.AANWEZIG)
    AttendanceFactory(meeting=meeting, user=carl, status=AttendanceStatus.AFGEMELD)
    return {"meeting": meeting, "vng": vng, "ggd": ggd, "petra": petra, "anna": anna, "theme": theme}


def post_data(response, **changes):
    """Everything the page's forms show, as the browser posts it back, plus changes."""
    data = {}
    for form in [response.context["shared"], *response.context["rows"]]:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif value is not None:
                data[key] = value.isoformat() if hasattr(value, "isoformat") else str(value)
    data.update(changes)
    return data


def test_the_meeting_page_offers_to_record_contact_moments(viewer_client, held):
    html = viewer_client.get(f"/meetings/{held['meeting'].pk}/").content.decode()
    assert "Vastleggen als contactmomenten per organisatie" in html
    assert f'href="{url(held["meeting"])}"' in html


def test_the_form_has_a_row_per_organisation_prefilled_from_the_meeting(viewer_client, held):
    response = viewer_client.get(url(held["meeting"]))
    assert response.status_code == 200
    shared, rows = response.context["shared"], response.context["rows"]
    assert [row.organisation.name for row in rows] == ["GGD GHOR", "VNG"]
    assert shared["colleagues"].value() == [held["anna"].pk]  # those present, not who declined
    assert shared["channel"].value() == ContactChannel.BIJEENKOMST
    assert shared["happened_at"].value() == timezone.localdate(held["meeting"].start)
    vng_row = rows[1]
    assert vng_row["summary"].value() == "Afspraak: pilot."
    assert vng_row["contacts"].value() == [held["petra"].pk]
    assert vng_row["theme"].value() == held["theme"].pk
    assert vng_row["record"].value() is True


def test_saving_records_one_linked_contact_moment_per_organisation(viewer_client, viewer, held):
    data = post_data(viewer_client.get(url(held["meeting"])))
    data[f"org-{held['vng'].pk}-summary"] = "VNG doet mee aan de pilot."
    data[f"org-{held['vng'].pk}-follow_up"] = "Pilotvoorstel sturen"

    response = viewer_client.post(url(held["meeting"]), data)

    assert response.status_code == 302
    moments = {m.organisation: m for m in ContactMoment.objects.all()}
    assert set(moments) == {held["vng"], held["ggd"]}
    vng = moments[held["vng"]]
    assert vng.meeting == held["meeting"] and vng.channel == ContactChannel.BIJEENKOMST
    assert vng.happened_at == held["meeting"].start and vng.time_known
    assert vng.summary == "VNG doet mee aan de pilot."
    assert list(vng.colleagues.all()) == [held["anna"]]
    assert list(vng.contacts.all()) == [held["petra"]]
    assert vng.follow_up == "Pilotvoorstel sturen" and vng.follow_up_assignee == viewer
    assert vng.created_by == viewer
    assert moments[held["ggd"]].summary == "Afspraak: pilot."
    page = viewer_client.get(response["Location"]).content.decode()
    assert "2 contactmomenten vastgelegd uit deze bijeenkomst." in page


def test_an_unticked_organisation_is_skipped(viewer_client, held):
    data = post_data(viewer_client.get(url(held["meeting"])))
    data.pop(f"org-{held['ggd'].pk}-record")
    viewer_client.post(url(held["meeting"]), data)
    assert list(ContactMoment.objects.values_list("organisation__name", flat=True)) == ["VNG"]


def test_a_row_without_summary_keeps_everything_and_saves_nothing(viewer_client, held):
    data = post_data(viewer_client.get(url(held["meeting"])))
    data[f"org-{held['ggd'].pk}-summary"] = ""
    data[f"org-{held['vng'].pk}-summary"] = "Mijn eigen tekst"

    response = viewer_client.post(url(held["meeting"]), data)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Schrijf een korte samenvatting, of vink deze organisatie uit." in html
    assert "Mijn eigen tekst" in html
    assert not ContactMoment.objects.exists()


def test_a_failure_halfway_saves_none_of_the_moments(viewer_client, held, monkeypatch):
    data = post_data(viewer_client.get(url(held["meeting"])))
    real = services.save_contact_moment
    calls = []

    def fail_on_second(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("database weg")
        return real(**kwargs)

    monkeypatch.setattr(services, "save_contact_moment", fail_on_second)
    with pytest.raises(RuntimeError):
        viewer_client.post(url(held["meeting"]), data)
    assert len(calls) == 2
    assert not ContactMoment.objects.exists()


def test_organisations_already_recorded_are_listed_not_offered_again(viewer_client, held):
    ContactMomentFactory(organisation=held["vng"], meeting=held["meeting"], created_by=held["anna"])
    response = viewer_client.get(url(held["meeting"]))
    assert [row.organisation for row in response.context["rows"]] == [held["ggd"]]
    assert "Al vastgelegd uit deze bijeenkomst" in response.content.decode()


def test_recording_twice_cannot_duplicate(held):
    row = services.MeetingMomentRow(organisation=held["vng"], summary="Eerste keer", contacts=[])
    kwargs = {
        "meeting": held["meeting"],
        "happened_at": held["meeting"].start,
        "time_known": True,
        "channel": ContactChannel.BIJEENKOMST,
        "colleagues": [held["anna"]],
        "created_by": held["anna"],
    }
    services.record_meeting_contact_moments(rows=[row], **kwargs)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="al een contactmoment uit deze bijeenkomst"):
        services.record_meeting_contact_moments(rows=[row], **kwargs)
    assert ContactMoment.objects.count() == 1


def test_a_meeting_to_come_or_cancelled_sends_back_to_the_meeting(viewer_client):
    org = OrganisationFactory()
    future = meeting_with(org, days=3)
    cancelled = meeting_with(org, days=-3, status=MeetingStatus.GEANNULEERD)
    for meeting in (future, cancelled):
        response = viewer_client.get(url(meeting))
        assert response.status_code == 302 and response["Location"] == f"/meetings/{meeting.pk}/"


def test_a_meeting_without_organisations_says_what_to_do(editor_client):
    meeting = meeting_with(OrganisationFactory(), days=-2)
    meeting.organisations.clear()
    html = editor_client.get(url(meeting)).content.decode()
    assert "Er zaten geen organisaties aan tafel" in html
    assert f"/meetings/{meeting.pk}/edit/" in html


def test_the_form_query_count_does_not_grow_with_organisations(viewer_client, held, django_assert_num_queries):
    with django_assert_num_queries(13) as few:
        viewer_client.get(url(held["meeting"]))
    for n in range(8):
        org = OrganisationFactory(name=f"Extra {n}")
        held["meeting"].organisations.add(org)
        held["meeting"].contacts.add(ContactPersonFactory(organisation=org))
        ContactPersonFactory(organisation=org)
        AttendanceFactory(meeting=held["meeting"], user=UserFactory(), status=AttendanceStatus.AANWEZIG)
    ContactMomentFactory(organisation=held["ggd"], meeting=held["meeting"])
    with django_assert_num_queries(len(few.captured_queries)):
        response = viewer_client.get(url(held["meeting"]))
    assert len(response.context["rows"]) == 9
