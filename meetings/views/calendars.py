"""Calendar feeds (.ics): a colleague's personal feed (by token, no login) and an overleg's feed."""

import datetime
import re

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from meetings import calendar as ical
from meetings.choices import AttendanceStatus
from meetings.models import Attendance, CalendarToken, Meeting, Overleg

# A personal feed reaches this far back; everything ahead is included.
FEED_HISTORY = datetime.timedelta(days=183)
# What secrets.token_urlsafe() makes; anything else cannot be a token.
TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{1,64}")


@login_not_required
@require_safe
def calendar_feed(request, token):
    """A colleague's personal feed, for subscribing in Outlook, Google or Apple calendars.

    Public by design (calendar apps cannot log in): the long random token in the URL is the
    key, and it opens this one feed only. A wrong, revoked or inactive colleague's token is 404.
    """
    if not TOKEN_SHAPE.fullmatch(token):  # e.g. a NUL byte, which PostgreSQL refuses in a query
        raise Http404
    calendar_token = get_object_or_404(CalendarToken.objects.active().select_related("user"), token=token)
    user = calendar_token.user
    since = timezone.now() - FEED_HISTORY
    body = _feed_body(request, user, since)
    response = ical.calendar_response(body, filename="swn-agenda.ics")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _feed_body(request, user, since):
    going = Attendance.objects.filter(meeting=OuterRef("pk"), user=user).exclude(status=AttendanceStatus.AFGEMELD)
    meetings = ical.with_calendar_data(Meeting.objects.filter(Exists(going), start__gte=since).order_by("start"))
    # Calendar apps send their own Accept-Language (often English); the feed stays in the
    # office language, like the CRM itself.
    with translation.override(settings.LANGUAGE_CODE):
        return ical.build_calendar(
            meetings,
            name=_("SWN meetings of %(name)s") % {"name": user},
            uid=f"swn-crm-feed-{user.pk}",
            absolute_url=request.build_absolute_uri,
            viewer=user,
        )


@require_safe
def overleg_calendar(request, pk):
    """All meetings of one overleg as an .ics file (login required, like every page)."""
    overleg = get_object_or_404(Overleg, pk=pk)
    meetings = ical.with_calendar_data(overleg.meetings.order_by("start"))
    body = ical.build_calendar(
        meetings,
        name=_("Overleg %(name)s") % {"name": overleg.name},
        uid=f"swn-crm-overleg-{overleg.pk}",
        absolute_url=request.build_absolute_uri,
    )
    return ical.calendar_response(body, filename=f"overleg-{overleg.pk}.ics", disposition="attachment")
