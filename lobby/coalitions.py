"""Coalition events for an organisation's timeline: joining a coalition, co-signing a statement.

The shape, for whoever merges them with meetings and contact moments:

    coalition_events_for(organisation, *, theme=None) -> list[dict], newest first

Each event is a dict like the meeting entries of the organisation page's timeline:

    {
        "at": aware datetime, midnight (Dutch time) of the event's day, for sorting with meetings,
        "date": datetime.date of the event,
        "kind": "coalition_joined" | "statement_signed",
        "template": "overview/includes/_timeline_coalition.html",
        "coalition": Coalition,
        "partner": CoalitionPartner or None (set for "coalition_joined": the role),
        "statement": JointStatement or None (set for "statement_signed"),
        "signatory": StatementSignatory or None (set for "statement_signed": the logo permission),
        "theme_ids": set of the coalition's theme ids, to filter the timeline on a theme,
    }

The template renders one `<li class="timeline-item">` and reads the event as `entry`.
Three queries, whatever the number of coalitions and statements (none included). Passing `theme` keeps the
events of coalitions in that theme (a Theme or its pk).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from lobby.models import Coalition, CoalitionPartner, StatementSignatory

TEMPLATE = "overview/includes/_timeline_coalition.html"
JOINED = "coalition_joined"
SIGNED = "statement_signed"


def _midnight(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def coalition_events_for(organisation, *, theme=None):
    """The dated coalition events of `organisation`, newest first (see the module docstring)."""
    partnerships = CoalitionPartner.objects.filter(organisation=organisation).select_related("coalition")
    signatures = StatementSignatory.objects.filter(organisation=organisation).select_related("statement__coalition")
    if theme is not None:
        partnerships = partnerships.filter(coalition__themes=theme)
        signatures = signatures.filter(statement__coalition__themes=theme)
    # The theme ids of all those coalitions in one query that runs even when there are none, so
    # the page's query count is the same for an organisation without coalitions.
    coalition_themes = Coalition.themes.through.objects.filter(
        Q(coalition__in=CoalitionPartner.objects.filter(organisation=organisation).values("coalition"))
        | Q(coalition__in=StatementSignatory.objects.filter(organisation=organisation).values("statement__coalition"))
    )
    theme_ids = {}
    for coalition_id, theme_id in coalition_themes.values_list("coalition_id", "theme_id"):
        theme_ids.setdefault(coalition_id, set()).add(theme_id)
    events = []
    for partner in partnerships:
        coalition = partner.coalition
        events.append(_event(JOINED, coalition.start, coalition, theme_ids, partner=partner))
    for signatory in signatures:
        statement = signatory.statement
        events.append(
            _event(SIGNED, statement.date, statement.coalition, theme_ids, statement=statement, signatory=signatory)
        )
    events.sort(key=lambda event: (event["at"], event["kind"] == SIGNED, event["coalition"].pk), reverse=True)
    return events


def _event(kind, day, coalition, theme_ids, *, partner=None, statement=None, signatory=None):
    return {
        "at": _midnight(day),
        "date": day,
        "kind": kind,
        "template": TEMPLATE,
        "coalition": coalition,
        "partner": partner,
        "statement": statement,
        "signatory": signatory,
        "theme_ids": theme_ids.get(coalition.pk, set()),
    }
