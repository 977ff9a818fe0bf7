"""A small data set with everything that is hard to round-trip: accents, apostrophes, formulas, lists."""

import datetime
import uuid

from django.utils import timezone

from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind
from meetings.models import Attendance, Meeting, Overleg
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province
from stakeholders.models import ContactPerson, Membership, Organisation
from tests.factories import ThemeFactory, UserFactory


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def build_exchange_data():
    armoede = ThemeFactory(slug="armoede-schulden", name="Armoede & schulden")
    jeugd = ThemeFactory(slug="jeugd-opvoeding", name="Jeugd & opvoeding")
    nienke = UserFactory(username="nienke", first_name="Nienke", last_name="Kuyvenhoven")
    lex = UserFactory(username="lex", first_name="Lex", last_name="Staal")
    vng = Organisation.objects.create(
        name="Vereniging van Nederlandse Gemeenten", acronym="VNG", kind=OrganisationKind.BRANCHE,
        level=Level.LANDELIJK, municipality="Den Haag", province=Province.ZUID_HOLLAND,
        website="https://vng.nl/", owner=nienke, influence=5, interest=4,
        notes="=HYPERLINK(\"http://evil\")\nTweede regel; met puntkomma",
    )  # fmt: skip
    vng.themes.set([armoede, jeugd])
    bosch = Organisation.objects.create(
        name="'s-Hertogenbosch Welzijn", kind=OrganisationKind.SOCIAALWERK, level=Level.LOKAAL,
        municipality="'s-Hertogenbosch", province=Province.NOORD_BRABANT, is_stakeholder=False,
    )  # fmt: skip
    Membership.objects.create(
        organisation=bosch, member_number="L00042", since=datetime.date(2015, 3, 1),
        until=datetime.date(2027, 12, 31), status=MembershipStatus.OPGEZEGD,
    )  # fmt: skip
    # Two organisations with the same name: references need the kind.
    utrecht_gemeente = Organisation.objects.create(name="Utrecht", kind=OrganisationKind.GEMEENTE, level=Level.LOKAAL)
    Organisation.objects.create(
        name="Utrecht", kind=OrganisationKind.OVERIG, level=Level.REGIONAAL, province=Province.UTRECHT
    )
    friesland = Organisation.objects.create(
        name="Sociaal Werk Fryslân", kind=OrganisationKind.SOCIAALWERK, level=Level.REGIONAAL,
        province=Province.FRIESLAND, interest=1,
    )  # fmt: skip
    Membership.objects.create(organisation=friesland, member_number="L00007", since=datetime.date(2001, 1, 1))
    jan = ContactPerson.objects.create(
        organisation=vng, name="Jan Coördinator", job_title="-beleid", email="jan@vng.nl", phone="+31 70 123",
        processing_restricted=True,
    )  # fmt: skip
    jan.themes.set([jeugd])
    ContactPerson.objects.create(organisation=vng, name="Zonder Mail", do_not_contact=True, is_active=False)
    ContactPerson.objects.create(organisation=utrecht_gemeente, name="Anna de Wit", email="anna@utrecht.nl")
    overleg = Overleg.objects.create(
        name="Landelijk overleg sociaal domein", kind=OverlegKind.STUURGROEP, purpose="@doel", organiser=vng,
        recurrence_rule="FREQ=MONTHLY;BYDAY=2TU", recurrence_start=datetime.date(2026, 1, 1),
        start_time=datetime.time(10), end_time=datetime.time(12), location="Den Haag",
    )  # fmt: skip
    overleg.themes.set([armoede])
    overleg.organisations.set([vng, utrecht_gemeente, friesland])
    overleg.delegates.set([nienke, lex])
    Overleg.objects.create(name="Ledencommissie", kind=OverlegKind.LEDENCOMMISSIE, is_active=False)
    meeting = Meeting.objects.create(
        overleg=overleg, title="Landelijk overleg sociaal domein", start=local(2026, 3, 10), end=local(2026, 3, 10, 12),
        location="Den Haag", status=MeetingStatus.GEHOUDEN, agenda="1. Opening\n2. +Begroting", outcome="Akkoord",
        uid=uuid.UUID("11111111-2222-4333-8444-555555555555"),
    )  # fmt: skip
    meeting.organisations.set([vng, utrecht_gemeente])
    Attendance.objects.create(
        meeting=meeting, user=nienke, role=AttendanceRole.VOORZITTER, status=AttendanceStatus.AANWEZIG
    )
    Attendance.objects.create(
        meeting=meeting, user=lex, role=AttendanceRole.DEELNEMER, status=AttendanceStatus.AFGEMELD
    )
    Meeting.objects.create(
        title="Losse bijeenkomst", start=local(2026, 4, 1, 14, 30), end=local(2026, 4, 1, 16),
        uid=uuid.UUID("99999999-2222-4333-8444-555555555555"),
    )  # fmt: skip
    return {
        "vng": vng,
        "bosch": bosch,
        "jan": jan,
        "overleg": overleg,
        "meeting": meeting,
        "nienke": nienke,
        "lex": lex,
    }


def wipe_domain():
    """Every organisation, contact, overleg and meeting gone: an empty CRM with its colleagues and themes."""
    Attendance.objects.all().delete()
    Meeting.objects.all().delete()
    Overleg.objects.all().delete()
    ContactPerson.objects.all().delete()
    Membership.objects.all().delete()
    Organisation.objects.all().delete()
