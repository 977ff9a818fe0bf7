"""The filters of the coalition and dossier lists (all state in the query string)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.filtering import ListFilterSet
from lobby.choices import CoalitionKind, CoalitionStatus, DossierStatus
from lobby.models import Coalition, PolicyDossier
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.filters import theme_filter


class CoalitionFilterSet(ListFilterSet):
    """The coalitions: by theme, kind, status, partner, and those running on a given day."""

    wide_fields = ("q", "partner")

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, description, partner")}),
    )
    theme = theme_filter("themes")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CoalitionKind.choices, empty_label=_("All kinds"))
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=CoalitionStatus.choices, empty_label=_("All statuses")
    )
    partner = django_filters.ModelChoiceFilter(
        label=_("Partner"),
        queryset=Organisation.objects.filter(coalition_partnerships__isnull=False).distinct().order_by("name"),
        method="filter_partner",
        empty_label=_("All partners"),
    )
    active_on = django_filters.DateFilter(
        label=_("Running on"),
        method="filter_active_on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    class Meta:
        model = Coalition
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_partner(self, queryset, name, value):
        return queryset.filter(partners__organisation=value).distinct() if value else queryset

    def filter_active_on(self, queryset, name, value):
        return queryset.active_on(value) if value else queryset


class DossierFilterSet(ListFilterSet):
    """The policy dossiers: by theme, status and responsible colleague, or a word in them."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, description, position")}),
    )
    theme = theme_filter("theme")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=DossierStatus.choices, empty_label=_("All statuses")
    )
    responsible = django_filters.ModelChoiceFilter(
        label=_("Responsible colleague"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        empty_label=_("Everyone"),
    )

    class Meta:
        model = PolicyDossier
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)
