"""The filter of Mijn acties: the follow-ups assigned to a colleague (state in the query string)."""

import django_filters
from django import forms
from django.db.models import Case, F, Value, When
from django.utils.translation import gettext_lazy as _

from core.filtering import ListFilterSet
from core.search import any_field_contains, matches_all_terms
from relations.models import ContactMoment
from swn_crm.models import User

FOLLOW_UP_OPEN, FOLLOW_UP_DONE, FOLLOW_UP_ALL = "open", "klaar", "alle"


class FollowUpFilterSet(ListFilterSet):
    """Mijn acties: the follow-ups of contact moments assigned to me (or to a chosen colleague).

    Without a colleague chosen it shows the user's own; without a status, the open ones. Open
    ones are in the order to do them: overdue first, then by due date, no date last; done ones
    most recently done first.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Follow-up, summary, organisation")}),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[(FOLLOW_UP_OPEN, _("Open")), (FOLLOW_UP_DONE, _("Done")), (FOLLOW_UP_ALL, _("Open and done"))],
        empty_label=None,
        method="filter_status",
    )
    colleague = django_filters.ModelChoiceFilter(
        label=_("Colleague"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        empty_label=_("Me"),
        method="filter_colleague",
    )

    class Meta:
        model = ContactMoment
        fields = []

    def search(self, queryset, name, value):
        fields = ("follow_up", "summary", "organisation__name", "organisation__acronym")
        return queryset.filter(matches_all_terms(value, lambda term: any_field_contains(fields, term)))

    def filter_status(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also handles the default

    def filter_colleague(self, queryset, name, value):
        return queryset  # applied in filter_queryset, which also handles the default

    def _valid(self, name):
        if not self.is_bound or name in self.form.errors:
            return None
        return self.form.cleaned_data.get(name)

    @property
    def status_value(self):
        return self._valid("status") or FOLLOW_UP_OPEN

    @property
    def colleague_value(self):
        return self._valid("colleague") or self.request.user

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset).with_follow_up().assigned_to(self.colleague_value)
        status = self.status_value
        if status == FOLLOW_UP_OPEN:
            return queryset.filter(follow_up_done_at__isnull=True).overdue_first()
        if status == FOLLOW_UP_DONE:
            return queryset.filter(follow_up_done_at__isnull=False).order_by("-follow_up_done_at", "-pk")
        open_first = Case(When(follow_up_done_at__isnull=True, then=Value(0)), default=Value(1))
        return queryset.order_by(
            open_first, F("follow_up_due").asc(nulls_last=True), F("follow_up_done_at").desc(), "pk"
        )

    @property
    def is_filtered(self):
        """True when the user narrowed the list beyond "my open follow-ups"."""
        return bool(self._valid("q")) or self.status_value != FOLLOW_UP_OPEN or self._valid("colleague") is not None
