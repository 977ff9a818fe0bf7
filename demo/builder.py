"""Build the demo data set behind `manage.py seed_demo`.

Everything is drawn from one `random.Random(seed)` and dates are relative to today, so the same
seed on the same day gives the same rows. Rows are written with bulk_create: scale 10 (about
7,000 organisations and 7,000 meetings) stays well under a minute on SQLite.
"""

import datetime
import random
import uuid
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.apps import apps as django_apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from faker import Faker

from core.history import clear_all_history, history_paused
from demo import data as demo_data
from demo import data_relations as demo_data_relations
from lobby.models import (
    Coalition,
    CoalitionPartner,
    JointStatement,
    PolicyDossier,
    StakeholderPosition,
    StatementSignatory,
)
from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, OverlegKind, ReviewDecision
from meetings.models import REVIEW_PERIOD, Attendance, Meeting, Overleg, OverlegReview
from meetings.services import stop_overleg
from relations.choices import ContactChannel
from relations.models import ContactMoment
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province
from stakeholders.models import ContactPerson, Membership, Organisation
from swn_crm.models import User
from swn_crm.roles import sync_roles
from themes.defaults import create_default_themes
from themes.models import Theme

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"
COLLEAGUE_PASSWORD = "demo"
BATCH = 2000


def _slug_domain(name):
    cleaned = "".join(ch for ch in name.lower() if ch.isalnum() or ch == " ")
    return "".join(cleaned.split())[:30] or "organisatie"


