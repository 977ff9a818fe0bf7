"""Contact with an organisation: "who at SWN spoke to them last, and when do we see them next".

A contact is a meeting that is not cancelled and has the organisation at the table
(`Meeting.organisations`), or a contact moment (call, e-mail, visit, encounter) logged for it;
a contact moment of the channel "note" is not contact (see NOT_CONTACT_CHANNELS). Everything
that needs "last contact" goes through `past_contacts()`, `past_contact_moments()`,
`with_contact_summary()` and `without_recent_contact()`, so every page, filter, report and
export agrees on it. They take and return querysets of `stakeholders.Organisation`.
"""

import datetime

from django.db import connections, models
from django.db.models import Case, Exists, F, Func, OuterRef, Q, StringAgg, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, Greatest, NullIf, Trim
from django.utils import timezone

from meetings.choices import AttendanceStatus
from meetings.models import Attendance, Meeting
from relations.models import ContactMoment

# A relationship "goes cold" after this long without contact (the "no contact for 6 months" filter).
COLD_AFTER = datetime.timedelta(days=182)
# The dashboard warns the relationship owner earlier: no contact for this long, or never.
GOING_COLD_AFTER = datetime.timedelta(days=90)


class LaterOf(Func):
    """The later of two values, ignoring a NULL one (NULL only when both are).

    PostgreSQL's GREATEST already ignores NULL, so each side (here a correlated subquery) is
    written, and planned, once. Elsewhere GREATEST/MAX is NULL as soon as one side is, so both
    sides are completed with COALESCE.
    """

    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        first, second = self.get_source_expressions()
        either = Greatest(Coalesce(first, second), Coalesce(second, first), output_field=self.output_field)
        return compiler.compile(either)

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="GREATEST", **extra_context)


def _full_name(prefix):
    """SQL for a colleague's full name (or username when no name is known) through `prefix`."""
    return Coalesce(
        NullIf(Trim(Concat(f"{prefix}first_name", Value(" "), f"{prefix}last_name")), Value("")),
        f"{prefix}username",
    )


def _names_subquery(queryset, *, group_by, prefix, using):
    """Subquery: the names of the colleagues in `queryset`, comma-separated (NULL if none).

    Alphabetical where the database can order inside an aggregate (PostgreSQL, SQLite 3.44+).
    """
    ordered = connections[using].features.supports_aggregate_order_by_clause
    names = (
        queryset.order_by()
        .values(group_by)
        .annotate(
            names=StringAgg(
                _full_name(prefix),
                Value(", "),
                order_by=(f"{prefix}first_name", f"{prefix}last_name") if ordered else None,
            )
        )
        .values("names")
    )
    return Subquery(names, output_field=models.CharField())


def _moment_colleague_names(*, moment, using):
    """Subquery: the names of the colleagues of contact moment `moment`, comma-separated."""
    through = ContactMoment.colleagues.through.objects.filter(contactmoment=moment)
    return _names_subquery(through, group_by="contactmoment", prefix="user__", using=using)


def _colleague_names(*, meeting, present_only, using):
    """Subquery: the names of the colleagues at `meeting`, comma-separated (NULL if none)."""
    attendances = Attendance.objects.filter(meeting=meeting)
    if present_only:
        attendances = attendances.filter(status=AttendanceStatus.AANWEZIG)
    else:
        attendances = attendances.exclude(status=AttendanceStatus.AFGEMELD)
    return _names_subquery(attendances, group_by="meeting", prefix="user__", using=using)


def past_contacts(*, now=None):
    """The contact meetings of the organisation `OuterRef("pk")` that already began, newest first.

    Meant as a correlated subquery inside a query on Organisation.
    """
    now = now or timezone.now()
    return Meeting.objects.not_cancelled().filter(organisations=OuterRef("pk"), start__lt=now).order_by("-start", "-pk")


def past_contact_moments(*, now=None):
    """The contact moments of the organisation `OuterRef("pk")` that count as contact, newest first.

    Meant as a correlated subquery inside a query on Organisation.
    """
    now = now or timezone.now()
    return (
        ContactMoment.objects.counting_as_contact()
        .filter(organisation=OuterRef("pk"), happened_at__lte=now)
        .order_by("-happened_at", "-pk")
    )


