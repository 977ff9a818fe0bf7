"""iCalendar (RFC 5545) feeds of meetings, built with the icalendar library.

The library does the escaping of commas, semicolons and newlines, the line folding, and the
VTIMEZONE for Europe/Amsterdam. A meeting keeps its UID for life and carries its SEQUENCE,
which the planning forms raise on every save, so calendar apps update the event in place.

Serialising is most of a feed's cost, so each event's text is kept with the event in Django's
cache (`event_text`), under a key that is a digest of everything the text is made of: the
meeting's own fields, its colleagues and organisations, the URL, the viewer and the language.
Any change gives another key, so a stale text is never served and nothing needs invalidating;
unused texts simply age out of the cache.
"""

import datetime
import hashlib

from django.core.cache import cache
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration

from meetings.choices import AttendanceStatus
from meetings.models import Attendance

PRODID = "-//Sociaal Werk Nederland//SWN CRM//NL"
UID_DOMAIN = "sociaalwerknederland.nl"
# How often subscribing apps should fetch the feed again (Outlook and Apple honour this).
REFRESH = datetime.timedelta(hours=1)
# How long an event's text stays in the cache unused (its key changes with its content anyway).
EVENT_TEXT_TIMEOUT = 7 * 24 * 3600
EVENT_KEY_VERSION = 1


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


def _event_key(meeting, *, url, viewer):
    """The cache key of a meeting's VEVENT text: a digest of everything that text is made of."""
    parts = [
        EVENT_KEY_VERSION,
        meeting.pk,
        meeting.uid,
        meeting.title,
        meeting.start.isoformat(),
        meeting.end.isoformat(),
        meeting.status,
        meeting.location,
        meeting.online_url,
        meeting.agenda,
        meeting.sequence,
        meeting.created_at.isoformat(),
        meeting.updated_at.isoformat(),
        meeting.overleg.name if meeting.overleg_id else None,
        [(a.user_id, str(a.user), a.role, a.status) for a in meeting.attendances.all()],
        [str(org) for org in meeting.organisations.all()],
        url,
        getattr(viewer, "pk", None),
        translation.get_language(),
        str(timezone.get_default_timezone()),
    ]
    return "ical-event:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _event(meeting, *, start, end, url, viewer):
    title = meeting.title
    if meeting.is_cancelled:
        # Not every app shows STATUS:CANCELLED, so the title says it too.
        title = _("Cancelled: %(title)s") % {"title": title}
    return Event.new(
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


def event_texts(meetings, *, absolute_url, viewer=None):
    """(VEVENT texts in the order of `meetings`, first day, last day): cached texts where the
    cache has them (one `get_many`), the others serialised now and stored (one `set_many`)."""
    tz = timezone.get_default_timezone()
    rows = []
    for meeting in meetings:
        start, end = timezone.localtime(meeting.start, tz), timezone.localtime(meeting.end, tz)
        url = absolute_url(meeting_path(meeting))
        rows.append((meeting, start, end, url, _event_key(meeting, url=url, viewer=viewer)))
    cached = cache.get_many([row[4] for row in rows]) if rows else {}
    fresh = {}
    texts = []
    for meeting, start, end, url, key in rows:
        text = cached.get(key) or fresh.get(key)
        if text is None:
            text = fresh[key] = _event(meeting, start=start, end=end, url=url, viewer=viewer).to_ical()
        texts.append(text)
    if fresh:
        cache.set_many(fresh, timeout=EVENT_TEXT_TIMEOUT)
    first = min((row[1].date() for row in rows), default=None)
    last = max((row[2].date() for row in rows), default=None)
    return texts, first, last


def _timezone_text(tzid, *, first, last):
    """The VTIMEZONE of `tzid` with its daylight-saving changes from `first` to `last` (cached per span)."""
    key = f"ical-vtimezone:{tzid}:{first.isoformat()}:{last.isoformat()}"
    text = cache.get(key)
    if text is None:
        text = Timezone.from_tzid(tzid, first_date=first, last_date=last).to_ical()
        cache.set(key, text, timeout=EVENT_TEXT_TIMEOUT)
    return text


CALENDAR_END = b"END:VCALENDAR\r\n"


def build_calendar(meetings, *, name, uid, absolute_url, viewer=None):
    """The .ics bytes of one VCALENDAR with a VEVENT per meeting.

    `meetings` come from `with_calendar_data`; `uid` names the feed itself and stays the same
    between fetches; `absolute_url` turns a path into a full URL; `viewer` is the colleague
    whose personal feed this is (left out of "other colleagues").
    """
    calendar = Calendar.new(prodid=PRODID, name=name, uid=f"{uid}@{UID_DOMAIN}")
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})  # RFC 7986
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))  # what Outlook reads instead
    texts, first, last = event_texts(meetings, absolute_url=absolute_url, viewer=viewer)
    parts = [calendar.to_ical().removesuffix(CALENDAR_END)]
    if first:
        # The VTIMEZONE lists the daylight-saving changes between the first and last meeting.
        tzid = str(timezone.get_default_timezone())
        parts.append(
            _timezone_text(tzid, first=first - datetime.timedelta(days=1), last=last + datetime.timedelta(days=1))
        )
    parts += texts
    parts.append(CALENDAR_END)
    return b"".join(parts)


def calendar_response(body, *, filename, disposition="inline"):
    """The .ics bytes (`build_calendar()`) as a response."""
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
