"""iCalendar (RFC 5545) feeds of meetings, built with the icalendar library.

The library does the escaping of commas, semicolons and newlines, the line folding, and the
VTIMEZONE for Europe/Amsterdam. A meeting keeps its UID for life and carries its SEQUENCE,
which the planning forms raise on every save, so calendar apps update the event in place.
"""

import datetime

from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from meetings.choices import AttendanceStatus
from meetings.models import Attendance

PRODID = "-//Sociaal Werk Nederland//SWN CRM//NL"
UID_DOMAIN = "sociaalwerknederland.nl"
# How often subscribing apps should fetch the feed again (Outlook and Apple honour this).
REFRESH = datetime.timedelta(hours=1)


def with_calendar_data(queryset):
    """What an event needs, fetched in a fixed number of queries."""
    return queryset.select_related("overleg").prefetch_related(
        Prefetch(
            "attendances",
            queryset=Attendance.objects.select_related("user").order_by("user__first_name", "user__last_name"),
        ),
        "organisations",
    )


def meeting_uid(meeting):
    return f"{meeting.uid}@{UID_DOMAIN}"


def meeting_path(meeting):
    return reverse("meetings:meeting_detail", args=[meeting.pk])


def _description(meeting, *, url, viewer):
    lines = []
    if meeting.overleg_id:
        lines.append(_("Overleg: %(name)s") % {"name": meeting.overleg.name})
    colleagues = [
        f"{a.user} ({a.get_role_display().lower()}, {a.get_status_display().lower()})"
        for a in meeting.attendances.all()
        if a.user_id != getattr(viewer, "pk", None) and a.status != AttendanceStatus.AFGEMELD
    ]
    if colleagues:
        label = _("Other colleagues") if viewer else _("Colleagues")
        lines.append(f"{label}: {', '.join(colleagues)}")
    organisations = [str(org) for org in meeting.organisations.all()]
    if organisations:
        lines.append(_("Organisations: %(names)s") % {"names": ", ".join(organisations)})
    if meeting.online_url:
        lines.append(_("Video link: %(url)s") % {"url": meeting.online_url})
    if meeting.agenda:
        lines += ["", _("Agenda:"), meeting.agenda.strip()]
    lines += ["", _("In SWN CRM: %(url)s") % {"url": url}]
    return "\n".join(lines)


def build_calendar(meetings, *, name, uid, absolute_url, viewer=None):
    """One VCALENDAR with a VEVENT per meeting.

    `meetings` come from `with_calendar_data`; `uid` names the feed itself and stays the same
    between fetches; `absolute_url` turns a path into a full URL; `viewer` is the colleague
    whose personal feed this is (left out of "other colleagues").
    """
    tz = timezone.get_default_timezone()
    calendar = Calendar.new(prodid=PRODID, name=name, uid=f"{uid}@{UID_DOMAIN}")
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # what Outlook reads instead
    first = last = None
    for meeting in meetings:
        start, end = timezone.localtime(meeting.start, tz), timezone.localtime(meeting.end, tz)
        url = absolute_url(meeting_path(meeting))
        title = meeting.title
        if meeting.is_cancelled:
            # Not every app shows STATUS:CANCELLED, so the title says it too.
            title = _("Cancelled: %(title)s") % {"title": title}
        event = Event.new(
            uid=meeting_uid(meeting),
            summary=title,
            start=start,
            end=end,
            # Without METHOD, DTSTAMP means "last revised" (RFC 5545 3.8.7.2): the same moment.
            stamp=meeting.updated_at,
            last_modified=meeting.updated_at,
            created=meeting.created_at,
            sequence=meeting.sequence,
            status="CANCELLED" if meeting.is_cancelled else "CONFIRMED",
            transparency="TRANSPARENT" if meeting.is_cancelled else "OPAQUE",
            location=meeting.location or meeting.online_url or None,
            url=url,
            description=_description(meeting, url=url, viewer=viewer),
        )
        calendar.add_component(event)
        first = min(first, start.date()) if first else start.date()
        last = max(last, end.date()) if last else end.date()
    if first:
        # The VTIMEZONE lists the daylight-saving changes between the first and last meeting.
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=1), last_date=last + datetime.timedelta(days=1)
        )
    return calendar


def calendar_response(body, *, filename, disposition="inline"):
    """The .ics bytes (`Calendar.to_ical()`) as a response."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
