"""Logging, editing and deleting contact moments, recording them from a meeting, and Mijn acties."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, TemplateView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from core.access import PermissionRequiredMixin, PostOnlyMixin
from core.filtering import FilteredListView
from core.ids import parse_id
from meetings.choices import AttendanceStatus
from meetings.models import Attendance, Meeting
from relations.filters import FollowUpFilterSet
from relations.forms import ContactMomentForm, MeetingMomentForm, MeetingMomentsForm, wall_clock
from relations.models import ContactMoment
from relations.services import MeetingMomentRow, record_meeting_contact_moments, save_contact_moment
from stakeholders.models import ContactPerson, Organisation
from swn_crm.models import User
from themes.models import Theme


class ContactMomentAccessMixin(PermissionRequiredMixin):
    """An existing contact moment: its creator or an editor changes it (`ContactMoment.can_be_changed_by`)."""

    model = ContactMoment
    permission_required = ()  # the rule is about the object, below
    permission_denied_message = _("Only the colleague who logged this contact moment, or an editor, may change it.")

    def get_queryset(self):
        return ContactMoment.objects.select_related("organisation")

    def has_object_permission(self, moment):
        return moment.can_be_changed_by(self.request.user)


def _safe_next(request, default):
    """The `next` address from the form when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class ContactMomentFormMixin:
    form_class = ContactMomentForm
    template_name = "relations/contactmoment_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        try:
            moment = save_contact_moment(
                moment=form.save(commit=False),
                colleagues=form.cleaned_data["colleagues"],
                contacts=form.cleaned_data["contacts"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(moment.get_absolute_url())


class ContactMomentCreateView(PermissionRequiredMixin, ContactMomentFormMixin, CreateView):
    """/contact-moments/new/?organisation=<id>: log a call, e-mail, visit, encounter or note."""

    permission_required = "relations.add_contactmoment"
    success_message = gettext_lazy("The contact moment has been logged.")

    @cached_property
    def organisation(self):
        """The organisation in `?organisation=` (the form posts back to the same address); 404 without one."""
        return get_object_or_404(Organisation, pk=parse_id(self.request.GET.get("organisation")))

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ContactMoment(organisation=self.organisation, created_by=self.request.user)
        return kwargs


class ContactMomentUpdateView(ContactMomentAccessMixin, ContactMomentFormMixin, UpdateView):
    """/contact-moments/<pk>/edit/: its creator or an editor corrects a contact moment."""

    success_message = gettext_lazy("The contact moment has been saved.")

    @cached_property
    def organisation(self):
        return self.object.organisation


class ContactMomentDeleteView(ContactMomentAccessMixin, DeleteView):
    """/contact-moments/<pk>/delete/: ask first (GET), delete on POST."""

    template_name = "relations/contactmoment_confirm_delete.html"

    def get_success_url(self):
        return reverse("overview:organisation_detail", args=[self.object.organisation_id]) + "#timeline"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The contact moment has been deleted."))
        return response


class MeetingContactMomentsView(PermissionRequiredMixin, SingleObjectMixin, TemplateView):
    """/contact-moments/from-meeting/<pk>/: the outcome of a meeting as a contact moment per organisation at the table.

    One form: what all moments share (date, channel, colleagues present) and a row per
    organisation not recorded yet (summary prefilled from the outcome, its contact persons at
    the meeting, the overleg's theme). Saved all at once, or not at all. A fixed number of
    queries whatever the number of organisations.
    """

    permission_required = "relations.add_contactmoment"
    model = Meeting
    template_name = "relations/meeting_contact_moments.html"

    def get_queryset(self):
        return Meeting.objects.select_related("overleg").prefetch_related(
            "overleg__themes", Prefetch("attendances", queryset=Attendance.objects.select_related("user"))
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.object = self.get_object()
        if not self.object.can_record_outcome():
            messages.info(request, _("Contact moments are recorded once a meeting has taken place."))
            return redirect("meetings:meeting_detail", pk=self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def table(self):
        """The organisations at the table, split into those still to record and those already recorded."""
        meeting = self.object
        recorded = {
            moment.organisation_id: moment
            for moment in ContactMoment.objects.filter(meeting=meeting).select_related("created_by")
        }
        organisations = list(meeting.organisations.order_by("name"))
        contacts = {}
        for contact in ContactPerson.objects.filter(organisation__in=[o.pk for o in organisations]).order_by("name"):
            contacts.setdefault(contact.organisation_id, []).append(contact)
        at_meeting = set(meeting.contacts.values_list("pk", flat=True))
        to_record = [org for org in organisations if org.pk not in recorded]
        done = [(org, recorded[org.pk]) for org in organisations if org.pk in recorded]
        return {"to_record": to_record, "done": done, "contacts": contacts, "at_meeting": at_meeting}

    def colleagues(self):
        return list(User.objects.colleagues().order_by("first_name", "last_name"))

    def build_forms(self, data=None):
        meeting, table = self.object, self.table
        colleagues = self.colleagues()
        attendances = list(meeting.attendances.all())
        present = [a.user_id for a in attendances if a.status == AttendanceStatus.AANWEZIG] or [
            a.user_id for a in attendances if a.status != AttendanceStatus.AFGEMELD
        ]
        known = {u.pk for u in colleagues}
        colleagues += [a.user for a in attendances if a.user_id not in known]
        shared = MeetingMomentsForm(
            data,
            prefix="shared",
            colleagues=colleagues,
            initial={"happened_at": timezone.localdate(meeting.start), "colleagues": present},
        )
        themes = list(Theme.objects.order_by("order", "name"))
        overleg_themes = list(meeting.overleg.themes.all()) if meeting.overleg else []
        rows = []
        for organisation in table["to_record"]:
            contacts = table["contacts"].get(organisation.pk, [])
            rows.append(
                MeetingMomentForm(
                    data,
                    prefix=f"org-{organisation.pk}",
                    organisation=organisation,
                    contacts=contacts,
                    themes=themes,
                    colleagues=colleagues,
                    user=self.request.user,
                    initial={
                        "summary": meeting.outcome,
                        "contacts": [c.pk for c in contacts if c.pk in table["at_meeting"]],
                        "theme": overleg_themes[0].pk if overleg_themes else None,
                    },
                )
            )
        return shared, rows

    def get_context_data(self, **kwargs):
        if "shared" not in kwargs:
            kwargs["shared"], kwargs["rows"] = self.build_forms()
        return super().get_context_data(meeting=self.object, recorded=self.table["done"], **kwargs)

    def post(self, request, *args, **kwargs):
        shared, rows = self.build_forms(request.POST)
        # Validate every form, so all mistakes show at once.
        rows_valid = [row.is_valid() for row in rows]
        valid = shared.is_valid() and all(rows_valid)
        chosen = [row for row in rows if valid and row.cleaned_data.get("record")]
        if valid and rows and not chosen:
            shared.add_error(None, _("Tick at least one organisation to record a contact moment for."))
            valid = False
        if not valid:
            return self.render_to_response(self.get_context_data(shared=shared, rows=rows))
        start = timezone.localtime(self.object.start)
        same_day = shared.cleaned_data["happened_at"] == start.date()
        try:
            moments = record_meeting_contact_moments(
                meeting=self.object,
                happened_at=self.object.start if same_day else wall_clock(shared.cleaned_data["happened_at"]),
                time_known=same_day,
                channel=shared.cleaned_data["channel"],
                colleagues=shared.cleaned_data["colleagues"],
                rows=[
                    MeetingMomentRow(
                        organisation=row.organisation,
                        summary=row.cleaned_data["summary"],
                        contacts=list(row.cleaned_data["contacts"]),
                        theme=row.cleaned_data["theme"],
                        follow_up=row.cleaned_data["follow_up"],
                        follow_up_due=row.cleaned_data["follow_up_due"],
                        follow_up_assignee=row.cleaned_data["follow_up_assignee"],
                    )
                    for row in chosen
                ],
                created_by=request.user,
            )
        except ValidationError as error:
            shared.add_error(None, error)
            return self.render_to_response(self.get_context_data(shared=shared, rows=rows))
        messages.success(
            request,
            ngettext(
                "%(count)d contact moment recorded from this meeting.",
                "%(count)d contact moments recorded from this meeting.",
                len(moments),
            )
            % {"count": len(moments)},
        )
        return redirect("meetings:meeting_detail", pk=self.object.pk)


class FollowUpListView(FilteredListView):
    """/follow-ups/: the follow-ups assigned to me, overdue first, done with one click."""

    filterset_class = FollowUpFilterSet
    queryset = ContactMoment.objects.select_related("organisation", "theme", "follow_up_assignee", "created_by")
    template_name = "relations/follow_up_list.html"
    context_object_name = "follow_ups"

    def get_filterset(self, queryset):
        # Always bound: without any parameter the list still means "my open follow-ups".
        return self.filterset_class(self.request.GET, queryset=queryset, request=self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for moment in context["follow_ups"]:
            moment.days_overdue = moment.follow_up_days_overdue(today)
            moment.tickable = moment.can_follow_up_be_done_by(self.request.user)
        context.update(
            today=today,
            colleague=self.filterset.colleague_value,
            is_mine=self.filterset.colleague_value == self.request.user,
            status=self.filterset.status_value,
        )
        return context


class FollowUpToggleView(PermissionRequiredMixin, PostOnlyMixin, SingleObjectMixin, View):
    """Tick a follow-up off (or undo that) in one click: POST only, by its colleague, its creator or an editor."""

    permission_required = ()  # the rule is about the object, below
    permission_denied_message = _("Only the colleague of this follow-up, or an editor, may tick it off.")

    done = True

    def get_queryset(self):
        return ContactMoment.objects.with_follow_up().select_related("organisation")

    def has_object_permission(self, moment):
        return moment.can_follow_up_be_done_by(self.request.user)

    def post(self, request, *args, **kwargs):
        moment = self.get_object()
        back = _safe_next(request, reverse("relations:my_actions"))
        if self.done:
            moment.mark_follow_up_done()
            undo = format_html(
                '<form method="post" action="{}" class="d-inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="btn btn-link p-0 align-baseline">{}</button></form>',
                reverse("relations:follow_up_reopen", args=[moment.pk]),
                get_token(request),
                back,
                _("Undo"),
            )
            messages.success(request, format_html("{} {}", _("Done: “%(what)s”.") % {"what": moment.follow_up}, undo))
        else:
            moment.reopen_follow_up()
            messages.success(request, _("Open again: “%(what)s”.") % {"what": moment.follow_up})
        return redirect(back)
