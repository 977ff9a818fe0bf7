"""Meetings: a meeting's page and history, planning, cancelling, the outcome, answering an
invitation, and the import and export of meetings with attendance."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, FormView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from core.access import PermissionRequiredMixin, PostOnlyMixin
from core.dataexchange_views import ExportView, ImportView
from core.history import HistoryFeed, HistorySource, ObjectHistoryView, history_context
from core.ids import parse_id
from meetings import week as weekly
from meetings.choices import AttendanceRole, AttendanceStatus, MeetingStatus
from meetings.filters import MeetingFilterSet
from meetings.forms import MeetingForm, OutcomeForm, seat_formset
from meetings.models import Attendance, Meeting, Overleg
from meetings.resources import MeetingResource
from meetings.services import (
    cancel_meeting,
    record_outcome,
    respond_to_meeting,
    save_meeting,
)
from stakeholders.models import ContactPerson


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


def meeting_history(meeting):
    """The meeting's own changes and those of its colleagues' attendance."""
    return HistoryFeed(
        [
            HistorySource(Meeting.history.filter(id=meeting.pk)),
            HistorySource(Attendance.history.filter(meeting_id=meeting.pk), title_field="user"),
        ]
    )


class MeetingHistoryView(ObjectHistoryView):
    """/meetings/<pk>/history/: every recorded change of the meeting and its attendance."""

    model = Meeting
    history_scope = gettext_lazy("The meeting and its colleagues' attendance.")

    def history_feed(self):
        return meeting_history(self.object)

    def get_back_url(self):
        return reverse("meetings:meeting_detail", args=[self.object.pk])


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
