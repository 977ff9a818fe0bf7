"""The pages of overleggen and meetings: the week, the calendars, planning, answering, reviews."""

import dataclasses
import datetime
import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_safe
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from core.access import PermissionRequiredMixin, PostOnlyMixin
from core.dataexchange_views import ExportView, ImportView
from core.filtering import FilteredListView
from core.history import HistoryFeed, HistorySource, ObjectHistoryView, history_context
from core.ids import parse_id
from meetings import calendar as ical
from meetings import week as weekly
from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus, ReviewDecision
from meetings.filters import MeetingFilterSet, OverlegFilterSet, ReviewFilterSet
from meetings.forms import MeetingForm, OutcomeForm, OverlegForm, OverlegReviewForm, seat_formset
from meetings.models import REVIEW_PERIOD, Attendance, CalendarToken, Meeting, Overleg, OverlegReview
from meetings.resources import MeetingResource, OverlegListResource, OverlegResource
from meetings.reviews import due_reviews
from meetings.services import (
    cancel_meeting,
    record_outcome,
    record_review,
    respond_to_meeting,
    save_meeting,
    save_overleg,
    time_spent_before,
)
from stakeholders.models import ContactPerson, Organisation
from swn_crm.models import User
from themes.models import Theme

# ---------------------------------------------------------------------------------------------
# Dashboard (/)
# ---------------------------------------------------------------------------------------------


# ---------------------------------------------------------------------------------------------
# Weekly overview (/week/, /week/2026-W48/)
# ---------------------------------------------------------------------------------------------

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


# -- Overleggen and meetings -------------------------------------------------------------------


def _meetings_with_attendance(queryset):
    return queryset.select_related("overleg").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("user").order_by("user__first_name"))
    )


def _warn_about_clashes(request, meeting):
    """The double bookings of the meeting's colleagues, as one warning message with links."""
    clashes = list(Attendance.objects.clashing_with(meeting))
    if not clashes:
        return
    items = format_html_join(
        "",
        '<li>{} <a href="{}">{}</a> ({})</li>',
        (
            (
                _("%(name)s is also booked for") % {"name": clash.user},
                reverse("meetings:meeting_detail", args=[clash.meeting.pk]),
                clash.meeting.title,
                _when(clash.meeting),
            )
            for clash in clashes
        ),
    )
    messages.warning(
        request, format_html('{}<ul class="mb-0">{}</ul>', _("Saved, but note the double bookings:"), items)
    )


def _when(meeting):
    start, end = timezone.localtime(meeting.start), timezone.localtime(meeting.end)
    return f"{date_format(start, 'D j F Y')}, {start:%H:%M}–{end:%H:%M}"


class OverlegListView(FilteredListView):
    """/overleggen/: every overleg with its rhythm, next meeting and delegates, filtered."""

    filterset_class = OverlegFilterSet
    template_name = "meetings/overleg_list.html"
    paginate_by = 25
    export_url_name = "meetings:overleg_export"
    import_url_name = "meetings:overleg_import"
    import_permission = "meetings.change_overleg"

    def get_base_queryset(self):
        # The next meeting holds "now", so it is added per request, not once at import.
        return (
            Overleg.objects.select_related("organiser")
            .prefetch_related(
                Prefetch("delegates", queryset=User.objects.order_by("first_name", "last_name")),
                Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            )
            .with_next_meeting()
            .order_by("name", "pk")
        )


