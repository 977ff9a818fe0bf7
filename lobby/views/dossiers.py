"""Policy dossiers: the list, a dossier's page with the positions taken, and editing both."""

from django.contrib import messages
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from core.access import PermissionRequiredMixin
from core.filtering import FilteredListView
from core.ids import parse_id
from lobby.choices import Stance
from lobby.filters import DossierFilterSet
from lobby.forms import PolicyDossierForm, StakeholderPositionForm
from lobby.models import PolicyDossier, StakeholderPosition
from themes.models import Theme


class DossierListView(FilteredListView):
    """/dossiers/: the policy dossiers per theme, with their status and responsible colleague."""

    filterset_class = DossierFilterSet
    queryset = (
        PolicyDossier.objects.select_related("theme", "responsible")
        .annotate(
            organisation_count=Count("positions__organisation", distinct=True),
            last_assessed=Max("positions__assessed_on"),
        )
        .order_by("theme__order", "title", "pk")
    )
    template_name = "lobby/dossier_list.html"
    context_object_name = "dossiers"


class DossierDetailView(DetailView):
    """/dossiers/<pk>/: SWN's position, the stakeholders' current positions by stance, and their history."""

    template_name = "lobby/dossier_detail.html"
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


class DossierCreateView(PermissionRequiredMixin, CreateView):
    permission_required = "lobby.add_policydossier"
    model = PolicyDossier
    form_class = PolicyDossierForm
    template_name = "lobby/dossier_form.html"

    def get_initial(self):
        theme = Theme.objects.filter(slug=self.request.GET.get("theme", "")).first()
        return {"theme": theme, "responsible": self.request.user if self.request.user.is_colleague else None}

    def form_valid(self, form):
        messages.success(self.request, _("The dossier has been saved."))
        return super().form_valid(form)


class DossierUpdateView(PermissionRequiredMixin, UpdateView):
    permission_required = "lobby.change_policydossier"
    model = PolicyDossier
    form_class = PolicyDossierForm
    template_name = "lobby/dossier_form.html"

    def form_valid(self, form):
        messages.success(self.request, _("The dossier has been saved."))
        return super().form_valid(form)


class PositionCreateView(PermissionRequiredMixin, CreateView):
    """/dossiers/<pk>/positions/new/: record how an organisation stands on the dossier now (`?organisation=<id>`)."""

    permission_required = "lobby.add_stakeholderposition"
    model = StakeholderPosition
    form_class = StakeholderPositionForm
    template_name = "lobby/position_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.dossier = get_object_or_404(PolicyDossier.objects.select_related("theme"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dossier": self.dossier}

    def get_initial(self):
        organisation = parse_id(self.request.GET.get("organisation"))
        return {"organisation": organisation} if organisation is not None else {}

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
