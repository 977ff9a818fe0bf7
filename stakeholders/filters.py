"""The filters of the stakeholder, member and contact directories (all state in the query string)."""

import django_filters
from django import forms
from django.db.models import Case, Exists, F, OuterRef, Value, When
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from meetings.choices import OverlegKind
from stakeholders.choices import CoalitionKind, CoalitionStatus, Level, MembershipStatus, OrganisationKind, Province
from stakeholders.models import COLD_AFTER, Coalition, ContactMoment, ContactPerson, Organisation, kind_label_order
from swn_crm.filtering import ListFilterSet
from swn_crm.models import User
from swn_crm.search import any_field_contains, matches_all_terms
from themes.models import Theme

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]


class DatalistTextInput(forms.TextInput):
    """A text box that suggests values from a <datalist> but accepts anything typed (no JavaScript)."""

    def __init__(self, *args, suggestions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestions = suggestions

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id', 'id_' + name)}-suggestions"
        attrs["list"] = list_id
        options = format_html_join("", '<option value="{}"></option>', ((s,) for s in self.suggestions))
        return format_html(
            '{}<datalist id="{}">{}</datalist>', super().render(name, value, attrs, renderer), list_id, options
        )


class ThemeFilter(django_filters.ModelChoiceFilter):
    """Rows in the chosen theme, as a semi-join (`pk IN (...)`) rather than a join plus DISTINCT.

    DISTINCT over the whole row made PostgreSQL compute every annotation (the contact summary's
    subqueries) for every matching row before it could page or count: 2x slower at scale 10.
    """

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=qs.model._base_manager.filter(**{self.field_name: value}).values("pk"))


def _theme_filter(field_name):
    return ThemeFilter(
        field_name=field_name,
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )


class OrganisationFilter(ListFilterSet):
    """The stakeholder directory: who do we know, in which theme, and who owns the relationship."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, acronym, contact, place")}),
    )
    theme = _theme_filter("themes")
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
        return queryset.without_recent_contact(since=Organisation.cold_since(COLD_AFTER.days))

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


class MemberFilter(ListFilterSet):
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
    theme = _theme_filter("themes")
    since_year = django_filters.NumberFilter(
        label=_("Member since (year)"),
        field_name="membership__since",
        lookup_expr="year",
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


class ContactFilter(ListFilterSet):
    """The contact persons: find someone by name, organisation, job title or theme."""

    wide_fields = ("q", "organisation")

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, e-mail, job title")}),
    )
    organisation = django_filters.CharFilter(label=_("Organisation"), method="filter_organisation")
    job_title = django_filters.CharFilter(label=_("Job title"), lookup_expr="icontains")
    theme = _theme_filter("themes")
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


class CoalitionFilter(ListFilterSet):
    """The coalitions: by theme, kind, status, partner, and those running on a given day."""

    wide_fields = ("q", "partner")

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, description, partner")}),
    )
    theme = _theme_filter("themes")
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


FOLLOW_UP_OPEN, FOLLOW_UP_DONE, FOLLOW_UP_ALL = "open", "klaar", "alle"


class FollowUpFilter(ListFilterSet):
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
