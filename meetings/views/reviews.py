"""The yearly value reviews of overleggen: the list of what is due and what was decided, and the form."""

import datetime

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from core.access import PermissionRequiredMixin
from core.filtering import FilteredListView
from meetings.choices import ReviewDecision
from meetings.filters import ReviewFilterSet
from meetings.forms import OverlegReviewForm
from meetings.models import REVIEW_PERIOD, Meeting, Overleg, OverlegReview
from meetings.reviews import due_reviews
from meetings.services import (
    record_review,
    time_spent_before,
)
from swn_crm.models import User

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
