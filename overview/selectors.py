"""Reads that combine several apps for the overview pages."""

import datetime

from django.db import models
from django.db.models import Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from meetings.models import Overleg
from meetings.selectors import theme_meetings
from stakeholders.models import Organisation

# "Meetings in the next 30 days" on the theme pages.
UPCOMING_PERIOD = datetime.timedelta(days=30)


def _count(queryset):
    """A correlated subquery counting the distinct rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().annotate(
        n=Func("pk", function="COUNT", template="%(function)s(DISTINCT %(expressions)s)")
    )
    return Coalesce(Subquery(counted.values("n")[:1], output_field=models.IntegerField()), Value(0))


def themes_with_counts(themes, *, now=None):
    """Annotate `stakeholder_count`, `member_count` (active memberships), `overleg_count` (active
    overleggen) and `upcoming_meeting_count` (next 30 days), in this one query."""
    now = now or timezone.now()
    theme = OuterRef("pk")
    return themes.annotate(
        stakeholder_count=_count(Organisation.objects.stakeholders().filter(themes=theme)),
        member_count=_count(Organisation.objects.current_members().filter(themes=theme)),
        overleg_count=_count(Overleg.objects.active().filter(themes=theme)),
        upcoming_meeting_count=_count(theme_meetings(theme).between(now, now + UPCOMING_PERIOD)),
    )
