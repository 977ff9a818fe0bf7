"""Overleggen: the list, an overleg's page and history, planning it, and its import and export."""

import dataclasses

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, DetailView, UpdateView

from core.access import PermissionRequiredMixin
from core.dataexchange_views import ExportView, ImportView
from core.filtering import FilteredListView
from core.history import HistoryFeed, HistorySource, ObjectHistoryView, history_context
from meetings.filters import OverlegFilterSet
from meetings.forms import OverlegForm
from meetings.models import REVIEW_PERIOD, Attendance, Overleg
from meetings.resources import OverlegListResource, OverlegResource
from meetings.services import (
    save_overleg,
)
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.models import Theme


def _meetings_with_attendance(queryset):
    return queryset.select_related("overleg").prefetch_related(
        Prefetch("attendances", queryset=Attendance.objects.select_related("user").order_by("user__first_name"))
    )


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


class OverlegHistoryView(ObjectHistoryView):
    """/overleggen/<pk>/history/: every recorded change of the overleg."""

    model = Overleg

    def history_feed(self):
        return overleg_history(self.object)

    def get_back_url(self):
        return reverse("meetings:overleg_detail", args=[self.object.pk])


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


class OverlegExportView(ExportView):
    """/overleggen/export/: the overleggen of the list, as shown or with everything the import reads."""

    list_view = OverlegListView
    resources = {"list": OverlegListResource, "import": OverlegResource}
    filename = "overleggen"


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
