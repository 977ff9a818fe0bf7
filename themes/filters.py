"""The filters of the policy dossiers and of the relationship health report (all state in the query string)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from stakeholders.models import Organisation
from swn_crm.filtering import ListFilterSet
from swn_crm.models import User
from themes.choices import DossierStatus
from themes.models import PolicyDossier, Theme


def _theme_filter(field_name):
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
        distinct=True,
    )


class DossierFilter(ListFilterSet):
    """The policy dossiers: by theme, status and responsible colleague, or a word in them."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title, description, position")}),
    )
    theme = _theme_filter("theme")
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


class RelationshipHealthFilter(ListFilterSet):
    """The relationship health report, for one theme or one owner."""

    submit_label = _("Show")

    theme = _theme_filter("themes")
    owner = django_filters.ModelChoiceFilter(
        label=_("Relationship owner"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        empty_label=_("Everyone"),
    )

    class Meta:
        model = Organisation
        fields = []
