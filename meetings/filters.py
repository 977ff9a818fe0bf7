"""The filters of the week page, the overleg list and the review list (all state in the query string)."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from core.filtering import ListFilterSet
from core.search import any_field_contains, matches_all_terms
from meetings.choices import AttendanceStatus, OverlegKind
from meetings.models import Attendance, Meeting, Overleg
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.models import Theme

# ---------------------------------------------------------------------------------------------
# Weekly overview (/week/)
# ---------------------------------------------------------------------------------------------

# The "kind" filter also offers meetings that belong to no overleg (visits, lunches).
NO_OVERLEG = "zonder-overleg"


class MeetingFilterSet(ListFilterSet):
    """Filters of the weekly overview: colleague, theme, kind of overleg, only mine, free text.

    The week itself lives in the URL path. The template adds the <form> around the fields, with the
    layout toggle's state and its own buttons, so the form here is only the row of fields.

    "Attending" means on the list and not declined, in every filter here and in the feeds.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    colleague = django_filters.ModelChoiceFilter(
        label=_("Colleague"),
        queryset=User.objects.colleagues(),
        to_field_name="username",
        method="filter_colleague",
        empty_label=_("All colleagues"),
    )
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=Theme.objects.all(),
        to_field_name="slug",
        method="filter_theme",
        empty_label=_("All themes"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of overleg"),
        choices=[*OverlegKind.choices, (NO_OVERLEG, _("No overleg (meeting on its own)"))],
        method="filter_kind",
        empty_label=_("All kinds"),
    )
    mine = django_filters.BooleanFilter(label=_("Only my meetings"), widget=forms.CheckboxInput, method="filter_mine")

    class Meta:
        model = Meeting
        fields = []

    def build_helper(self, form):
        helper = FormHelper(form)
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Row(
                Column("q", css_class="col-12 col-md-6 col-xl"),
                Column("colleague", css_class="col-12 col-md-6 col-xl"),
                Column("theme", css_class="col-12 col-md-6 col-xl"),
                Column("kind", css_class="col-12 col-md-6 col-xl"),
                Column("mine", css_class="col-12 col-md-6 col-xl-auto week-filter-check"),
                css_class="g-2 align-items-end",
            )
        )
        return helper

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        at_table = Meeting.organisations.through.objects.filter(meeting=OuterRef("pk")).filter(
            Q(organisation__name__icontains=value) | Q(organisation__acronym__icontains=value)
        )
        return queryset.filter(
            Q(title__icontains=value)
            | Q(overleg__name__icontains=value)
            | Q(location__icontains=value)
            | Exists(at_table)
        )

    @staticmethod
    def _attended_by(queryset, user):
        going = Attendance.objects.filter(meeting=OuterRef("pk"), user=user).exclude(status=AttendanceStatus.AFGEMELD)
        return queryset.filter(Exists(going))

    def filter_colleague(self, queryset, name, value):
        return self._attended_by(queryset, value) if value else queryset

    def filter_mine(self, queryset, name, value):
        return self._attended_by(queryset, self.request.user) if value else queryset

    def filter_theme(self, queryset, name, value):
        if not value:
            return queryset
        overleg_theme = Overleg.themes.through.objects.filter(overleg=OuterRef("overleg_id"), theme=value)
        org_theme = Meeting.organisations.through.objects.filter(meeting=OuterRef("pk"), organisation__themes=value)
        return queryset.filter(
            Q(Exists(overleg_theme), overleg__isnull=False) | Q(Exists(org_theme), overleg__isnull=True)
        )

    def filter_kind(self, queryset, name, value):
        if value == NO_OVERLEG:
            return queryset.filter(overleg__isnull=True)
        return queryset.filter(overleg__kind=value) if value else queryset

    def _cleaned(self):
        """The valid filter values; invalid ones are left out, so they narrow nothing."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    def active_filters(self):
        """(label, value) for each filter in use, to say on paper what the printout shows."""
        shown = []
        for name, value in self._cleaned().items():
            if value in (None, "", False):
                continue
            field = self.form.fields[name]
            if name == "kind":
                value = dict(field.choices).get(value, value)
            elif value is True:
                value = _("yes")
            shown.append((field.label, str(value)))
        return shown

    def selected_colleague_ids(self):
        """The colleagues the filters narrow the overview to, or None for everyone."""
        data = self._cleaned()
        ids = None
        if data.get("colleague"):
            ids = {data["colleague"].pk}
        if data.get("mine"):
            mine = {self.request.user.pk}
            ids = mine if ids is None else ids & mine
        return ids


SWN_ITSELF = "swn"


class OverlegFilterSet(ListFilterSet):
    """The filters of /overleggen/; their state lives in the query string."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.order_by("order", "name"),
        empty_label=_("All"),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OverlegKind.choices, empty_label=_("All"))
    organiser = django_filters.ModelChoiceFilter(
        label=_("Organiser"),
        queryset=Organisation.objects.filter(organised_overleggen__isnull=False).distinct().order_by("name"),
        empty_label=_("All"),
        null_label=_("Sociaal Werk Nederland"),
        null_value=SWN_ITSELF,
    )
    delegate = django_filters.ModelChoiceFilter(
        label=_("SWN delegate"), field_name="delegates", queryset=User.objects.colleagues(), empty_label=_("All")
    )
    active = django_filters.BooleanFilter(
        label=_("Active"),
        field_name="is_active",
        widget=forms.Select(choices=[("", _("All")), ("true", _("Active")), ("false", _("Not active"))]),
    )

    class Meta:
        model = Overleg
        fields = ["q", "theme", "kind", "organiser", "delegate", "active"]

    def search(self, queryset, name, value):
        """Free text in the name, the purpose and the organiser's name or acronym."""
        fields = ("name", "purpose", "organiser__name", "organiser__acronym")
        return queryset.filter(matches_all_terms(value, lambda term: any_field_contains(fields, term)))


# ---------------------------------------------------------------------------------------------
# Value reviews (/reviews/)
# ---------------------------------------------------------------------------------------------


class ReviewFilterSet(ListFilterSet):
    """The overleggen on /reviews/: by name, kind (member committees among them) and theme.

    Narrows both lists on the page: the overleggen due for review and the past decisions.
    """

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name of the overleg or organiser")}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=OverlegKind.choices, empty_label=_("All kinds"))
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.order_by("order", "name"),
        empty_label=_("All themes"),
        distinct=True,
    )

    class Meta:
        model = Overleg
        fields = []

    def search(self, queryset, name, value):
        fields = ("name", "organiser__name", "organiser__acronym")
        return queryset.filter(matches_all_terms(value, lambda term: any_field_contains(fields, term)))
