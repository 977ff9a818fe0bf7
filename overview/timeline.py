"""The organisation page's timeline: everything that happened with one organisation, newest first.

The timeline is merged from *sources*, one per kind of event. A source is a `TimelineSource`:

- `kind`: a short code used in the query string (`?kind=contact_moment`);
- `label`: what the kind filter shows (translated);
- `fetch(organisation, *, theme, now, limit)`: returns at most `limit` `TimelineEntry`s of that
  kind that happened before `now`, newest first, limited to `theme` (a Theme, or None for all).
  It must run a fixed number of queries, whatever the number of entries (select_related /
  prefetch_related), so the page's query count does not grow with the history.

`build_timeline()` asks the chosen sources (all by default), merges their entries newest first
and cuts out one page of `limit` entries.

Extension point: to add a kind of event, e.g. coalition events, write a fetch function with an
include template that renders `entry.obj`, and append a source to `SOURCES`:

    SOURCES.append(TimelineSource("coalition", _("Coalitions"), coalition_entries))

The kind filter on the organisation page then offers it, and the page shows it in between the
others. Nothing else needs to change.
"""

import dataclasses
import datetime
import heapq
from collections.abc import Callable

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class TimelineEntry:
    """One event on the timeline; `template` renders it with `entry` in the context."""

    at: datetime.datetime
    kind: str
    template: str
    obj: object
    anchor: str = ""


@dataclasses.dataclass(frozen=True)
class TimelineSource:
    kind: str
    label: str
    fetch: Callable[..., list[TimelineEntry]]


@dataclasses.dataclass
class Timeline:
    entries: list[TimelineEntry]
    truncated: bool  # there are older entries than these
    limit: int
    page: int = 1

    @property
    def has_newer(self):
        return self.page > 1


def meeting_entries(organisation, *, theme, now, limit):
    """Meetings with the organisation at the table that have begun (cancelled ones too, struck through).

    A meeting belongs to the themes of its overleg. Three queries: the meetings, their
    colleagues, and the contact persons of this organisation at them.
    """
    from meetings.models import Attendance
    from stakeholders.models import ContactPerson

    meetings = (
        organisation.meetings.filter(start__lt=now)
        .select_related("overleg")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("user").order_by("user__first_name")),
            Prefetch("contacts", queryset=ContactPerson.objects.filter(organisation=organisation)),
        )
        .order_by("-start", "-pk")
    )
    if theme is not None:
        meetings = meetings.filter(overleg__themes=theme)
    return [
        TimelineEntry(
            at=meeting.start,
            kind="meeting",
            template="overview/includes/_timeline_meeting.html",
            obj=meeting,
            anchor=f"bijeenkomst-{meeting.pk}",
        )
        for meeting in meetings[:limit]
    ]


def contact_moment_entries(organisation, *, theme, now, limit):
    """Contact moments logged for the organisation (notes included). Three queries."""
    from relations.models import ContactMoment
    from stakeholders.models import ContactPerson
    from swn_crm.models import User

    moments = (
        ContactMoment.objects.filter(organisation=organisation, happened_at__lte=now)
        .select_related("theme", "meeting", "follow_up_assignee", "created_by")
        .prefetch_related(
            Prefetch("colleagues", queryset=User.objects.order_by("first_name", "last_name")),
            Prefetch("contacts", queryset=ContactPerson.objects.order_by("name")),
        )
        .order_by("-happened_at", "-pk")
    )
    if theme is not None:
        moments = moments.filter(theme=theme)
    return [
        TimelineEntry(
            at=moment.happened_at,
            kind="contact_moment",
            template="overview/includes/_timeline_contact_moment.html",
            obj=moment,
            anchor=f"contactmoment-{moment.pk}",
        )
        for moment in moments[:limit]
    ]


def coalition_entries(organisation, *, theme, now, limit):
    """Joining a coalition and co-signing a joint statement (`stakeholders.coalitions`)."""
    from lobby.coalitions import coalition_events_for

    events = [event for event in coalition_events_for(organisation, theme=theme) if event["at"] < now]
    return [
        TimelineEntry(at=event["at"], kind="coalition", template=event["template"], obj=event)
        for event in events[:limit]
    ]


SOURCES = [
    TimelineSource("contact_moment", _("Contact moments"), contact_moment_entries),
    TimelineSource("meeting", _("Meetings"), meeting_entries),
    TimelineSource("coalition", _("Coalitions"), coalition_entries),
]


def kind_choices():
    """(kind, label) of every registered source, for the kind filter."""
    return [(source.kind, source.label) for source in SOURCES]


def build_timeline(organisation, *, kinds=None, theme=None, limit=100, page=1, now=None, sources=None):
    """Page `page` of the merged timeline of `organisation`: at most `limit` entries, newest first.

    `kinds` limits it to some sources (None: all); `theme` to one theme. `truncated` tells
    whether there are older entries than these. Each source fetches its newest
    `page * limit + 1` entries: whatever the page, its entries are among those, and the extra
    one answers "is there more" without counting. So the cost grows with the page number, not
    with the history; colleagues seldom go far back.
    """
    now = now or timezone.now()
    skip = (page - 1) * limit
    chosen = [s for s in (SOURCES if sources is None else sources) if kinds is None or s.kind in kinds]
    per_source = [source.fetch(organisation, theme=theme, now=now, limit=skip + limit + 1) for source in chosen]
    merged = list(heapq.merge(*per_source, key=lambda entry: entry.at, reverse=True))
    return Timeline(entries=merged[skip : skip + limit], truncated=len(merged) > skip + limit, limit=limit, page=page)