class DemoBuilder:
    def __init__(self, *, scale, seed):
        self.scale = scale
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.tz = ZoneInfo(timezone.get_default_timezone_name())
        self.today = timezone.localdate()
        self.now = timezone.now()

    # -- helpers -------------------------------------------------------------------------
    def uid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def local(self, day, clock):
        return datetime.datetime.combine(day, clock, tzinfo=self.tz)

    def sample(self, population, k):
        return self.rng.sample(population, min(k, len(population)))

    # -- steps ---------------------------------------------------------------------------
    def wipe(self):
        with history_paused():
            self._wipe()
        clear_all_history()

    def _wipe(self):
        ContactMoment.objects.all().delete()
        OverlegReview.objects.all().delete()
        StakeholderPosition.objects.all().delete()
        PolicyDossier.objects.all().delete()
        StatementSignatory.objects.all().delete()
        JointStatement.objects.all().delete()
        CoalitionPartner.objects.all().delete()
        Coalition.themes.through.objects.all().delete()
        Coalition.objects.all().delete()
        Attendance.objects.all().delete()
        Meeting.organisations.through.objects.all().delete()
        Meeting.contacts.through.objects.all().delete()
        Meeting.objects.all().delete()
        Overleg.objects.all().delete()
        ContactPerson.objects.all().delete()
        Membership.objects.all().delete()
        Organisation.objects.all().delete()

    def ensure_reference_data(self):
        """Themes and roles normally come from data migrations; a flushed test database lacks them."""
        sync_roles(django_apps)
        create_default_themes(Theme)

    def build_users(self):
        demo_hash = make_password(COLLEAGUE_PASSWORD)
        groups = {group.name: group for group in Group.objects.all()}
        admin, _ = User.objects.update_or_create(
            username=ADMIN_USERNAME,
            defaults={
                "first_name": "Beheer",
                "last_name": "SWN CRM",
                "email": "beheer@sociaalwerknederland.nl",
                "is_staff": True,
                "is_superuser": True,
                "is_active": True,
                "is_colleague": False,
                "password": make_password(ADMIN_PASSWORD),
            },
        )
        admin.groups.set([groups["Beheerder"]])
        self.themes = {theme.slug: theme for theme in Theme.objects.all()}
        self.colleagues = []
        self.colleague_themes = {}
        for first, last, title, role, theme_slugs in demo_data.COLLEAGUES:
            username = first.lower()
            email_name = f"{first}.{last}".lower().replace(" ", "")
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "job_title": title,
                    "email": f"{email_name}@sociaalwerknederland.nl",
                    "is_staff": role == "Beheerder",
                    "is_superuser": False,
                    "is_active": True,
                    "is_colleague": True,
                    "password": demo_hash,
                },
            )
            user.groups.set([groups[role]])
            user.themes.set([self.themes[slug] for slug in theme_slugs])
            self.colleagues.append(user)
            self.colleague_themes[user.pk] = set(theme_slugs)
        by_username = {user.username: user for user in self.colleagues}
        for slug, username in demo_data.THEME_LEADS.items():
            Theme.objects.filter(slug=slug).update(lead=by_username[username])
        self.by_username = by_username

    def colleagues_for(self, theme_slugs):
        matching = [u for u in self.colleagues if self.colleague_themes[u.pk] & set(theme_slugs)]
        return matching or self.colleagues

    def build_organisations(self):
        rng = self.rng
        specs = []  # (name, acronym, kind, level, municipality, province, theme slugs, is_stakeholder)
        for copy in range(self.scale):
            suffix = "" if copy == 0 else f" {copy + 1}"
            for name, acronym, kind, municipality, province, slugs in demo_data.NATIONAL_STAKEHOLDERS:
                specs.append((name + suffix, acronym, kind, Level.LANDELIJK, municipality, province, slugs, True))
            for index, (municipality, province) in enumerate(
                demo_data.MUNICIPALITIES[: demo_data.STAKEHOLDER_MUNICIPALITIES]
            ):
                slugs = self.sample(demo_data.ALL_THEMES, rng.randint(2, 4))
                specs.append(
                    (
                        f"Gemeente {municipality}{suffix}",
                        "",
                        OrganisationKind.GEMEENTE,
                        Level.LOKAAL,
                        municipality,
                        province,
                        slugs,
                        True,
                    )
                )
                if index < 61:
                    pattern, kind, level, slugs = demo_data.LOCAL_STAKEHOLDER_PATTERNS[
                        index % len(demo_data.LOCAL_STAKEHOLDER_PATTERNS)
                    ]
                    specs.append(
                        (
                            pattern.format(m=municipality) + suffix,
                            "",
                            kind,
                            level,
                            municipality,
                            province,
                            list(slugs),
                            True,
                        )
                    )
        members = []
        municipalities = demo_data.MUNICIPALITIES
        target = 500 * self.scale
        for n in range(target):
            municipality, province = municipalities[n % len(municipalities)]
            pattern = demo_data.MEMBER_NAME_PATTERNS[(n // len(municipalities)) % len(demo_data.MEMBER_NAME_PATTERNS)]
            round_ = n // (len(municipalities) * len(demo_data.MEMBER_NAME_PATTERNS))
            name = pattern.format(m=municipality) + ("" if round_ == 0 else f" {round_ + 1}")
            kind = OrganisationKind.WIJKTEAM if "Wijkteam" in pattern else OrganisationKind.SOCIAALWERK
            slugs = self.sample(
                [
                    "sociaal-werk-wijk",
                    "jeugd-opvoeding",
                    "sociale-basis-preventie",
                    "armoede-schulden",
                    "inclusieve-samenleving",
                ],
                rng.randint(1, 2),
            )
            # Some neighbourhood teams are members and stakeholders at once.
            is_stakeholder = kind == OrganisationKind.WIJKTEAM and n % 7 == 0
            members.append((name, "", kind, Level.LOKAAL, municipality, province, slugs, is_stakeholder))

        owners = self.colleagues
        organisations = []
        for name, acronym, kind, level, municipality, province, slugs, is_stakeholder in specs + members:
            owner = None
            if is_stakeholder and rng.random() < 0.85:
                owner = rng.choice(self.colleagues_for(slugs))
            elif not is_stakeholder and rng.random() < 0.3:
                owner = rng.choice(owners)
            organisations.append(
                Organisation(
                    name=name,
                    acronym=acronym,
                    kind=kind,
                    level=level,
                    municipality=municipality,
                    province=province,
                    website=f"https://www.{_slug_domain(acronym or name)}.nl/",
                    is_stakeholder=is_stakeholder,
                    owner=owner,
                    influence=rng.randint(4, 5) if kind == OrganisationKind.MINISTERIE else rng.randint(1, 5),
                    interest=rng.randint(1, 5),
                    notes=demo_data.STAKEHOLDER_NOTES.get(name, ""),
                )
            )
        Organisation.objects.bulk_create(organisations, batch_size=BATCH)
        organisations = list(Organisation.objects.order_by("pk"))
        theme_links = []
        through = Organisation.themes.through
        self.org_themes = {}
        for org, spec in zip(organisations, specs + members, strict=True):
            slugs = list(dict.fromkeys(spec[6]))
            self.org_themes[org.pk] = slugs
            theme_links.extend(through(organisation_id=org.pk, theme_id=self.themes[s].pk) for s in slugs)
        through.objects.bulk_create(theme_links, batch_size=BATCH)
        self.stakeholders = [o for o in organisations if o.is_stakeholder]
        self.members = organisations[len(specs) :]
        self.by_key = {}
        for org in self.stakeholders:
            self.by_key.setdefault(org.acronym or org.name, org)
            self.by_key.setdefault(org.name, org)

        memberships = []
        for n, org in enumerate(self.members, start=1):
            since = datetime.date(rng.randint(1990, 2025), rng.randint(1, 12), 1)
            roll = rng.random()
            status, until = MembershipStatus.ACTIEF, None
            if roll < 0.05:
                status = MembershipStatus.ASPIRANT
            elif roll < 0.09:
                status, until = MembershipStatus.OPGEZEGD, self.today + datetime.timedelta(days=rng.randint(10, 200))
            elif roll < 0.12:
                status, until = MembershipStatus.BEEINDIGD, self.today - datetime.timedelta(days=rng.randint(30, 900))
            if until and until < since:
                since = until - datetime.timedelta(days=365 * 3)
            memberships.append(
                Membership(organisation=org, member_number=f"L{n:05d}", since=since, until=until, status=status)
            )
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

    def build_contacts(self):
        rng, fake = self.rng, self.fake
        titles_stakeholder = [
            "Beleidsadviseur",
            "Senior beleidsmedewerker",
            "Wethouder",
            "Directeur",
            "Programmamanager",
            "Bestuurder",
            "Accountmanager",
            "Coördinator",
        ]
        titles_member = ["Directeur-bestuurder", "Manager sociaal werk", "Teamleider wijkteam", "Bestuurssecretaris"]
        contacts = []
        for org in self.stakeholders + self.members:
            count = rng.randint(1, 3) if org.is_stakeholder else 1
            domain = _slug_domain(org.acronym or org.name)
            for _ in range(count):
                first, last = fake.first_name(), fake.last_name()
                local = f"{first[0]}.{last}".lower().replace(" ", "").replace("'", "")
                contacts.append(
                    ContactPerson(
                        organisation=org,
                        name=f"{first} {last}",
                        job_title=rng.choice(titles_stakeholder if org.is_stakeholder else titles_member),
                        email=f"{local}@{domain}.nl",
                        phone=f"06-{rng.randint(10000000, 99999999)}",
                        is_active=rng.random() > 0.05,
                    )
                )
        ContactPerson.objects.bulk_create(contacts, batch_size=BATCH)
        self.contacts_by_org = {}
        through = ContactPerson.themes.through
        links = []
        for contact in ContactPerson.objects.order_by("pk").only("pk", "organisation_id"):
            self.contacts_by_org.setdefault(contact.organisation_id, []).append(contact.pk)
            slugs = self.org_themes.get(contact.organisation_id, [])
            if slugs:
                links.append(through(contactperson_id=contact.pk, theme_id=self.themes[rng.choice(slugs)].pk))
        through.objects.bulk_create(links, batch_size=BATCH)

    def build_overleggen(self):
        rng = self.rng
        specs = []
        for copy in range(self.scale):
            suffix = "" if copy == 0 else f" ({copy + 1})"
            for name, kind, organiser, slugs, rule, start, end in demo_data.OVERLEGGEN:
                specs.append((name + suffix, kind, organiser, slugs, rule, start, end, copy))
            provinces = list(Province)
            n = 0
            while len(specs) < 60 * (copy + 1):
                pattern, kind = demo_data.GENERATED_OVERLEG_PATTERNS[n % len(demo_data.GENERATED_OVERLEG_PATTERNS)]
                province = provinces[(n // len(demo_data.GENERATED_OVERLEG_PATTERNS)) % len(provinces)]
                slugs = self.sample(demo_data.ALL_THEMES, rng.randint(1, 2))
                rule = rng.choice(
                    [
                        "FREQ=MONTHLY;BYDAY=1TU",
                        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE",
                        "FREQ=MONTHLY;INTERVAL=3;BYDAY=3TH",
                        "FREQ=MONTHLY;BYDAY=4FR",
                        "FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO",
                    ]
                )
                hour = rng.choice([9, 10, 13, 14, 15])
                specs.append(
                    (
                        pattern.format(p=province.label) + suffix,
                        kind,
                        "",
                        slugs,
                        rule,
                        f"{hour:02d}:00",
                        f"{hour + 2:02d}:00",
                        copy,
                    )
                )
                n += 1
        overleggen = []
        self.overleg_meta = []
        recurrence_start = self.today - datetime.timedelta(days=365)
        for name, kind, organiser_key, slugs, rule, start, end, copy in specs:
            organiser = self.by_key.get(organiser_key + ("" if copy == 0 else f" {copy + 1}")) or self.by_key.get(
                organiser_key
            )
            overleggen.append(
                Overleg(
                    name=name,
                    kind=kind,
                    purpose=f"{name}: afstemming en belangenbehartiging voor het sociaal werk.",
                    organiser=organiser if organiser_key else None,
                    recurrence_rule=rule,
                    recurrence_start=recurrence_start,
                    start_time=datetime.time.fromisoformat(start),
                    end_time=datetime.time.fromisoformat(end),
                    location=organiser.municipality if organiser else "Sociaal Werk Nederland, Utrecht",
                    is_active=True,
                )
            )
            self.overleg_meta.append((slugs, kind))
        Overleg.objects.bulk_create(overleggen, batch_size=BATCH)
        self.overleggen = list(Overleg.objects.order_by("pk"))
        theme_links, org_links, delegate_links = [], [], []
        self.overleg_orgs, self.overleg_delegates = {}, {}
        stakeholders_by_theme = {}
        for org in self.stakeholders:
            for slug in self.org_themes[org.pk]:
                stakeholders_by_theme.setdefault(slug, []).append(org)
        for overleg, (slugs, kind) in zip(self.overleggen, self.overleg_meta, strict=True):
            theme_links.extend(Overleg.themes.through(overleg_id=overleg.pk, theme_id=self.themes[s].pk) for s in slugs)
            if kind == OverlegKind.LEDENCOMMISSIE:
                orgs = self.sample(self.members, rng.randint(6, 10))
            else:
                pool = [o for s in slugs for o in stakeholders_by_theme.get(s, [])]
                orgs = self.sample(list({o.pk: o for o in pool}.values()), rng.randint(3, 8))
            if overleg.organiser_id and overleg.organiser_id not in {o.pk for o in orgs}:
                orgs.append(next(o for o in self.stakeholders if o.pk == overleg.organiser_id))
            self.overleg_orgs[overleg.pk] = orgs
            org_links.extend(Overleg.organisations.through(overleg_id=overleg.pk, organisation_id=o.pk) for o in orgs)
            delegates = self.sample(self.colleagues_for(slugs), rng.randint(1, 3))
            self.overleg_delegates[overleg.pk] = delegates
            delegate_links.extend(Overleg.delegates.through(overleg_id=overleg.pk, user_id=u.pk) for u in delegates)
        Overleg.themes.through.objects.bulk_create(theme_links, batch_size=BATCH)
        Overleg.organisations.through.objects.bulk_create(org_links, batch_size=BATCH)
        Overleg.delegates.through.objects.bulk_create(delegate_links, batch_size=BATCH)

    def build_meetings(self):
        rng = self.rng
        window_start = self.today - datetime.timedelta(days=182)
        window_end = self.today + datetime.timedelta(days=182)
        meetings, plans = [], []  # plans: (colleagues with roles, organisations) per meeting
        for overleg in self.overleggen:
            dtstart = datetime.datetime.combine(overleg.recurrence_start, overleg.start_time)
            rule = rrulestr(overleg.recurrence_rule, dtstart=dtstart)
            occurrences = rule.between(
                datetime.datetime.combine(window_start, datetime.time.min),
                datetime.datetime.combine(window_end, datetime.time.max),
                inc=True,
            )
            duration = datetime.datetime.combine(dtstart.date(), overleg.end_time) - dtstart
            for occurrence in occurrences:
                start = occurrence.replace(tzinfo=self.tz)
                past = start < self.now
                status = MeetingStatus.GEHOUDEN if past else MeetingStatus.GEPLAND
                if rng.random() < 0.04:
                    status = MeetingStatus.GEANNULEERD
                agenda = "\n".join(
                    f"{i}. {item}"
                    for i, item in enumerate(
                        [
                            demo_data.AGENDA_ITEMS[0],
                            *self.sample(demo_data.AGENDA_ITEMS[2:-1], 3),
                            demo_data.AGENDA_ITEMS[-1],
                        ],
                        start=1,
                    )
                )
                meetings.append(
                    Meeting(
                        overleg=overleg,
                        title=overleg.name,
                        start=start,
                        end=start + duration,
                        location=overleg.location,
                        status=status,
                        agenda=agenda,
                        outcome=rng.choice(demo_data.OUTCOMES) if status == MeetingStatus.GEHOUDEN else "",
                        uid=self.uid(),
                        recurrence_id=start,
                    )
                )
                orgs = self.sample(self.overleg_orgs[overleg.pk], rng.randint(2, 6))
                delegates = list(self.overleg_delegates[overleg.pk])
                if rng.random() < 0.15:  # a stand-in joins or replaces someone
                    stand_in = rng.choice(self.colleagues)
                    if stand_in not in delegates:
                        delegates.append(stand_in)
                plans.append((delegates, orgs, past, status))
        # Meetings on their own: visits, introductions, lunches.
        for _ in range(80 * self.scale):
            org = rng.choice(self.stakeholders)
            day = window_start + datetime.timedelta(days=rng.randint(0, (window_end - window_start).days))
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
            start = self.local(day, datetime.time(rng.choice([9, 10, 11, 13, 14, 15, 16]), rng.choice([0, 30])))
            past = start < self.now
            status = MeetingStatus.GEHOUDEN if past else MeetingStatus.GEPLAND
            kind = rng.choice(["Werkbezoek", "Kennismaking met", "Lunch met", "Afstemming met"])
            meetings.append(
                Meeting(
                    title=f"{kind} {org.acronym or org.name}",
                    start=start,
                    end=start + datetime.timedelta(minutes=rng.choice([45, 60, 90, 120])),
                    location=f"{org.name}, {org.municipality}" if rng.random() < 0.7 else "Online (Teams)",
                    online_url="https://teams.microsoft.com/l/meetup-join/demo" if rng.random() < 0.3 else "",
                    status=status,
                    outcome=rng.choice(demo_data.OUTCOMES) if past else "",
                    uid=self.uid(),
                )
            )
            owner = next((u for u in self.colleagues if u.pk == org.owner_id), None) or rng.choice(self.colleagues)
            people = [owner] + ([rng.choice(self.colleagues)] if rng.random() < 0.3 else [])
            plans.append((list(dict.fromkeys(people)), [org], past, status))
        Meeting.objects.bulk_create(meetings, batch_size=BATCH)
        built = meetings
        meetings = list(Meeting.objects.order_by("pk").only("pk"))
        attendances, org_links, contact_links = [], [], []
        # Held meetings with who was there, for contact moments recorded from them.
        self.held_meetings = []
        for meeting, details, (people, orgs, past, status) in zip(meetings, built, plans, strict=True):
            present = []
            if status == MeetingStatus.GEHOUDEN:
                self.held_meetings.append((meeting.pk, details, orgs, present))
            for index, user in enumerate(people):
                if past and status == MeetingStatus.GEHOUDEN:
                    att_status = AttendanceStatus.AANWEZIG if rng.random() < 0.9 else AttendanceStatus.AFGEMELD
                else:
                    att_status = rng.choices(
                        [AttendanceStatus.BEVESTIGD, AttendanceStatus.UITGENODIGD, AttendanceStatus.AFGEMELD],
                        weights=[6, 3, 1],
                    )[0]
                role = AttendanceRole.DEELNEMER
                if index == 0 and rng.random() < 0.2:
                    role = AttendanceRole.VOORZITTER
                elif index >= 2:
                    role = rng.choice([AttendanceRole.VERVANGER, AttendanceRole.TOEHOORDER])
                attendances.append(Attendance(meeting_id=meeting.pk, user=user, role=role, status=att_status))
                if status == MeetingStatus.GEHOUDEN and att_status == AttendanceStatus.AANWEZIG:
                    present.append(user)
            for org in orgs:
                org_links.append(Meeting.organisations.through(meeting_id=meeting.pk, organisation_id=org.pk))
                contacts = self.contacts_by_org.get(org.pk)
                if contacts and rng.random() < 0.6:
                    contact_links.append(
                        Meeting.contacts.through(meeting_id=meeting.pk, contactperson_id=rng.choice(contacts))
                    )
        Attendance.objects.bulk_create(attendances, batch_size=BATCH)
        Meeting.organisations.through.objects.bulk_create(org_links, batch_size=BATCH)
        Meeting.contacts.through.objects.bulk_create(contact_links, batch_size=BATCH)

    def day(self, value):
        """A date as given, or `value` days from today."""
        return value if isinstance(value, datetime.date) else self.today + datetime.timedelta(days=value)

    def org_for(self, key, copy):
        suffix = "" if copy == 0 else f" {copy + 1}"
        return self.by_key.get(key + suffix) or self.by_key.get(key)

    def build_coalitions(self):
        """~25 coalitions per copy with their partners, and joint statements co-signed by some of them."""
        rng = self.rng
        stakeholders_by_theme = {}
        for org in self.stakeholders:
            for slug in self.org_themes[org.pk]:
                stakeholders_by_theme.setdefault(slug, []).append(org)
        coalitions, plans = [], []
        for copy in range(self.scale):
            suffix = "" if copy == 0 else f" ({copy + 1})"
            for name, kind, slugs, start, end, status, contact, text, partners, extra in demo_data.COALITIONS:
                contact_user = self.by_username.get(contact) or rng.choice(self.colleagues_for(slugs))
                coalitions.append(
                    Coalition(
                        name=name + suffix,
                        kind=kind,
                        start=self.day(start),
                        end=self.day(end) if end is not None else None,
                        status=status,
                        description=text,
                        contact=contact_user,
                    )
                )
                chosen = {}
                for key, role in partners:
                    org = self.org_for(key, copy)
                    if org is not None:
                        chosen.setdefault(org.pk, role)
                pool = [o for slug in slugs for o in stakeholders_by_theme.get(slug, []) if o.pk not in chosen]
                for org in self.sample(list({o.pk: o for o in pool}.values()), extra):
                    chosen[org.pk] = rng.choice(["partner", "partner", "medeondertekenaar"])
                plans.append((name, slugs, chosen))
        Coalition.objects.bulk_create(coalitions, batch_size=BATCH)
        coalitions = list(Coalition.objects.order_by("pk"))
        theme_links, partner_rows = [], []
        partners_of = {}
        for coalition, (name, slugs, chosen) in zip(coalitions, plans, strict=True):
            theme_links.extend(
                Coalition.themes.through(coalition_id=coalition.pk, theme_id=self.themes[s].pk) for s in slugs
            )
            partner_rows.extend(
                CoalitionPartner(coalition_id=coalition.pk, organisation_id=org_id, role=role)
                for org_id, role in chosen.items()
            )
            partners_of.setdefault(name, []).append((coalition, list(chosen)))
        Coalition.themes.through.objects.bulk_create(theme_links, batch_size=BATCH)
        CoalitionPartner.objects.bulk_create(partner_rows, batch_size=BATCH)

        statements, signing = [], []
        for name, title, date, url, text, signers in demo_data.JOINT_STATEMENTS:
            for coalition, partner_ids in partners_of.get(name, []):
                statements.append(
                    JointStatement(coalition=coalition, title=title, date=self.day(date), url=url, text=text)
                )
                chosen = partner_ids if signers is None else self.sample(partner_ids, signers)
                signing.append(sorted(chosen))
        JointStatement.objects.bulk_create(statements, batch_size=BATCH)
        statements = list(JointStatement.objects.order_by("pk"))
        StatementSignatory.objects.bulk_create(
            [
                StatementSignatory(statement_id=statement.pk, organisation_id=org_id, logo_allowed=rng.random() < 0.7)
                for statement, org_ids in zip(statements, signing, strict=True)
                for org_id in org_ids
            ],
            batch_size=BATCH,
        )

    def build_dossiers(self):
        """2-3 policy dossiers per theme, with the positions of several stakeholders, some re-assessed."""
        rng = self.rng
        stakeholders_by_theme = {}
        for org in self.stakeholders:
            for slug in self.org_themes[org.pk]:
                stakeholders_by_theme.setdefault(slug, []).append(org)
        dossiers, plans = [], []
        for copy in range(self.scale):
            suffix = "" if copy == 0 else f" ({copy + 1})"
            for slug, title, status, responsible, position, description in demo_data.DOSSIERS:
                dossiers.append(
                    PolicyDossier(
                        theme=self.themes[slug],
                        title=title + suffix,
                        status=status,
                        responsible=self.by_username.get(responsible),
                        swn_position=position,
                        description=description,
                    )
                )
                plans.append(slug)
        PolicyDossier.objects.bulk_create(dossiers, batch_size=BATCH)
        stances = ["steunt", "steunt", "neutraal", "tegen", "onbekend"]
        positions = []
        for dossier, slug in zip(PolicyDossier.objects.order_by("pk"), plans, strict=True):
            for org in self.sample(stakeholders_by_theme.get(slug, []), rng.randint(6, 10)):
                day = self.today - datetime.timedelta(days=rng.randint(420, 720))
                stance = rng.choice(stances)
                for _round in range(rng.choices([1, 2, 3], weights=[5, 3, 2])[0]):
                    positions.append(
                        StakeholderPosition(
                            dossier=dossier,
                            organisation=org,
                            stance=stance,
                            assessed_on=day,
                            note=rng.choice(demo_data.POSITION_NOTES),
                            assessed_by=dossier.responsible or rng.choice(self.colleagues_for([slug])),
                        )
                    )
                    day += datetime.timedelta(days=rng.randint(60, 200))
                    if day > self.today:
                        break
                    stance = rng.choice(stances)
        StakeholderPosition.objects.bulk_create(positions, batch_size=BATCH)

    # -- relationship work: contact moments and value reviews ------------------------------
    def _fill(self, text, org, contact_name, theme_slug):
        theme = self.themes[theme_slug].name.lower() if theme_slug else "het sociaal domein"
        return text.format(org=org.acronym or org.name, contact=contact_name or "onze contactpersoon", theme=theme)

    def _follow_up(self, *, org, contact_name, theme_slug, day, colleague):
        """(text, due, assignee, done_at) for a contact moment that gets a follow-up, or all empty."""
        rng = self.rng
        if rng.random() >= 0.25:
            return "", None, None, None
        text = self._fill(rng.choice(demo_data_relations.FOLLOW_UPS), org, contact_name, theme_slug)
        due = day + datetime.timedelta(days=rng.randint(5, 35)) if rng.random() < 0.85 else None
        assignee = colleague if rng.random() < 0.8 else rng.choice(self.colleagues)
        done_at = None
        # Most follow-ups get done; the ones left open are mostly from the last two months.
        expected = due or day + datetime.timedelta(days=14)
        done_chance = 0.97 if expected < self.today - datetime.timedelta(days=60) else 0.6
        if expected < self.today and rng.random() < done_chance:
            done_day = min(expected + datetime.timedelta(days=rng.randint(-4, 6)), self.today)
            done_at = self.local(max(done_day, day), datetime.time(rng.randint(9, 17), rng.choice([0, 15, 30, 45])))
        return text, due, assignee, done_at

    def build_contact_moments(self):
        """About 1,500 contact moments per scale over the last 18 months, some from held meetings."""
        rng = self.rng
        nienke = self.by_username.get("nienke")
        contact_names = {
            c.pk: c.name.split()[0] for c in ContactPerson.objects.only("pk", "name").order_by("pk").iterator()
        }
        moments, people, spoken_to = [], [], []

        # Some meetings get their outcome recorded as contact moments, one per organisation.
        for meeting_pk, details, orgs, present in self.held_meetings:
            if not present or rng.random() >= 0.12:
                continue
            for org in orgs:
                slugs = self.org_themes.get(org.pk) or [None]
                contacts = self.contacts_by_org.get(org.pk, [])
                contact = rng.choice(contacts) if contacts else None
                text, due, assignee, done_at = self._follow_up(
                    org=org,
                    contact_name=contact_names.get(contact),
                    theme_slug=slugs[0],
                    day=timezone.localdate(details.start),
                    colleague=present[0],
                )
                moments.append(
                    ContactMoment(
                        organisation=org,
                        happened_at=details.start,
                        time_known=True,
                        channel=ContactChannel.BIJEENKOMST,
                        summary=rng.choice(demo_data_relations.MEETING_SUMMARY_PREFIXES) + details.outcome,
                        theme=self.themes[slugs[0]] if slugs[0] else None,
                        meeting_id=meeting_pk,
                        follow_up=text,
                        follow_up_due=due,
                        follow_up_assignee=assignee,
                        follow_up_done_at=done_at,
                        created_by=present[0],
                    )
                )
                people.append(list(present))
                spoken_to.append([contact] if contact else [])

        channels = [c.value for c in ContactChannel]
        weights = [35, 30, 15, 10, 10]
        target = 1500 * self.scale
        earliest = self.today - datetime.timedelta(days=548)
        while len(moments) < target:
            org = rng.choice(self.stakeholders) if rng.random() < 0.78 else rng.choice(self.members)
            owner = next((u for u in self.colleagues if u.pk == org.owner_id), None)
            if nienke is not None and rng.random() < 0.08:
                colleague = nienke
            elif owner is not None and rng.random() < 0.7:
                colleague = owner
            else:
                colleague = rng.choice(self.colleagues_for(self.org_themes.get(org.pk, [])))
            day = earliest + datetime.timedelta(days=rng.randint(0, (self.today - earliest).days))
            while day.weekday() >= 5:
                day -= datetime.timedelta(days=1)
            if nienke is not None and day >= self.today - datetime.timedelta(days=40) and rng.random() < 0.25:
                colleague = nienke  # the demo login: a busy adjunct-directeur with work in hand
            time_known = rng.random() < 0.6
            clock = datetime.time(rng.randint(8, 17), rng.choice([0, 15, 30, 45])) if time_known else datetime.time.min
            happened_at = self.local(day, clock)
            if happened_at > self.now:
                happened_at, time_known = self.local(day, datetime.time.min), False
            channel = rng.choices(channels, weights=weights)[0]
            slugs = self.org_themes.get(org.pk, [])
            theme_slug = rng.choice(slugs) if slugs and rng.random() < 0.7 else None
            contacts = self.contacts_by_org.get(org.pk, [])
            contact = rng.choice(contacts) if contacts and channel != ContactChannel.NOTITIE else None
            summary = self._fill(
                rng.choice(demo_data_relations.CONTACT_SUMMARIES[channel]),
                org,
                contact_names.get(contact),
                theme_slug or (slugs[0] if slugs else None),
            )
            text, due, assignee, done_at = self._follow_up(
                org=org, contact_name=contact_names.get(contact), theme_slug=theme_slug, day=day, colleague=colleague
            )
            moments.append(
                ContactMoment(
                    organisation=org,
                    happened_at=happened_at,
                    time_known=time_known,
                    channel=channel,
                    summary=summary,
                    theme=self.themes[theme_slug] if theme_slug else None,
                    follow_up=text,
                    follow_up_due=due,
                    follow_up_assignee=assignee,
                    follow_up_done_at=done_at,
                    created_by=colleague,
                )
            )
            extra = [rng.choice(self.colleagues)] if rng.random() < 0.2 else []
            people.append(list(dict.fromkeys([colleague, *extra])))
            spoken_to.append([contact] if contact else [])

        ContactMoment.objects.bulk_create(moments, batch_size=BATCH)
        created = list(ContactMoment.objects.order_by("pk").only("pk"))
        colleague_links, contact_links = [], []
        for moment, users, contacts in zip(created, people, spoken_to, strict=True):
            colleague_links.extend(
                ContactMoment.colleagues.through(contactmoment_id=moment.pk, user_id=u.pk) for u in users
            )
            contact_links.extend(
                ContactMoment.contacts.through(contactmoment_id=moment.pk, contactperson_id=c) for c in contacts
            )
        ContactMoment.colleagues.through.objects.bulk_create(colleague_links, batch_size=BATCH)
        ContactMoment.contacts.through.objects.bulk_create(contact_links, batch_size=BATCH)

    def build_reviews(self):
        """Value reviews for about half the overleggen, some over a year old (so due again), and one
        overleg stopped two months ago through the real service, its history kept."""
        rng = self.rng
        reviewers = [
            self.by_username[first.lower()]
            for first, _last, _title, role, _themes in demo_data.COLLEAGUES
            if role in ("Redacteur", "Beheerder")
        ]
        # The demo's meetings only go back six months, so a review's time cost is the rate of
        # the last six months over a year, with some variation from year to year.
        half_year = {
            o.pk: o.time_spent
            for o in Overleg.objects.with_time_spent(since=self.now - REVIEW_PERIOD / 2, until=self.now)
        }
        decisions = [ReviewDecision.DOORGAAN, ReviewDecision.AFSCHALEN, ReviewDecision.OVERDRAGEN]
        reviews = []
        for overleg in self.overleggen:
            if rng.random() >= 0.5:
                continue
            latest = self.today - datetime.timedelta(
                days=rng.randint(20, 330) if rng.random() < 0.6 else rng.randint(370, 480)
            )
            dates = [latest] + ([latest - datetime.timedelta(days=rng.randint(350, 380))] if rng.random() < 0.3 else [])
            for day in dates:
                value = rng.choices([1, 2, 3, 4, 5], weights=[1, 3, 4, 4, 2])[0]
                # Much value: continue; little: mostly scale down or hand over to a member.
                decision = rng.choices(decisions, weights=[90, 7, 3] if value >= 3 else [10, 60, 30])[0]
                reviews.append(
                    OverlegReview(
                        overleg=overleg,
                        reviewed_on=day,
                        added_value=value,
                        yielded=rng.choice(demo_data_relations.REVIEW_YIELDED),
                        time_spent=half_year[overleg.pk] * 2 * rng.uniform(0.8, 1.2),
                        decision=decision,
                        rationale=rng.choice(demo_data_relations.REVIEW_RATIONALES[decision]),
                        reviewer=rng.choice(reviewers),
                    )
                )
        OverlegReview.objects.bulk_create(reviews, batch_size=BATCH)

        # One overleg was stopped two months ago: its later meetings are cancelled, its delegates released.
        # Not one reviewed above, whose random review could fall after the stop.
        unreviewed = [o for o in self.overleggen if o.pk not in {review.overleg_id for review in reviews}]
        candidates = [o for o in unreviewed if o.kind == OverlegKind.NETWERK] or unreviewed
        stopped = rng.choice(candidates)
        stopped_at = self.local(self.today - datetime.timedelta(days=60), datetime.time(16, 0))
        OverlegReview.objects.create(
            overleg=stopped,
            reviewed_on=stopped_at.date(),
            added_value=1,
            yielded=demo_data_relations.REVIEW_YIELDED[-1],
            time_spent=half_year[stopped.pk] * 2,
            decision=ReviewDecision.STOPPEN,
            rationale=demo_data_relations.REVIEW_RATIONALES[ReviewDecision.STOPPEN][0],
            reviewer=self.by_username.get("nienke") or reviewers[0],
        )
        stop_overleg(overleg=stopped, now=stopped_at)

    def build(self):
        self.ensure_reference_data()
        self.wipe()
        self.build_users()
        self.build_organisations()
        self.build_contacts()
        self.build_overleggen()
        self.build_meetings()
        self.build_contact_moments()
        self.build_reviews()
        self.build_coalitions()
        self.build_dossiers()
        return {
            "colleagues": User.objects.colleagues().count(),
            "stakeholders": Organisation.objects.stakeholders().count(),
            "members": Organisation.objects.members().count(),
            "contact persons": ContactPerson.objects.count(),
            "overleggen": Overleg.objects.count(),
            "meetings": Meeting.objects.count(),
            "attendances": Attendance.objects.count(),
            "contact moments": ContactMoment.objects.count(),
            "value reviews": OverlegReview.objects.count(),
            "coalitions": Coalition.objects.count(),
            "policy dossiers": PolicyDossier.objects.count(),
            "stakeholder positions": StakeholderPosition.objects.count(),
        }


@transaction.atomic
def build_demo(*, scale=1, seed=2026):
    """Replace all CRM data with the demo set; returns the counts per kind of record."""
    return DemoBuilder(scale=scale, seed=seed).build()