def future_contacts(*, now=None):
    """The not-cancelled meetings of the organisation `OuterRef("pk")` still to come, soonest first."""
    now = now or timezone.now()
    return Meeting.objects.not_cancelled().filter(organisations=OuterRef("pk"), start__gte=now).order_by("start", "pk")


def with_last_contact(organisations, *, now=None):
    """Annotate only `last_meeting_at`, `last_moment_at` and `last_contact_at` (the later of the two),
    as `with_contact_summary` computes them: two correlated subqueries per row instead of a dozen,
    for pages that show how long ago the contact was and nothing else about it (map, report)."""
    now = now or timezone.now()
    return organisations.annotate(
        last_meeting_at=Subquery(past_contacts(now=now).values("start")[:1]),
        last_moment_at=Subquery(past_contact_moments(now=now).values("happened_at")[:1]),
    ).annotate(last_contact_at=LaterOf("last_meeting_at", "last_moment_at", output_field=models.DateTimeField()))


def with_contact_summary(organisations, *, now=None):
    """Annotate each organisation with its last and next contact, in SQL, so lists can sort on them.

    Adds:
    - `last_meeting_at`, `last_meeting_id`, `last_meeting_title`: the latest contact meeting;
    - `last_moment_at`, `last_moment_id`, `last_moment_channel`: the latest contact moment
      that counts as contact;
    - `last_contact_at`: the later of the two (a meeting wins a tie), `last_contact_is_moment`
      (which of the two it was), and `last_contact_by`: the colleagues of that contact,
      comma-separated (for a meeting those marked present, or, when nobody was marked, everyone
      who did not decline; for a contact moment its colleagues);
    - `next_meeting_at`, `next_meeting_id`, `next_meeting_title`.
    All are NULL when there is no such contact. The cost is a few correlated subqueries per row
    and no extra queries, however many rows.
    """
    now = now or timezone.now()
    past = past_contacts(now=now)
    moments = past_contact_moments(now=now)
    future = future_contacts(now=now)
    moment_is_later = Q(last_moment_at__isnull=False) & (
        Q(last_meeting_at__isnull=True) | Q(last_moment_at__gt=F("last_meeting_at"))
    )
    return (
        organisations.annotate(
            last_meeting_at=Subquery(past.values("start")[:1]),
            last_meeting_id=Subquery(past.values("pk")[:1]),
            last_meeting_title=Subquery(past.values("title")[:1]),
            last_moment_at=Subquery(moments.values("happened_at")[:1]),
            last_moment_id=Subquery(moments.values("pk")[:1]),
            last_moment_channel=Subquery(moments.values("channel")[:1]),
            next_meeting_at=Subquery(future.values("start")[:1]),
            next_meeting_id=Subquery(future.values("pk")[:1]),
            next_meeting_title=Subquery(future.values("title")[:1]),
        )
        .annotate(
            last_contact_at=LaterOf("last_meeting_at", "last_moment_at", output_field=models.DateTimeField()),
            last_contact_is_moment=Case(
                When(moment_is_later, then=Value(True)), default=Value(False), output_field=models.BooleanField()
            ),
        )
        .annotate(
            last_contact_by=Case(
                When(
                    moment_is_later,
                    then=_moment_colleague_names(moment=OuterRef("last_moment_id"), using=organisations.db),
                ),
                default=Coalesce(
                    _colleague_names(meeting=OuterRef("last_meeting_id"), present_only=True, using=organisations.db),
                    _colleague_names(meeting=OuterRef("last_meeting_id"), present_only=False, using=organisations.db),
                ),
                output_field=models.CharField(),
            ),
        )
    )


def without_recent_contact(organisations, *, now=None, period=COLD_AFTER, since=None):
    """Organisations with no contact (meeting or contact moment) in the last `period` (or from `since`
    on), including never."""
    now = now or timezone.now()
    since = since or now - period
    return organisations.exclude(
        Exists(past_contacts(now=now).filter(start__gte=since))
        | Exists(past_contact_moments(now=now).filter(happened_at__gte=since))
    )
