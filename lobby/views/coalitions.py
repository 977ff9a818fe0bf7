"""Coalitions and joint statements: the list, a coalition's page, and editing both."""

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, UpdateView

from core.access import PermissionRequiredMixin
from core.filtering import FilteredListView
from lobby.choices import PartnerRole
from lobby.filters import CoalitionFilterSet
from lobby.forms import CoalitionForm, JointStatementForm, PartnerFormSet
from lobby.models import Coalition, CoalitionPartner, JointStatement, StatementSignatory, partner_role_order
from lobby.services import save_coalition, save_statement
from themes.models import Theme


def _partners_by_role():
    return CoalitionPartner.objects.select_related("organisation").order_by(partner_role_order(), "organisation__name")


class CoalitionListView(FilteredListView):
    """/coalitions/: programmes, lobby trajectories, projects and actions with their partners."""

    filterset_class = CoalitionFilterSet
    queryset = (
        Coalition.objects.select_related("contact")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("partners", queryset=_partners_by_role()),
        )
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-start", "name", "pk")
    )
    template_name = "lobby/coalition_list.html"
    context_object_name = "coalitions"


class CoalitionDetailView(DetailView):
    """/coalitions/<pk>/: partners by role, joint statements with who co-signed, themes and period."""

    template_name = "lobby/coalition_detail.html"
    context_object_name = "coalition"

    def get_queryset(self):
        signatories = StatementSignatory.objects.select_related("organisation").order_by("organisation__name")
        return Coalition.objects.select_related("contact").prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("partners", queryset=_partners_by_role()),
            Prefetch(
                "statements", queryset=JointStatement.objects.prefetch_related(Prefetch("signatories", signatories))
            ),
        )

    def get_context_data(self, **kwargs):
        partners = list(self.object.partners.all())
        roles = [
            {"role": role, "label": label, "partners": [p for p in partners if p.role == role]}
            for role, label in PartnerRole.choices
        ]
        return super().get_context_data(
            roles=[r for r in roles if r["partners"]], partner_count=len(partners), **kwargs
        )


class CoalitionFormMixin(PermissionRequiredMixin):
    model = Coalition
    form_class = CoalitionForm
    template_name = "lobby/coalition_form.html"

    def get_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return PartnerFormSet(data=data, instance=self.object or Coalition(), prefix="partners")

    def get_context_data(self, **kwargs):
        kwargs.setdefault("partners", self.get_formset())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form, partners = self.get_form(), self.get_formset()
        if not (form.is_valid() and partners.is_valid()):
            messages.error(request, _("The coalition was not saved. Please correct the fields marked below."))
            return self.render_to_response(self.get_context_data(form=form, partners=partners))
        wanted = partners.kept()
        for organisation in form.cleaned_data["add_partners"]:
            wanted.setdefault(organisation, form.cleaned_data["add_role"])
        coalition = save_coalition(
            coalition=form.save(commit=False), themes=form.cleaned_data["themes"], partners=wanted
        )
        messages.success(request, _("The coalition has been saved."))
        return redirect(coalition)


class CoalitionCreateView(CoalitionFormMixin, CreateView):
    permission_required = "lobby.add_coalition"

    def get_object(self):
        return None


class CoalitionUpdateView(CoalitionFormMixin, UpdateView):
    permission_required = "lobby.change_coalition"


class StatementFormMixin(PermissionRequiredMixin):
    model = JointStatement
    form_class = JointStatementForm
    template_name = "lobby/statement_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "coalition": self.coalition}

    def get_context_data(self, **kwargs):
        return super().get_context_data(coalition=self.coalition, **kwargs)

    def form_valid(self, form):
        save_statement(statement=form.save(commit=False), signatories=form.signatories())
        messages.success(self.request, _("The statement has been saved."))
        return redirect(self.coalition)

    def form_invalid(self, form):
        messages.error(self.request, _("The statement was not saved. Please correct the fields marked below."))
        return super().form_invalid(form)


class StatementCreateView(StatementFormMixin, CreateView):
    """/coalitions/<pk>/statements/new/: a new joint statement of this coalition."""

    permission_required = "lobby.add_jointstatement"

    def dispatch(self, request, *args, **kwargs):
        self.coalition = get_object_or_404(Coalition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return None


class StatementUpdateView(StatementFormMixin, UpdateView):
    """/coalitions/statements/<pk>/edit/."""

    permission_required = "lobby.change_jointstatement"

    def get_queryset(self):
        return JointStatement.objects.select_related("coalition")

    def dispatch(self, request, *args, **kwargs):
        self.coalition = get_object_or_404(Coalition, statements__pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)
