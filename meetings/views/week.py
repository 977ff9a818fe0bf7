"""The weekly overview (/week/, /week/2026-W48/): who from SWN is where, per day or per colleague."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from meetings import week as weekly
from meetings.filters import MeetingFilterSet
from meetings.models import Attendance, Meeting
from swn_crm.models import User

LAYOUT_PARAM = "layout"
LAYOUT_COLLEAGUES = "colleague"


# The per-day layout shows this many meetings a day; `?all=1` shows them all.
MEETINGS_SHOWN_PER_DAY = 20
SHOW_ALL_PARAM = "all"


class MeetingWeekView(TemplateView):
    """Who from SWN is where, Monday to Sunday: per day, or per colleague (`?layout=colleague`)."""

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
        filterset = MeetingFilterSet(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        by_colleague = self.request.GET.get(LAYOUT_PARAM) == LAYOUT_COLLEAGUES
        show_all = self.request.GET.get(SHOW_ALL_PARAM) == "1"
        params = self.request.GET.copy()
        params[SHOW_ALL_PARAM] = "1"
        today = timezone.localdate()
        today_week = weekly.IsoWeek.containing(today)
        context.update(
            week=self.week,
            this_week=today_week,
            is_this_week=self.week == today_week,
            filter=filterset,
            has_filters=filterset.is_filtered,
            by_colleague=by_colleague,
            board=WeekBoard(
                week=self.week,
                filterset=filterset,
                by_colleague=by_colleague,
                day_limit=None if show_all else MEETINGS_SHOWN_PER_DAY,
            ),
            show_all_url=f"?{params.urlencode()}",
        )
        return context


URL_PLACEHOLDER = 987654321


class WeekBoard:
    """What the week page shows, computed on first use."""

    def __init__(self, *, week, filterset, by_colleague, day_limit=None):
        self.week, self.filterset, self.by_colleague = week, filterset, by_colleague
        self.day_limit = day_limit

    @cached_property
    def meetings(self):
        meetings = list(self.filterset.qs)
        # One reverse() for the page instead of a {% url %} per meeting.
        pattern = reverse("meetings:meeting_detail", args=[URL_PLACEHOLDER])
        for meeting in meetings:
            meeting.detail_url = pattern.replace(str(URL_PLACEHOLDER), str(meeting.pk))
        return meetings

    @cached_property
    def double_bookings(self):
        return weekly.annotate_meetings(self.meetings)

    @cached_property
    def days(self):
        self.double_bookings  # noqa: B018 - marks the meetings first
        return weekly.days_of(self.week, self.meetings, limit=self.day_limit)

    @cached_property
    def meeting_count(self):
        return len(self.meetings)

    @cached_property
    def active_filters(self):
        return self.filterset.active_filters()

    @cached_property
    def rows(self):
        if not self.by_colleague:
            return None
        self.double_bookings  # noqa: B018
        colleagues = User.objects.colleagues()
        selected = self.filterset.selected_colleague_ids()
        if selected is not None:
            colleagues = colleagues.filter(pk__in=selected)
        return weekly.colleague_rows(self.week, self.meetings, list(colleagues))


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
