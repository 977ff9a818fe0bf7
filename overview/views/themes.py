"""The themes, a theme's page, its stakeholder map and its network."""

from django import forms
from django.contrib import messages
from django.db.models import Count, F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView

from meetings.models import Attendance, Meeting, Overleg
from meetings.selectors import theme_meetings
from overview import field
from overview.selectors import UPCOMING_PERIOD, themes_with_counts
from relations.selectors import with_last_contact
from stakeholders.models import Organisation, kind_label_order
from swn_crm.models import User
from themes.models import Theme


class ThemeListView(ListView):
    """/themes/: every theme with its lead and what is in it, in one query for the counts."""

    template_name = "overview/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        return themes_with_counts(Theme.objects.select_related("lead"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(upcoming_days=UPCOMING_PERIOD.days, **kwargs)


# The theme page lists this many stakeholders of each kind; "show all" opens the stakeholder list.
STAKEHOLDERS_SHOWN_PER_KIND = 12


def stakeholders_by_kind(organisations, *, shown=STAKEHOLDERS_SHOWN_PER_KIND):
    """[{kind, label, count, organisations}]: the first `shown` of each kind by name, with how many
    there are of that kind, in kind order. One query, however many organisations there are."""
    ranked = organisations.annotate(
        rank=Window(RowNumber(), partition_by=F("kind"), order_by=(F("name").asc(), F("pk").asc())),
        kind_count=Window(Count("pk"), partition_by=F("kind")),
    )
    groups = []
    shown_rows = ranked.filter(rank__lte=shown).select_related("owner").order_by(kind_label_order(), "name", "pk")
    for organisation in shown_rows:
        if not groups or groups[-1]["kind"] != organisation.kind:
            groups.append(
                {
                    "kind": organisation.kind,
                    "label": organisation.get_kind_display(),
                    "count": organisation.kind_count,
                    "organisations": [],
                }
            )
        groups[-1]["organisations"].append(organisation)
    return groups


class ThemeDetailView(DetailView):
    """/themes/<slug>/: the lead and colleagues, stakeholders by kind, overleggen and meetings to come."""

    template_name = "overview/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        # No counts here: the page lists what it counts (the overview has the counts).
        return Theme.objects.select_related("lead")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        now = timezone.now()
        meeting_ids = theme_meetings(theme).between(now, now + UPCOMING_PERIOD).values("pk")
        kinds = stakeholders_by_kind(Organisation.objects.stakeholders().filter(themes=theme))
        context.update(
            colleagues=User.objects.colleagues().filter(themes=theme),
            stakeholder_kinds=kinds,
            stakeholder_count=sum(group["count"] for group in kinds),
            overleggen=(
                Overleg.objects.filter(themes=theme)
                .select_related("organiser")
                .prefetch_related("delegates")
                .order_by("-is_active", "name")
            ),
            upcoming_meetings=(
                Meeting.objects.filter(pk__in=meeting_ids)
                .select_related("overleg")
                .prefetch_related(
                    "organisations",
                    "contacts",
                    Prefetch(
                        "attendances",
                        queryset=Attendance.objects.select_related("user").order_by("user__first_name"),
                    ),
                )
                .order_by("start", "pk")
            ),
            upcoming_days=UPCOMING_PERIOD.days,
            dossiers=theme.dossiers.select_related("responsible").order_by("title"),
        )
        return context


class ThemeMapView(DetailView):
    """/themes/<slug>/map/: every stakeholder of the theme on the influence x interest grid, by health."""

    template_name = "overview/theme_map.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        stakeholders = (
            with_last_contact(Organisation.objects.stakeholders().filter(themes=self.object))
            .select_related("owner")
            .order_by("name", "pk")
        )
        return super().get_context_data(
            map=field.stakeholder_map(stakeholders, today=timezone.localdate()),
            bands=field.HEALTH_BANDS,
            **kwargs,
        )


class PeriodForm(forms.Form):
    """The period of the network: `?start=` and `?end=` dates, both included; the last 12 months by default."""

    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(
        label=_("Up to and including"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self, *, today):
        default = field.Period.last_year(today=today)
        if not self.is_valid():
            return default
        first = self.cleaned_data.get("start") or default.first
        last = self.cleaned_data.get("end") or default.last
        if last < first:
            self.add_error("end", _("The end of the period is before its start."))
            return default
        return field.Period(first=first, last=last)


class ThemeNetworkView(DetailView):
    """/themes/<slug>/network/: which organisations of the theme meet each other, in a chosen period."""

    template_name = "overview/theme_network.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        form = PeriodForm(self.request.GET or None)
        period = form.period(today=today)
        if form.is_bound and form.errors:
            messages.warning(self.request, _("The period could not be used; the last 12 months are shown."))
        return super().get_context_data(
            network=field.theme_network(self.object, period=period),
            period=period,
            period_form=form,
            **kwargs,
        )
