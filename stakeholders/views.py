"""The read side of the CRM: stakeholder, member and contact directories, the organisation page, search."""

from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DetailView, TemplateView, UpdateView

from meetings.models import Attendance, Overleg
from stakeholders.choices import PartnerRole, Province
from stakeholders.filters import CoalitionFilter, ContactFilter, MemberFilter, OrganisationFilter
from stakeholders.forms import CoalitionForm, JointStatementForm, PartnerFormSet
from stakeholders.models import (
    Coalition,
    CoalitionPartner,
    ContactPerson,
    JointStatement,
    Organisation,
    StatementSignatory,
    partner_role_order,
)
from stakeholders.services import save_coalition, save_statement
from swn_crm.filtering import FilteredListView
from swn_crm.search import any_field_contains, matches_all_terms
from themes import field
from themes.models import StakeholderPosition, Theme

UPCOMING_LIMIT = 10
TIMELINE_LIMIT = 100
SEARCH_LIMIT = 20


def _names(users):
    return ", ".join(str(user) for user in users)


def _date(value):
    return timezone.localtime(value).strftime("%d-%m-%Y") if value else ""


class OrganisationListView(FilteredListView):
    """/stakeholders/: the stakeholder directory, filterable, sortable on last contact, exportable."""

    filterset_class = OrganisationFilter
    queryset = Organisation.objects.stakeholders().select_related("owner", "membership").prefetch_related("themes")
    template_name = "stakeholders/organisation_list.html"
    context_object_name = "organisations"
    csv_filename = "stakeholders"

    def get_base_queryset(self):
        # The summary holds "now", so it is added per request, not once at import.
        return super().get_base_queryset().with_contact_summary()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort", "")
        known = dict(self.filterset.filters["sort"].extra["choices"])
        context["current_sort"] = sort if sort in known else "name"
        return context

    def csv_header(self):
        return [
            _("Name"),
            _("Acronym"),
            _("Kind"),
            _("Level"),
            _("Municipality"),
            _("Province"),
            _("Themes"),
            _("Relationship owner"),
            _("Member"),
            _("Influence"),
            _("Interest"),
            _("Last contact"),
            _("Last contact by"),
            _("Next meeting"),
            _("Website"),
            _("Page in the CRM"),
        ]

    def csv_row(self, org):
        membership = getattr(org, "membership", None)
        return [
            org.name,
            org.acronym,
            org.get_kind_display(),
            org.get_level_display(),
            org.municipality,
            org.get_province_display(),
            ", ".join(theme.name for theme in org.themes.all()),
            org.owner or "",
            membership.get_status_display() if membership else "",
            org.influence,
            org.interest,
            _date(org.last_contact_at),
            org.last_contact_by or "",
            _date(org.next_meeting_at),
            org.website,
            self.request.build_absolute_uri(org.get_absolute_url()),
        ]


