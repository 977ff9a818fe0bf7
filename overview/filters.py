"""The filters of the directory lists and of the relationship report (all state in the query string)."""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filtering import YES_NO, DatalistTextInput, ListFilterSet
from core.search import any_field_contains, matches_all_terms
from meetings.choices import OverlegKind
from relations.selectors import COLD_AFTER, without_recent_contact
from stakeholders.choices import Level, MembershipStatus, OrganisationKind, Province
from stakeholders.models import ContactPerson, Organisation, kind_label_order
from swn_crm.models import User
from themes.filters import theme_filter


class OrganisationFilterSet(ListFilterSet):
    """The stakeholder directory: who do we know, in which theme, and who owns the relationship."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, acronym, contact, place")}),
    )
    theme = theme_filter("themes")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("All kinds"))
    level = django_filters.ChoiceFilter(label=_("Level"), choices=Level.choices, empty_label=_("All levels"))
    province = django_filters.ChoiceFilter(
        label=_("Province"), choices=Province.choices, empty_label=_("All provinces")
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Relationship owner"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        empty_label=_("Everyone"),
    )
    member = django_filters.ChoiceFilter(
        label=_("Member"), choices=YES_NO, empty_label=_("All"), method="filter_member"
    )
    no_owner = django_filters.BooleanFilter(label=_("No owner"), method="filter_no_owner", widget=forms.CheckboxInput)
    no_recent_contact = django_filters.BooleanFilter(
        label=_("No contact for 6 months"), method="filter_no_recent_contact", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("name", _("Name (A-Z)")),
            ("-name", _("Name (Z-A)")),
            ("kind", _("Kind")),
            ("-last_contact", _("Last contact (most recent first)")),
            ("last_contact", _("Last contact (longest ago first)")),
        ],
        empty_label=None,
        method="sort_by",
    )

    class Meta:
        model = Organisation
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_member(self, queryset, name, value):
        # "Member" means a current (active) membership, as in Organisation.objects.current_members().
        members = Organisation.objects.current_members().values("pk")
        if value == "ja":
            return queryset.filter(pk__in=members)
        return queryset.exclude(pk__in=members)

    def filter_no_owner(self, queryset, name, value):
        return queryset.filter(owner__isnull=True) if value else queryset

    def filter_no_recent_contact(self, queryset, name, value):
        # Whole days, as on the dashboard: the list then changes at midnight, which its cache key holds.
        if not value:
            return queryset
        return without_recent_contact(queryset, since=Organisation.cold_since(COLD_AFTER.days))

    def sort_by(self, queryset, name, value):
        # Names break ties so that paging is stable; "never" sorts as the longest ago.
        orderings = {
            "name": ["name", "pk"],
            "-name": ["-name", "-pk"],
            "kind": [kind_label_order(), "name", "pk"],
            "-last_contact": [F("last_contact_at").desc(nulls_last=True), "name", "pk"],
            "last_contact": [F("last_contact_at").asc(nulls_first=True), "name", "pk"],
        }
        return queryset.order_by(*orderings.get(value, orderings["name"]))


class MemberFilterSet(ListFilterSet):
    """The member directory: which members, where, since when, and in which member committees."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, member number, contact")}),
    )
    province = django_filters.ChoiceFilter(
        label=_("Province"), choices=Province.choices, empty_label=_("All provinces")
    )
    municipality = django_filters.CharFilter(label=_("Municipality"), lookup_expr="iexact")
    status = django_filters.ChoiceFilter(
        label=_("Membership status"),
        field_name="membership__status",
        choices=MembershipStatus.choices,
        empty_label=_("All statuses"),
    )
    theme = theme_filter("themes")
    since_year = django_filters.NumberFilter(
        label=_("Member since (year)"),
        field_name="membership__since",
        lookup_expr="year",
        # A date's year: outside these, the year lookup cannot build its date range.
        min_value=1,
        max_value=9999,
        # A text box, not type=number: a browser empties a number box holding letters, and the
        # user should see what they typed next to the error.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 4, "placeholder": _("e.g. 2015")}),
    )
    since_from = django_filters.DateFilter(
        label=_("Member since, from"),
        field_name="membership__since",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    since_to = django_filters.DateFilter(
        label=_("Member since, up to"),
        field_name="membership__since",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    in_committee = django_filters.BooleanFilter(
        label=_("In a member committee"), method="filter_in_committee", widget=forms.CheckboxInput
    )

    class Meta:
        model = Organisation
        fields = []

    def __init__(self, *args, municipalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["municipality"].extra["widget"] = DatalistTextInput(suggestions=municipalities)

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_in_committee(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            Exists(
                Organisation.overleggen.through.objects.filter(
                    organisation=OuterRef("pk"), overleg__kind=OverlegKind.LEDENCOMMISSIE, overleg__is_active=True
                )
            )
        )


class ContactFilterSet(ListFilterSet):
    """The contact persons: find someone by name, organisation, job title or theme."""

    wide_fields = ("q", "organisation")

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, e-mail, job title")}),
    )
    organisation = django_filters.CharFilter(label=_("Organisation"), method="filter_organisation")
    job_title = django_filters.CharFilter(label=_("Job title"), lookup_expr="icontains")
    theme = theme_filter("themes")
    active = django_filters.ChoiceFilter(
        label=_("Active"), choices=YES_NO, empty_label=_("Active and inactive"), method="filter_active"
    )

    class Meta:
        model = ContactPerson
        fields = []

    def search(self, queryset, name, value):
        return queryset.search(value)

    def filter_organisation(self, queryset, name, value):
        fields = ("organisation__name", "organisation__acronym")
        return queryset.filter(matches_all_terms(value, lambda term: any_field_contains(fields, term)))

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "ja")


class RelationshipHealthFilterSet(ListFilterSet):
    """The relationship health report, for one theme or one owner."""

    submit_label = _("Show")

    theme = theme_filter("themes")
    owner = django_filters.ModelChoiceFilter(
        label=_("Relationship owner"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        empty_label=_("Everyone"),
    )

    class Meta:
        model = Organisation
        fields = []
