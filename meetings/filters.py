import django_filters
from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from meetings.choices import OverlegKind
from meetings.models import Overleg
from stakeholders.models import Organisation
from swn_crm.models import User
from themes.models import Theme

SWN_ITSELF = "swn"


class OverlegFilterSet(django_filters.FilterSet):
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
        for word in value.split():
            queryset = queryset.filter(
                Q(name__icontains=word)
                | Q(purpose__icontains=word)
                | Q(organiser__name__icontains=word)
                | Q(organiser__acronym__icontains=word)
            )
        return queryset

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.form_tag = True
            form.helper.disable_csrf = True
            form.helper.layout = Layout(
                Row(
                    Column("q", css_class="col-12 col-md-4"),
                    Column("theme", css_class="col-6 col-md-4"),
                    Column("kind", css_class="col-6 col-md-4"),
                ),
                Row(
                    Column("organiser", css_class="col-6 col-md-4"),
                    Column("delegate", css_class="col-6 col-md-4"),
                    Column("active", css_class="col-6 col-md-2"),
                    Column(
                        StrictButton(_("Filter"), type="submit", css_class="btn-swn w-100 filter-button"),
                        css_class="col-6 col-md-2 d-flex align-items-end mb-3",
                    ),
                ),
            )
        return form