class OrganisationFieldMixin:
    """The organisation page's view of the field: its coalitions and statements, its positions on
    policy dossiers and its closest partners. Six queries, whatever the numbers."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        today = timezone.localdate()
        period = field.Period.last_year(today=today)
        signed = {}
        for signatory in StatementSignatory.objects.filter(organisation=organisation).select_related(
            "statement__coalition"
        ):
            signed.setdefault(signatory.statement.coalition_id, []).append(signatory)
        partnerships = list(
            CoalitionPartner.objects.filter(organisation=organisation)
            .select_related("coalition")
            .order_by("-coalition__start", "coalition__name")
        )
        for partner in partnerships:
            partner.signed = signed.pop(partner.coalition_id, [])
        context.update(
            org_partnerships=partnerships,
            org_signed_elsewhere=[signatory for signatories in signed.values() for signatory in signatories],
            org_positions=StakeholderPosition.objects.current()
            .filter(organisation=organisation)
            .select_related("dossier__theme")
            .order_by("dossier__title"),
            closest_partners=field.closest_partners(organisation, period=period),
            closest_period=period,
        )
        return context


class OrganisationDetailView(OrganisationFieldMixin, DetailView):
    """/stakeholders/<pk>/: everything about one organisation, member or stakeholder, on one page."""

    template_name = "stakeholders/organisation_detail.html"
    context_object_name = "organisation"

    def get_queryset(self):
        contacts = ContactPerson.objects.prefetch_related("themes").order_by("-is_active", "name")
        return (
            Organisation.objects.with_contact_summary()
            .select_related("owner", "membership")
            .prefetch_related("themes", Prefetch("contacts", queryset=contacts))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.object
        now = timezone.now()
        meetings = organisation.meetings.select_related("overleg").prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("user").order_by("user__first_name")),
            Prefetch("contacts", queryset=ContactPerson.objects.filter(organisation=organisation)),
        )
        past = list(meetings.filter(start__lt=now).order_by("-start", "-pk")[: TIMELINE_LIMIT + 1])
        context.update(
            overleggen=(
                Overleg.objects.filter(Q(organisations=organisation) | Q(organiser=organisation))
                .distinct()
                .select_related("organiser")
                .prefetch_related("delegates", "themes")
                .order_by("-is_active", "name")
            ),
            upcoming_meetings=meetings.filter(start__gte=now).order_by("start", "pk")[:UPCOMING_LIMIT],
            timeline=[
                {"at": meeting.start, "template": "stakeholders/includes/_timeline_meeting.html", "meeting": meeting}
                for meeting in past[:TIMELINE_LIMIT]
            ],
            timeline_truncated=len(past) > TIMELINE_LIMIT,
            timeline_limit=TIMELINE_LIMIT,
        )
        return context


class MemberListView(FilteredListView):
    """/members/: the member directory with counts per province beside it."""

    filterset_class = MemberFilter
    queryset = Organisation.objects.members().select_related("membership", "owner").prefetch_related("themes")
    template_name = "stakeholders/member_list.html"
    context_object_name = "members"
    csv_filename = "leden"

    def get_filterset(self, queryset):
        municipalities = (
            Organisation.objects.members()
            .exclude(municipality="")
            .order_by("municipality")
            .values_list("municipality", flat=True)
            .distinct()
        )
        return self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request, municipalities=municipalities
        )

    def province_counts(self):
        """Members per province for the current filters except the province itself, all twelve listed."""
        data = self.request.GET.copy()
        data.pop("province", None)
        others = self.filterset_class(data or None, queryset=Organisation.objects.members(), request=self.request)
        counts = dict(others.qs.order_by().values_list("province").annotate(n=Count("pk", distinct=True)))
        rows = [{"code": code, "label": label, "count": counts.get(code, 0)} for code, label in Province.choices]
        unknown = counts.get("", 0)
        if unknown:
            rows.append({"code": "", "label": _("Unknown"), "count": unknown})
        return rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = self.province_counts()
        context["province_counts"] = rows
        context["province_max"] = max([row["count"] for row in rows] + [1])
        context["selected_province"] = self.request.GET.get("province", "")
        return context

    def csv_header(self):
        return [
            _("Member number"),
            _("Name"),
            _("Kind"),
            _("Municipality"),
            _("Province"),
            _("Membership status"),
            _("Member since"),
            _("Member until"),
            _("Themes"),
            _("Relationship owner"),
            _("Website"),
            _("Page in the CRM"),
        ]

    def csv_row(self, org):
        membership = org.membership
        return [
            membership.member_number,
            org.name,
            org.get_kind_display(),
            org.municipality,
            org.get_province_display(),
            membership.get_status_display(),
            membership.since.strftime("%d-%m-%Y"),
            membership.until.strftime("%d-%m-%Y") if membership.until else "",
            ", ".join(theme.name for theme in org.themes.all()),
            org.owner or "",
            org.website,
            self.request.build_absolute_uri(org.get_absolute_url()),
        ]


class ContactListView(FilteredListView):
    """/contacts/: find a person by name, organisation, job title or theme."""

    filterset_class = ContactFilter
    queryset = ContactPerson.objects.select_related("organisation").prefetch_related("themes")
    template_name = "stakeholders/contact_list.html"
    context_object_name = "contacts"


class SearchView(TemplateView):
    """/search/?q=: organisations, contact persons and overleggen matching every word typed."""

    template_name = "stakeholders/search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()
        context["query"] = query
        if not query:
            return context
        # Exact names and acronyms first ("VNG" finds VNG before "Gemeente Zevenaar"), then by name.
        closeness = Case(
            When(Q(acronym__iexact=query) | Q(name__iexact=query), then=Value(0)),
            When(name__istartswith=query, then=Value(1)),
            default=Value(2),
        )
        organisations = (
            Organisation.objects.search(query).select_related("membership").order_by(closeness, "name", "pk")
        )
        contacts = ContactPerson.objects.search(query).select_related("organisation").order_by("name", "pk")
        overleggen = (
            Overleg.objects.filter(matches_all_terms(query, lambda term: any_field_contains(("name",), term)))
            .select_related("organiser")
            .order_by("-is_active", "name", "pk")
        )
        groups = []
        for key, title, queryset in (
            ("organisations", _("Organisations"), organisations),
            ("contacts", _("Contact persons"), contacts),
            ("overleggen", _("Overleggen"), overleggen),
        ):
            groups.append(
                {"key": key, "title": title, "count": queryset.count(), "results": list(queryset[:SEARCH_LIMIT])}
            )
        context.update(groups=groups, total=sum(group["count"] for group in groups), limit=SEARCH_LIMIT)
        return context


# -- Coalitions ------------------------------------------------------------------------------------


def _partners_by_role():
    return CoalitionPartner.objects.select_related("organisation").order_by(partner_role_order(), "organisation__name")


class CoalitionListView(FilteredListView):
    """/coalitions/: programmes, lobby trajectories, projects and actions with their partners."""

    filterset_class = CoalitionFilter
    queryset = (
        Coalition.objects.select_related("contact")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("partners", queryset=_partners_by_role()),
        )
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-start", "name", "pk")
    )
    template_name = "stakeholders/coalition_list.html"
    context_object_name = "coalitions"


class CoalitionDetailView(DetailView):
    """/coalitions/<pk>/: partners by role, joint statements with who co-signed, themes and period."""

    template_name = "stakeholders/coalition_detail.html"
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


class CoalitionEditMixin(PermissionRequiredMixin):
    """Coalitions are edited by Redacteur and Beheerder (model permissions); others get 403."""

    raise_exception = True


class CoalitionFormMixin(CoalitionEditMixin):
    model = Coalition
    form_class = CoalitionForm
    template_name = "stakeholders/coalition_form.html"

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
    permission_required = "stakeholders.add_coalition"

    def get_object(self):
        return None


class CoalitionUpdateView(CoalitionFormMixin, UpdateView):
    permission_required = "stakeholders.change_coalition"


class StatementFormMixin(CoalitionEditMixin):
    model = JointStatement
    form_class = JointStatementForm
    template_name = "stakeholders/statement_form.html"

    def get_coalition(self):
        raise NotImplementedError

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
    """/coalitions/<pk>/verklaringen/nieuw/: a new joint statement of this coalition."""

    permission_required = "stakeholders.add_jointstatement"

    def dispatch(self, request, *args, **kwargs):
        self.coalition = get_object_or_404(Coalition, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_object(self):
        return None


class StatementUpdateView(StatementFormMixin, UpdateView):
    """/coalitions/verklaringen/<pk>/bewerken/."""

    permission_required = "stakeholders.change_jointstatement"

    def get_queryset(self):
        return JointStatement.objects.select_related("coalition")

    def dispatch(self, request, *args, **kwargs):
        self.coalition = get_object_or_404(Coalition, statements__pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)
