import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView, View

from meetings import calendar as ical
from meetings import week as weekly
from meetings.choices import AttendanceStatus
from meetings.filters import WeekFilter
from meetings.models import Attendance, Meeting, Overleg
from stakeholders.models import Organisation
from swn_crm.models import CalendarToken, User


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


# ---------------------------------------------------------------------------------------------
# Dashboard (/)
# ---------------------------------------------------------------------------------------------

# How far ahead "Colleagues meet your relations" looks.
RELATIONS_HORIZON = datetime.timedelta(days=14)


class DashboardView(TemplateView):
    """The colleague's start page: their own meetings this week and next, and where colleagues
    meet the organisations they own."""

    template_name = "meetings/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        monday = monday_of(today)
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
        end = start + datetime.timedelta(days=14)
        meetings = (
            Meeting.objects.attended_by(self.request.user)
            .between(start, end)
            .select_related("overleg")
            .prefetch_related(
                Prefetch("attendances", queryset=Attendance.objects.select_related("user")),
                "organisations",
            )
            .order_by("start")
        )
        this_week, next_week = [], []
        next_monday = monday + datetime.timedelta(days=7)
        for meeting in meetings:
            for attendance in meeting.attendances.all():
                if attendance.user_id == self.request.user.pk:
                    meeting.my_attendance = attendance
            if timezone.localdate(meeting.start) < next_monday:
                this_week.append(meeting)
            else:
                next_week.append(meeting)
        context.update(
            today=today,
            weeks=[
                {"monday": monday, "meetings": this_week, "is_current": True},
                {"monday": next_monday, "meetings": next_week, "is_current": False},
            ],
            relation_meetings=self.relation_meetings(),
        )
        return context

    def relation_meetings(self):
        """Coming meetings where another colleague meets an organisation this user owns.

        Meetings the user goes to themselves are left out (they are in "my meetings"), and so
        are cancelled ones. Each meeting gets `others` (the colleagues going) and `my_relations`
        (the user's organisations at the table), each fetched in one query for all meetings.
        """
        user = self.request.user
        now = timezone.now()
        going = Attendance.objects.exclude(status=AttendanceStatus.AFGEMELD)
        others_going = going.filter(meeting=OuterRef("pk")).exclude(user=user)
        i_go = going.filter(meeting=OuterRef("pk"), user=user)
        my_org_at_table = Meeting.organisations.through.objects.filter(meeting=OuterRef("pk"), organisation__owner=user)
        return list(
            Meeting.objects.between(now, now + RELATIONS_HORIZON)
            .not_cancelled()
            .filter(Exists(others_going), Exists(my_org_at_table))
            .exclude(Exists(i_go))
            .select_related("overleg")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=going.exclude(user=user)
                    .select_related("user")
                    .order_by("user__first_name", "user__last_name"),
                    to_attr="others",
                ),
                Prefetch("organisations", queryset=Organisation.objects.filter(owner=user), to_attr="my_relations"),
            )
            .order_by("start", "title")
        )


# ---------------------------------------------------------------------------------------------
# Weekly overview (/week/, /week/2026-W48/)
# ---------------------------------------------------------------------------------------------

LAYOUT_PARAM = "weergave"
LAYOUT_COLLEAGUES = "collega"


class MeetingWeekView(TemplateView):
    """Who from SWN is where, Monday to Sunday: per day, or per colleague (`?weergave=collega`)."""

    template_name = "meetings/week.html"

    def get(self, request, *args, year=None, week=None, **kwargs):
        if year is None:
            self.week = weekly.IsoWeek.containing(timezone.localdate())
        else:
            try:
                self.week = weekly.IsoWeek(year, week)
            except ValueError:
                raise Http404(_("This week does not exist.")) from None
            if request.path != self.week.url:  # /week/2026-W5/ -> /week/2026-W05/
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(self.week.url + (f"?{query}" if query else ""))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        start, end = self.week.bounds()
        return (
            Meeting.objects.between(start, end)
            .select_related("overleg__organiser")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("user").order_by("user__first_name", "user__last_name"),
                ),
                "overleg__themes",
                "organisations__themes",
            )
            .order_by("start", "end", "title")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = WeekFilter(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        meetings = list(filterset.qs)
        double_bookings = weekly.annotate_meetings(meetings)
        by_colleague = self.request.GET.get(LAYOUT_PARAM) == LAYOUT_COLLEAGUES
        today_week = weekly.IsoWeek.containing(timezone.localdate())
        context.update(
            week=self.week,
            this_week=today_week,
            is_this_week=self.week == today_week,
            filter=filterset,
            has_filters=any(self.request.GET.get(name) for name in filterset.filters),
            active_filters=filterset.active_filters(),
            by_colleague=by_colleague,
            meeting_count=len(meetings),
            double_bookings=double_bookings,
            days=weekly.days_of(self.week, meetings),
        )
        if by_colleague:
            colleagues = User.objects.colleagues()
            selected = filterset.selected_colleague_ids()
            if selected is not None:
                colleagues = colleagues.filter(pk__in=selected)
            context["rows"] = weekly.colleague_rows(self.week, meetings, list(colleagues))
        return context


class MeetingWeekPickView(View):
    """The week picker's target: turns `?week=2026-W48` into /week/2026-W48/, keeping filters."""

    def get(self, request, *args, **kwargs):
        params = request.GET.copy()
        text = params.pop("week", [""])[-1]
        try:
            week = weekly.IsoWeek.parse(text)
        except ValueError:
            messages.error(
                request,
                _("“%(text)s” is not a week we can show. Choose a week, or type it like 2026-W48.") % {"text": text},
            )
            week = weekly.IsoWeek.containing(timezone.localdate())
        query = params.urlencode()
        return redirect(week.url + (f"?{query}" if query else ""))


# ---------------------------------------------------------------------------------------------
# Calendars (.ics)
# ---------------------------------------------------------------------------------------------

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
    going = Attendance.objects.filter(meeting=OuterRef("pk"), user=user).exclude(status=AttendanceStatus.AFGEMELD)
    meetings = ical.with_calendar_data(
        Meeting.objects.filter(Exists(going), start__gte=timezone.now() - FEED_HISTORY).order_by("start")
    )
    # Calendar apps send their own Accept-Language (often English); the feed stays in the
    # office language, like the CRM itself.
    with translation.override(settings.LANGUAGE_CODE):
        calendar = ical.build_calendar(
            meetings,
            name=_("SWN meetings of %(name)s") % {"name": user},
            uid=f"swn-crm-feed-{user.pk}",
            absolute_url=request.build_absolute_uri,
            viewer=user,
        )
    response = ical.calendar_response(calendar, filename="swn-agenda.ics")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def overleg_calendar(request, pk):
    """All meetings of one overleg as an .ics file (login required, like every page)."""
    overleg = get_object_or_404(Overleg, pk=pk)
    meetings = ical.with_calendar_data(overleg.meetings.order_by("start"))
    calendar = ical.build_calendar(
        meetings,
        name=_("Overleg %(name)s") % {"name": overleg.name},
        uid=f"swn-crm-overleg-{overleg.pk}",
        absolute_url=request.build_absolute_uri,
    )
    return ical.calendar_response(calendar, filename=f"overleg-{overleg.pk}.ics", disposition="attachment")