class OverlegDetailView(DetailView):
    """/overleggen/<pk>/: what the overleg is for, who sits at it, its meetings and what it cost SWN."""

    model = Overleg
    template_name = "meetings/overleg_detail.html"
    shown_meetings = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context.update(self.page_context(now))
        return context

    def page_context(self, now):
        """What the page shows below its title."""
        overleg = (
            Overleg.objects.select_related("organiser")
            .prefetch_related(
                Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
                Prefetch("organisations", queryset=Organisation.objects.order_by("name")),
                Prefetch("delegates", queryset=User.objects.order_by("first_name", "last_name")),
            )
            .with_time_spent(since=now - REVIEW_PERIOD, until=now)
            .get(pk=self.object.pk)
        )
        meetings = overleg.meetings.all()
        upcoming = meetings.filter(end__gt=now).order_by("start", "pk")
        past = meetings.filter(end__lte=now).order_by("-start", "-pk")
        reviews = list(overleg.reviews.select_related("reviewer").order_by("-reviewed_on", "-pk"))
        latest = reviews[0] if reviews else None
        return {
            "overleg": overleg,
            "object": overleg,
            "upcoming": _meetings_with_attendance(upcoming[: self.shown_meetings]),
            "upcoming_count": upcoming.count(),
            "past": _meetings_with_attendance(past[: self.shown_meetings]),
            "past_count": past.count(),
            "shown_meetings": self.shown_meetings,
            "reviews": reviews,
            "latest_review": latest,
            "review_due": overleg.is_due_for_review(
                last_reviewed_on=latest and latest.reviewed_on, today=timezone.localdate(now)
            ),
            **history_context(overleg_history(overleg), url=reverse("meetings:overleg_history", args=[overleg.pk])),
        }


def overleg_history(overleg):
    return HistoryFeed([HistorySource(Overleg.history.filter(id=overleg.pk))])


def meeting_history(meeting):
    """The meeting's own changes and those of its colleagues' attendance."""
    return HistoryFeed(
        [
            HistorySource(Meeting.history.filter(id=meeting.pk)),
            HistorySource(Attendance.history.filter(meeting_id=meeting.pk), title_field="user"),
        ]
    )


class OverlegHistoryView(ObjectHistoryView):
    """/overleggen/<pk>/history/: every recorded change of the overleg."""

    model = Overleg

    def history_feed(self):
        return overleg_history(self.object)

    def get_back_url(self):
        return reverse("meetings:overleg_detail", args=[self.object.pk])


class MeetingHistoryView(ObjectHistoryView):
    """/meetings/<pk>/history/: every recorded change of the meeting and its attendance."""

    model = Meeting
    history_scope = gettext_lazy("The meeting and its colleagues' attendance.")

    def history_feed(self):
        return meeting_history(self.object)

    def get_back_url(self):
        return reverse("meetings:meeting_detail", args=[self.object.pk])


class OverlegFormMixin(PermissionRequiredMixin):
    model = Overleg
    form_class = OverlegForm
    template_name = "meetings/overleg_form.html"

    def form_valid(self, form):
        overleg = form.save(commit=False)
        result = save_overleg(
            overleg=overleg,
            themes=form.cleaned_data["themes"],
            organisations=form.cleaned_data["organisations"],
            delegates=form.cleaned_data["delegates"],
        )
        self.object = overleg
        messages.success(self.request, _("The overleg has been saved."))
        if result.changed:
            messages.info(
                self.request,
                _(
                    "Meetings from the rhythm: %(created)d planned, %(moved)d moved, %(updated)d updated, "
                    "%(removed)d removed. Meetings that were changed by hand or cancelled were left alone."
                )
                % dataclasses.asdict(result),
            )
        return redirect("meetings:overleg_detail", pk=overleg.pk)


class OverlegCreateView(OverlegFormMixin, CreateView):
    permission_required = "meetings.add_overleg"


class OverlegUpdateView(OverlegFormMixin, UpdateView):
    permission_required = "meetings.change_overleg"


