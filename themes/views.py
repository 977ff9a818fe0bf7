"""The seven themes with their pages, policy dossiers, the pictures of the field, and the reports."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Count, Max, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, ListView, TemplateView, UpdateView

from meetings.models import Attendance, Meeting, Overleg
from stakeholders.models import Organisation, kind_label_order
from swn_crm.filtering import FilteredListView
from swn_crm.models import User
from themes import field
from themes.choices import Stance
from themes.filters import DossierFilter, RelationshipHealthFilter
from themes.forms import PolicyDossierForm, StakeholderPositionForm
from themes.models import UPCOMING_PERIOD, PolicyDossier, StakeholderPosition, Theme, theme_meetings


class ThemeListView(ListView):
    """/themes/: every theme with its lead and what is in it, in one query for the counts."""

    template_name = "themes/theme_list.html"
    context_object_name = "themes"

    def get_queryset(self):
        return Theme.objects.with_counts().select_related("lead")

    def get_context_data(self, **kwargs):
        return super().get_context_data(upcoming_days=UPCOMING_PERIOD.days, **kwargs)


class ThemeDetailView(DetailView):
    """/themes/<slug>/: the lead and colleagues, stakeholders by kind, overleggen and meetings to come."""

    template_name = "themes/theme_detail.html"
    context_object_name = "theme"

    def get_queryset(self):
        # No counts here: the page lists what it counts (the overview has the counts).
        return Theme.objects.select_related("lead")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        theme = self.object
        now = timezone.now()
        meeting_ids = theme_meetings(theme).between(now, now + UPCOMING_PERIOD).values("pk")
        context.update(
            colleagues=User.objects.colleagues().filter(themes=theme),
            stakeholders=(
                Organisation.objects.stakeholders()
                .filter(themes=theme)
                .select_related("owner")
                .order_by(kind_label_order(), "name")
            ),
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


# -- Policy dossiers -----------------------------------------------------------------------------


class DossierEditMixin(PermissionRequiredMixin):
    """Dossiers and positions are recorded by Redacteur and Beheerder (model permissions); others get 403."""

    raise_exception = True


class DossierListView(FilteredListView):
    """/dossiers/: the policy dossiers per theme, with their status and responsible colleague."""

    filterset_class = DossierFilter
    queryset = (
        PolicyDossier.objects.select_related("theme", "responsible")
        .annotate(
            organisation_count=Count("positions__organisation", distinct=True),
            last_assessed=Max("positions__assessed_on"),
        )
        .order_by("theme__order", "title", "pk")
    )
    template_name = "themes/dossier_list.html"
    context_object_name = "dossiers"


class DossierDetailView(DetailView):
    """/dossiers/<pk>/: SWN's position, the stakeholders' current positions by stance, and their history."""

    template_name = "themes/dossier_detail.html"
    context_object_name = "dossier"
    queryset = PolicyDossier.objects.select_related("theme", "responsible")

    def get_context_data(self, **kwargs):
        positions = list(
            self.object.positions.select_related("organisation", "assessed_by").order_by(
                "organisation__name", "organisation_id", "-assessed_on", "-pk"
            )
        )
        histories = {}
        for position in positions:
            histories.setdefault(position.organisation_id, []).append(position)
        current = []
        for history in histories.values():
            latest = history[0]
            latest.earlier = history[1:]
            current.append(latest)
        stances = [
            {"stance": value, "label": label, "positions": [p for p in current if p.stance == value]}
            for value, label in Stance.choices
        ]
        return super().get_context_data(stances=stances, current=current, **kwargs)


class DossierCreateView(DossierEditMixin, CreateView):
    permission_required = "themes.add_policydossier"
    model = PolicyDossier
    form_class = PolicyDossierForm
    template_name = "themes/dossier_form.html"

    def get_initial(self):
        theme = Theme.objects.filter(slug=self.request.GET.get("theme", "")).first()
        return {"theme": theme, "responsible": self.request.user if self.request.user.is_colleague else None}

    def form_valid(self, form):
        messages.success(self.request, _("The dossier has been saved."))
        return super().form_valid(form)


class DossierUpdateView(DossierEditMixin, UpdateView):
    permission_required = "themes.change_policydossier"
    model = PolicyDossier
    form_class = PolicyDossierForm
    template_name = "themes/dossier_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("The dossier has been saved."))
        return super().form_valid(form)


class PositionCreateView(DossierEditMixin, CreateView):
    """/dossiers/<pk>/standpunt/: record how an organisation stands on the dossier now (`?organisation=<id>`)."""

    permission_required = "themes.add_stakeholderposition"
    model = StakeholderPosition
    form_class = StakeholderPositionForm
    template_name = "themes/position_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.dossier = get_object_or_404(PolicyDossier.objects.select_related("theme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    def get_initial(self):
        organisation = self.request.GET.get("organisation", "")
        return {"organisation": int(organisation)} if organisation.isdigit() else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(dossier=self.dossier, **kwargs)

    def form_valid(self, form):
        position = form.save(commit=False)
        position.assessed_by = self.request.user
        position.full_clean()
        position.save()
        messages.success(
            self.request,
            _("The position of %(organisation)s has been recorded.") % {"organisation": position.organisation},
        )
        return redirect(self.dossier)


# -- Pictures of the field ----------------------------------------------------------------------------


class ThemeMapView(DetailView):
    """/themes/<slug>/map/: every stakeholder of the theme on the influence x interest grid, by health."""

    template_name = "themes/theme_map.html"
    context_object_name = "theme"
    queryset = Theme.objects.all()

    def get_context_data(self, **kwargs):
        stakeholders = (
            Organisation.objects.stakeholders()
            .filter(themes=self.object)
            .with_contact_summary()
            .select_related("owner")
            .order_by("name", "pk")
        )
        return super().get_context_data(
            map=field.stakeholder_map(stakeholders, today=timezone.localdate()),
            bands=field.HEALTH_BANDS,
            **kwargs,
        )


class PeriodForm(forms.Form):
    """The period of the network: `?van=` and `?tot=` dates, both included; the last 12 months by default."""

    van = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tot = forms.DateField(
        label=_("Up to and including"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def period(self, *, today):
        default = field.Period.last_year(today=today)
        if not self.is_valid():
            return default
        first = self.cleaned_data.get("van") or default.first
        last = self.cleaned_data.get("tot") or default.last
        if last < first:
            self.add_error("tot", _("The end of the period is before its start."))
            return default
        return field.Period(first=first, last=last)


class ThemeNetworkView(DetailView):
    """/themes/<slug>/netwerk/: which organisations of the theme meet each other, in a chosen period."""

    template_name = "themes/theme_network.html"
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


class ReportIndexView(TemplateView):
    """/rapporten/: the reports, and the map and network of each theme."""

    template_name = "themes/report_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(themes=Theme.objects.all(), **kwargs)


class RelationshipReportView(TemplateView):
    """/rapporten/relaties/: relationships without an owner or going cold, and whose they are."""

    template_name = "themes/report_relationships.html"

    def get_context_data(self, **kwargs):
        stakeholders = (
            Organisation.objects.stakeholders().with_contact_summary().select_related("owner").order_by("name", "pk")
        )
        filterset = RelationshipHealthFilter(self.request.GET or None, queryset=stakeholders, request=self.request)
        if filterset.is_bound and not filterset.is_valid():
            messages.warning(
                self.request, _("Some filter values are not valid and were ignored; see the marked fields.")
            )
        return super().get_context_data(
            filter=filterset,
            is_filtered=filterset.is_filtered,
            report=field.relationship_health(filterset.qs, today=timezone.localdate()),
            bands=field.HEALTH_BANDS,
            **kwargs,
        )


class StaffLoadReportView(TemplateView):
    """/rapporten/belasting/: hours in overleggen per colleague per month, and the costliest overleggen."""

    template_name = "themes/report_staff_load.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(load=field.staff_load(), **kwargs)
