"""Which overleggen are due for their yearly value review, most expensive per point of value first.

Ranking: the hours SWN spent on the overleg in the last 12 months divided by the added value
(1-5) given at its last review. An overleg never reviewed has not shown any value yet, so it
counts as value 1, the lowest: its cost per value point is simply its hours. On equal cost a
never-reviewed overleg comes first, then by name.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from meetings.models import REVIEW_PERIOD, Overleg
from swn_crm.models import User
from themes.models import Theme

UNKNOWN_VALUE = 1


def cost_per_value_point(overleg):
    """Hours in the last 12 months per point of added value (needs `with_time_spent` and `with_last_review`)."""
    hours = overleg.time_spent / datetime.timedelta(hours=1)
    return hours / (overleg.last_review_value or UNKNOWN_VALUE)


def due_reviews(queryset=None, *, now=None, prefetch=True):
    """The overleggen of `queryset` (default: all) due for review, as a list ranked by cost per value point.

    Each gets `time_spent` (last 12 months), the `last_review_*` annotations and `cost_per_point`.
    One query, plus two (delegates and themes) with `prefetch`, however many overleggen.
    """
    now = now or timezone.now()
    queryset = Overleg.objects.all() if queryset is None else queryset
    queryset = (
        queryset.due_for_review(today=timezone.localdate(now))
        .with_time_spent(since=now - REVIEW_PERIOD, until=now)
        .with_last_review()
        .select_related("organiser")
    )
    if prefetch:
        queryset = queryset.prefetch_related(
            Prefetch("delegates", queryset=User.objects.order_by("first_name", "last_name")),
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
        )
    overleggen = list(queryset)
    for overleg in overleggen:
        overleg.cost_per_point = cost_per_value_point(overleg)
    return sorted(
        overleggen,
        key=lambda o: (-o.cost_per_point, o.last_reviewed_on is not None, o.name.lower(), o.pk),
    )