class MeetingDetailView(DetailView):
    """/meetings/<pk>/: when and where, who goes, who is at the table, and a briefing from earlier meetings."""

    model = Meeting
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(self.page_context())
        return context

    def page_context(self):
        """What the page shows below its title."""
        meeting = (
            Meeting.objects.select_related("overleg", "overleg__organiser")
            .prefetch_related(
                Prefetch(
                    "attendances",
                    queryset=Attendance.objects.select_related("user").order_by("user__first_name", "user__last_name"),
                ),
                Prefetch("contacts", queryset=ContactPerson.objects.order_by("name")),
            )
            .get(pk=self.object.pk)
        )
        my_attendance = next((a for a in meeting.attendances.all() if a.user_id == self.request.user.pk), None)
        return {
            "meeting": meeting,
            "object": meeting,
            "my_attendance": my_attendance,
            "at_the_table": self._at_the_table(meeting),
            "clashes": list(Attendance.objects.clashing_with(meeting)),
            **history_context(meeting_history(meeting), url=reverse("meetings:meeting_history", args=[meeting.pk])),
        }

    def _at_the_table(self, meeting):
        """Each organisation at the table with its contact persons and the last earlier held meeting with it.

        Four queries whatever the number of organisations, none included: the organisations
        annotated with the id of their last meeting, then those meetings, and their colleagues
        present (both selected by a subquery, so they run even when there are none).
        """
        earlier = (
            Meeting.objects.filter(organisations=OuterRef("pk"), status=MeetingStatus.GEHOUDEN, start__lt=meeting.start)
            .exclude(pk=meeting.pk)
            .order_by("-start", "-pk")
        )
        at_table = meeting.organisations.annotate(last_meeting_id=Subquery(earlier.values("pk")[:1]))
        organisations = list(at_table.order_by("name"))
        last_ids = at_table.values("last_meeting_id")
        present = {}
        for attendance in (
            Attendance.objects.filter(meeting__in=last_ids, status=AttendanceStatus.AANWEZIG)
            .select_related("user")
            .order_by("user__first_name")
        ):
            present.setdefault(attendance.meeting_id, []).append(attendance)
        last_meetings = list(Meeting.objects.filter(pk__in=last_ids))
        for last in last_meetings:
            last.present = present.get(last.pk, [])
        last_by_id = {last.pk: last for last in last_meetings}
        contacts_by_org = {}
        for contact in meeting.contacts.all():
            contacts_by_org.setdefault(contact.organisation_id, []).append(contact)
        rows = [
            {
                "organisation": org,
                "contacts": contacts_by_org.pop(org.pk, []),
                "last_meeting": last_by_id.get(org.last_meeting_id),
            }
            for org in organisations
        ]
        # Contact persons whose organisation is not listed at the table still show up.
        others = [contact for contacts in contacts_by_org.values() for contact in contacts]
        return {"rows": rows, "other_contacts": others}


