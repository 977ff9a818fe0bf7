"""factory-boy factories for the domain; Dutch fake data through Faker's nl_NL locale."""

import datetime

import factory
from django.utils import timezone

from lobby.models import (
    Coalition,
    CoalitionPartner,
    JointStatement,
    PolicyDossier,
    StakeholderPosition,
    StatementSignatory,
)
from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind, ReviewDecision
from meetings.models import Attendance, Meeting, Overleg, OverlegReview
from relations.choices import ContactChannel
from relations.models import ContactMoment
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province
from stakeholders.models import ContactPerson, Membership, Organisation
from swn_crm.models import User
from themes.models import Theme

factory.Faker._DEFAULT_LOCALE = "nl_NL"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"collega{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@sociaalwerknederland.nl")
    job_title = "Adviseur"
    password = factory.django.Password("demo-wachtwoord-123")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"thema-{n}")
    name = factory.Sequence(lambda n: f"Thema {n}")
    order = factory.Sequence(lambda n: 100 + n)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.BRANCHE
    level = Level.LANDELIJK
    municipality = "Utrecht"
    province = Province.UTRECHT
    is_stakeholder = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(
        OrganisationFactory, kind=OrganisationKind.SOCIAALWERK, level=Level.LOKAAL, is_stakeholder=False
    )
    member_number = factory.Sequence(lambda n: f"L{n:05d}")
    since = datetime.date(2015, 1, 1)
    status = MembershipStatus.ACTIEF


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Faker("name")
    job_title = "Beleidsadviseur"
    email = factory.Sequence(lambda n: f"contact{n}@example.nl")


class OverlegFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Overleg
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Overleg {n}")
    kind = OverlegKind.WERKGROEP

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    start = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + datetime.timedelta(days=1))
    end = factory.LazyAttribute(lambda m: m.start + datetime.timedelta(hours=2))
    status = MeetingStatus.GEPLAND


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory)
    role = AttendanceRole.DEELNEMER
    status = AttendanceStatus.BEVESTIGD


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coalitie {n}")
    kind = "lobbytraject"
    status = "lopend"
    start = datetime.date(2025, 1, 1)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class CoalitionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionPartner

    coalition = factory.SubFactory(CoalitionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "partner"


class JointStatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointStatement

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Verklaring {n}")
    date = datetime.date(2025, 6, 1)
    text = "Samen staan we voor een sterke sociale basis."


class StatementSignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatementSignatory

    statement = factory.SubFactory(JointStatementFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    logo_allowed = True


class PolicyDossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PolicyDossier

    theme = factory.SubFactory(ThemeFactory)
    title = factory.Sequence(lambda n: f"Dossier {n}")
    status = "beinvloeden"


class StakeholderPositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StakeholderPosition

    dossier = factory.SubFactory(PolicyDossierFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    stance = "steunt"
    assessed_on = datetime.date(2025, 1, 1)


class ContactMomentFactory(factory.django.DjangoModelFactory):
    """A phone call a day ago; pass `colleagues=[...]` and `contacts=[...]` to link people."""

    class Meta:
        model = ContactMoment
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    happened_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) - datetime.timedelta(days=1))
    time_known = True
    channel = ContactChannel.TELEFOON
    summary = "Gebeld over de samenwerking in de wijk."

    @factory.post_generation
    def colleagues(self, create, extracted, **kwargs):
        if create and extracted:
            self.colleagues.set(extracted)

    @factory.post_generation
    def contacts(self, create, extracted, **kwargs):
        if create and extracted:
            self.contacts.set(extracted)


class OverlegReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OverlegReview

    overleg = factory.SubFactory(OverlegFactory)
    reviewed_on = factory.LazyFunction(timezone.localdate)
    added_value = 3
    yielded = "Goede contacten met gemeenten."
    time_spent = datetime.timedelta(hours=10)
    decision = ReviewDecision.DOORGAAN
    rationale = "Levert nog steeds genoeg op."