class MeetingFormMixin(PermissionRequiredMixin):
    model = Meeting
    form_class = MeetingForm
    template_name = "meetings/meeting_form.html"

    def get_seats(self):
        return [
            {"user": a.user, "role": a.role, "status": a.status}
            for a in self.object.attendances.select_related("user").order_by("user__first_name")
        ]

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return seat_formset(data=data, seats=self.get_seats())

    def get_context_data(self, **kwargs):
        kwargs.setdefault("seats", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form, seats = self.get_form(), self.get_formset()
        if not (form.is_valid() and seats.is_valid()):
            return self.render_to_response(self.get_context_data(form=form, seats=seats))
        try:
            meeting = save_meeting(
                meeting=form.save(commit=False),
                organisations=form.cleaned_data["organisations"],
                contacts=form.cleaned_data["contacts"],
                seats=seats.seats(),
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.render_to_response(self.get_context_data(form=form, seats=seats))
        messages.success(request, _("The meeting has been saved."))
        _warn_about_clashes(request, meeting)
        return redirect("meetings:meeting_detail", pk=meeting.pk)


class MeetingCreateView(MeetingFormMixin, CreateView):
    """/meetings/new/, with `?overleg=<id>` to start from an overleg's usual times, place and people."""

    permission_required = "meetings.add_meeting"

    def get_object(self):
        return None

    @cached_property
    def overleg(self):
        """The overleg in `?overleg=`, or None when it is missing, not a number or unknown."""
        overleg_id = parse_id(self.request.GET.get("overleg"))
        if overleg_id is None:
            return None
        return Overleg.objects.prefetch_related("organisations", "delegates").filter(pk=overleg_id).first()

    def get_initial(self):
        overleg = self.overleg
        if overleg is None:
            return {}
        return {
            "overleg": overleg,
            "title": overleg.name,
            "start_time": overleg.start_time,
            "end_time": overleg.end_time,
            "location": overleg.location,
            "online_url": overleg.online_url,
            "organisations": list(overleg.organisations.all()),
        }

    def get_seats(self):
        overleg = self.overleg if self.request.method == "GET" else None
        if overleg is None:
            return []
        return [
            {"user": user, "role": AttendanceRole.DEELNEMER, "status": AttendanceStatus.UITGENODIGD}
            for user in overleg.delegates.all()
        ]


class MeetingUpdateView(MeetingFormMixin, UpdateView):
    permission_required = "meetings.change_meeting"


class MeetingCancelView(PermissionRequiredMixin, PostOnlyMixin, SingleObjectMixin, View):
    """Cancel a meeting: kept in the history, shown struck through."""

    model = Meeting
    permission_required = "meetings.change_meeting"

    def post(self, request, *args, **kwargs):
        meeting = self.get_object()
        try:
            cancel_meeting(meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The meeting has been cancelled. It stays in the history."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)


class MeetingOutcomeView(PermissionRequiredMixin, SingleObjectMixin, FormView):
    """After the meeting: record what came out of it and who was there."""

    model = Meeting
    permission_required = "meetings.change_meeting"
    form_class = OutcomeForm
    template_name = "meetings/meeting_outcome.html"

    def dispatch(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "meeting": self.object}

    def form_valid(self, form):
        try:
            record_outcome(
                meeting=self.object, outcome=form.cleaned_data["outcome"], present=form.cleaned_data["present"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The outcome has been recorded; the meeting is marked as held."))
        return redirect("meetings:meeting_detail", pk=self.object.pk)


class AttendanceRespondView(PostOnlyMixin, SingleObjectMixin, View):
    """Any colleague confirms or declines their own place at a meeting, in one click."""

    model = Meeting

    def post(self, request, *args, **kwargs):
        meeting = self.get_object()
        try:
            attendance = respond_to_meeting(meeting=meeting, user=request.user, status=request.POST.get("status"))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            if attendance.status == AttendanceStatus.BEVESTIGD:
                messages.success(request, _("You are going. Thank you for confirming."))
            else:
                messages.success(request, _("You are no longer going."))
        return redirect("meetings:meeting_detail", pk=meeting.pk)


# -- Import and export ---------------------------------------------------------------------------


class OverlegExportView(ExportView):
    """/overleggen/export/: the overleggen of the list, as shown or with everything the import reads."""

    list_view = OverlegListView
    resources = {"list": OverlegListResource, "import": OverlegResource}
    filename = "overleggen"


class MeetingExportView(ExportView):
    """/meetings/export/?overleg=<id> or ?week=2026-W48 (with the week page's filters): meetings with
    attendance, in the import format. No list page of its own: the week page and an overleg's page link here."""

    resources = {"import": MeetingResource}
    filename = "bijeenkomsten"

    def get_queryset(self):
        meetings = Meeting.objects.all()
        overleg_id = parse_id(self.request.GET.get("overleg"))
        if overleg_id is not None:
            meetings = meetings.filter(overleg_id=overleg_id)
        try:
            week = weekly.IsoWeek.parse(self.request.GET.get("week", ""))
        except ValueError:
            week = None
        if week is not None:
            meetings = meetings.between(*week.bounds())
        return MeetingFilterSet(self.request.GET or None, queryset=meetings, request=self.request).qs


class OverlegImportView(ImportView):
    resource_class = OverlegResource
    kind = "overleggen"
    permission_required = ["meetings.add_overleg", "meetings.change_overleg"]
    title = gettext_lazy("Import overleggen")
    intro = gettext_lazy(
        "Overleggen, one per row, found by name. Importing does not plan meetings; the rhythm plans them "
        "the next time the meetings are generated."
    )
    back_url_name = "meetings:overleg_list"
    export_url_name = "meetings:overleg_export"
    import_url_name = "meetings:overleg_import"


class MeetingImportView(ImportView):
    resource_class = MeetingResource
    kind = "meetings"
    permission_required = ["meetings.add_meeting", "meetings.change_meeting"]
    title = gettext_lazy("Import meetings")
    intro = gettext_lazy(
        "Meetings with the organisations at the table and the colleagues who go, one per row, found by their "
        "calendar UID (empty: a new meeting). Colleagues as user name:role:status, e.g. "
        "nienke:voorzitter:bevestigd; lex:deelnemer:uitgenodigd. Colleagues left out of that column are taken off."
    )
    back_url_name = "meetings:week"
    export_url_name = "meetings:meeting_export"
    import_url_name = "meetings:meeting_import"


# -- Yearly value review (/reviews/) -----------------------------------------------------------

PAST_DECISIONS_SHOWN = 30


class ReviewListView(FilteredListView):
    """/reviews/: overleggen due for their value review, most expensive per point of value first,
    and the decisions taken, with their rationale.

    Due: active, and never reviewed or last reviewed a year ago or longer. The ranking is in
    `meetings.reviews`. A fixed number of queries, whatever the number of overleggen.
    """

    filterset_class = ReviewFilterSet
    queryset = Overleg.objects.all()
    template_name = "meetings/review_list.html"
    context_object_name = "due"

    def get_queryset(self):
        self.overleggen = super().get_queryset()
        return due_reviews(self.overleggen)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        decisions = OverlegReview.objects.filter(overleg__in=self.overleggen.values("pk"))
        context.update(
            decisions=decisions.select_related("overleg", "reviewer").order_by("-reviewed_on", "-pk")[
                :PAST_DECISIONS_SHOWN
            ],
            decision_count=decisions.count(),
            decisions_shown=PAST_DECISIONS_SHOWN,
        )
        return context


class ReviewCreateView(PermissionRequiredMixin, SingleObjectMixin, FormView):
    """/overleggen/<pk>/reviews/new/: an editor records the yearly value review of an overleg.

    Shows the time cost of the last 12 months as it will be stored, and what "Stop" would
    change (future meetings, delegates) before the editor decides.
    """

    permission_required = "meetings.add_overlegreview"
    model = Overleg
    form_class = OverlegReviewForm
    template_name = "meetings/review_form.html"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.object.is_active:
            messages.info(request, _("This overleg is no longer active; it needs no value review."))
            return redirect("meetings:overleg_detail", pk=self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Overleg.objects.prefetch_related(
            Prefetch("delegates", queryset=User.objects.order_by("first_name", "last_name"))
        )

    def get_context_data(self, **kwargs):
        now = timezone.now()
        overleg = self.object
        held = Meeting.objects.filter(overleg=overleg, start__gte=now - REVIEW_PERIOD, start__lt=now).not_cancelled()
        return super().get_context_data(
            overleg=overleg,
            time_spent_hours=round(time_spent_before(overleg=overleg, now=now) / datetime.timedelta(hours=1), 1),
            meetings_held=held.count(),
            future_meetings=Meeting.objects.filter(overleg=overleg, start__gt=now).not_cancelled().count(),
            reviews=overleg.reviews.select_related("reviewer").order_by("-reviewed_on", "-pk")[:3],
            **kwargs,
        )

    def form_valid(self, form):
        review = record_review(
            overleg=self.object,
            added_value=form.cleaned_data["added_value"],
            yielded=form.cleaned_data["yielded"],
            decision=form.cleaned_data["decision"],
            rationale=form.cleaned_data["rationale"],
            reviewer=self.request.user,
        )
        if review.decision == ReviewDecision.STOPPEN:
            result = review.stop_result
            cancelled = ngettext(
                "%(count)d future meeting cancelled", "%(count)d future meetings cancelled", result.cancelled_meetings
            ) % {"count": result.cancelled_meetings}
            released = ngettext(
                "%(count)d delegate released", "%(count)d delegates released", result.released_delegates
            ) % {"count": result.released_delegates}
            messages.success(
                self.request,
                _(
                    "The review has been recorded and the overleg has stopped: %(cancelled)s, %(released)s. "
                    "Its history stays as it was."
                )
                % {"cancelled": cancelled, "released": released},
            )
        else:
            messages.success(self.request, _("The review has been recorded."))
        return redirect(reverse("meetings:overleg_detail", args=[self.object.pk]) + "#review")
