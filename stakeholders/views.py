"""The read side of the CRM: stakeholder, member and contact directories, the organisation page, search."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView, DeleteView, DetailView, FormView, TemplateView, UpdateView, View
from django.views.generic.detail import SingleObjectMixin

from meetings.choices import AttendanceStatus, MeetingStatus
from meetings.models import Attendance, Meeting, Overleg
from stakeholders import privacy, timeline
from stakeholders.choices import PartnerRole, Province
from stakeholders.filters import CoalitionFilter, ContactFilter, FollowUpFilter, MemberFilter, OrganisationFilter
from stakeholders.forms import (
    CoalitionForm,
    ContactMomentForm,
    EraseForm,
    JointStatementForm,
    MeetingMomentForm,
    MeetingMomentsForm,
    PartnerFormSet,
    PrivacyFlagsForm,
    RetentionForm,
    TimelineFilterForm,
    wall_clock,
)
from stakeholders.models import (
    Coalition,
    CoalitionPartner,
    ContactMoment,
    ContactPerson,
    JointStatement,
    Membership,
    Organisation,
    PrivacyLog,
    StatementSignatory,
    partner_role_order,
)
from stakeholders.resources import ContactPersonResource, OrganisationResource
from stakeholders.services import (
    MeetingMomentRow,
    anonymise_stale_contacts,
    erase_contact,
    export_personal_data,
    record_meeting_contact_moments,
    save_coalition,
    save_contact_moment,
    save_statement,
    set_privacy_flags,
)
from swn_crm.dataexchange_views import ExportView, ImportView
from swn_crm.filtering import FilteredListView
from swn_crm.history import HistoryFeed, HistorySource, ObjectHistoryView, history_context
from swn_crm.models import User
from swn_crm.search import any_field_contains, matches_all_terms
from themes import field
from themes.models import StakeholderPosition, Theme

UPCOMING_LIMIT = 10
TIMELINE_PAGE_SIZE = 25
# Each timeline source reads page x size entries; beyond this the page number is ignored.
TIMELINE_MAX_PAGE = 200
SEARCH_LIMIT = 20


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


def organisation_history(organisation):
    """The organisation's own changes, its membership's and those of its contact persons."""
    return HistoryFeed(
        [
            HistorySource(Organisation.history.filter(id=organisation.pk)),
            HistorySource(Membership.history.filter(organisation_id=organisation.pk)),
            HistorySource(ContactPerson.history.filter(organisation_id=organisation.pk)),
        ]
    )


def organisation_field_context(organisation, *, today):
    """The organisation page's view of the field: its coalitions and statements, its positions on
    policy dossiers and its closest partners. Six queries, whatever the numbers."""
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
    return {
        "org_partnerships": partnerships,
        "org_signed_elsewhere": [signatory for signatories in signed.values() for signatory in signatories],
        "org_positions": StakeholderPosition.objects.current()
        .filter(organisation=organisation)
        .select_related("dossier__theme")
        .order_by("dossier__title"),
        "closest_partners": field.closest_partners(organisation, period=period),
        "closest_period": period,
    }


def timeline_page_number(value):
    """The timeline page asked for in the query string; anything but a sensible number is page 1."""
    try:
        page = int(value)
    except (TypeError, ValueError):
        return 1
    return page if 1 <= page <= TIMELINE_MAX_PAGE else 1


class OrganisationDetailView(DetailView):
    """/stakeholders/<pk>/: everything about one organisation, member or stakeholder, on one page.

    The timeline merges every source in `stakeholders.timeline.SOURCES`, filtered by `?kind=`
    and `?theme=`, `TIMELINE_PAGE_SIZE` entries a page (`?page=`); its query count is fixed
    per source.
    """

    model = Organisation
    template_name = "stakeholders/organisation_detail.html"
    context_object_name = "organisation"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context.update(self.page_context(now))
        return context

    def page_context(self, now):
        """What the page shows below its title."""
        contacts = ContactPerson.objects.prefetch_related("themes").order_by("-is_active", "name")
        organisation = (
            Organisation.objects.with_contact_summary(now=now)
            .select_related("owner", "membership")
            .prefetch_related("themes", Prefetch("contacts", queryset=contacts))
            .get(pk=self.object.pk)
        )
        upcoming = (
            organisation.meetings.filter(start__gte=now)
            .select_related("overleg")
            .prefetch_related(
                Prefetch(
                    "attendances", queryset=Attendance.objects.select_related("user").order_by("user__first_name")
                ),
                Prefetch("contacts", queryset=ContactPerson.objects.filter(organisation=organisation)),
            )
            .order_by("start", "pk")
        )
        timeline_filter = TimelineFilterForm(
            self.request.GET or None, clear_url=f"{organisation.get_absolute_url()}#timeline"
        )
        kinds, theme = timeline_filter.chosen()
        history = timeline.build_timeline(
            organisation,
            kinds=kinds,
            theme=theme,
            limit=TIMELINE_PAGE_SIZE,
            page=timeline_page_number(self.request.GET.get("page")),
            now=now,
        )
        for entry in history.entries:
            if isinstance(entry.obj, ContactMoment):
                entry.obj.changeable = entry.obj.can_be_changed_by(self.request.user)
                entry.obj.tickable = entry.obj.can_follow_up_be_done_by(self.request.user)
        return {
            "organisation": organisation,
            "overleggen": (
                Overleg.objects.filter(Q(organisations=organisation) | Q(organiser=organisation))
                .distinct()
                .select_related("organiser")
                .prefetch_related("delegates", "themes")
                .order_by("-is_active", "name")
            ),
            "upcoming_meetings": upcoming[:UPCOMING_LIMIT],
            "timeline": history,
            "timeline_filter": timeline_filter,
            "timeline_filtered": bool(kinds or theme),
            **organisation_field_context(organisation, today=timezone.localdate(now)),
            **history_context(
                organisation_history(organisation),
                url=reverse("stakeholders:organisation_history", args=[organisation.pk]),
            ),
        }


class OrganisationHistoryView(ObjectHistoryView):
    """/stakeholders/<pk>/geschiedenis/: every recorded change of the organisation, membership and contacts."""

    model = Organisation
    history_scope = _("The organisation, its membership and its contact persons.")

    def history_feed(self):
        return organisation_history(self.object)


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


# -- Privacy (AVG) ------------------------------------------------------------------------------


class PermissionMixin(PermissionRequiredMixin):
    """The one access rule of this app's protected pages: the model permission, or 403."""

    raise_exception = True


def privacy_page_context(request, contact, **forms):
    """Everything the privacy page shows; `forms` replaces a form that came back with errors."""
    return {
        "contact": contact,
        "flags_form": forms.get("flags_form") or PrivacyFlagsForm(instance=contact),
        "erase_form": forms.get("erase_form") or EraseForm(),
        "can_manage": request.user.has_perm("stakeholders.manage_personal_data"),
        "linked_counts": privacy.linked_counts(contact),
        "namesakes": list(privacy.namesakes(contact)),
        "privacy_log": PrivacyLog.objects.filter(contact_number=contact.pk).select_related("user"),
        "pseudonym": privacy.pseudonym(contact.pk),
    }


PRIVACY_TEMPLATE = "stakeholders/contact_privacy.html"


class ContactPrivacyView(PermissionMixin, DetailView):
    """/contacts/<pk>/privacy/: what the CRM holds on a person, their flags, export, erasure and the log.

    Redacteur and Beheerder see the page and set the flags; exporting and erasing need the
    `manage_personal_data` permission (Beheerder).
    """

    permission_required = "stakeholders.change_contactperson"
    template_name = PRIVACY_TEMPLATE
    queryset = ContactPerson.objects.select_related("organisation").prefetch_related("themes")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**privacy_page_context(self.request, self.object), **kwargs)


class ContactPrivacyFlagsView(PermissionMixin, SingleObjectMixin, View):
    """POST: restrict processing / do not contact."""

    permission_required = "stakeholders.change_contactperson"
    http_method_names = ["post"]
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        form = PrivacyFlagsForm(request.POST, instance=contact)
        if form.is_valid():
            try:
                _contact, changes = set_privacy_flags(
                    contact=contact,
                    processing_restricted=form.cleaned_data["processing_restricted"],
                    do_not_contact=form.cleaned_data["do_not_contact"],
                    user=request.user,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                if changes:
                    messages.success(request, _("The privacy settings have been saved."))
                else:
                    messages.info(request, _("Nothing changed."))
            return redirect(contact.get_privacy_url())
        return TemplateResponse(
            request, PRIVACY_TEMPLATE, privacy_page_context(request, contact, flags_form=form), status=400
        )


class ContactDataExportView(PermissionMixin, SingleObjectMixin, View):
    """POST: everything held on the person as a JSON file; the export is logged."""

    permission_required = "stakeholders.manage_personal_data"
    http_method_names = ["post"]
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        document = export_personal_data(contact=contact, user=request.user)
        response = HttpResponse(document, content_type="application/json; charset=utf-8")
        filename = f"contactpersoon-{contact.pk}-gegevens-{timezone.localdate():%Y-%m-%d}.json"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class ContactEraseView(PermissionMixin, SingleObjectMixin, View):
    """POST: anonymise the person everywhere, after an explicit confirmation."""

    permission_required = "stakeholders.manage_personal_data"
    http_method_names = ["post"]
    model = ContactPerson

    def post(self, request, *args, **kwargs):
        contact = self.get_object()
        form = EraseForm(request.POST)
        if not form.is_valid():
            return TemplateResponse(
                request, PRIVACY_TEMPLATE, privacy_page_context(request, contact, erase_form=form), status=400
            )
        try:
            erase_contact(contact=contact, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("The contact person has been anonymised everywhere. Meetings and contact moments keep their count."),
            )
        return redirect(contact.get_privacy_url())


class RetentionReportView(PermissionMixin, FormView):
    """/contacts/bewaartermijn/: contact persons not involved in anything for the retention period, to anonymise."""

    permission_required = "stakeholders.manage_personal_data"
    template_name = "stakeholders/retention_report.html"
    form_class = RetentionForm
    limit = 500

    def get_stale(self):
        return privacy.stale_contacts().select_related("organisation").order_by("updated_at", "name", "pk")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "queryset": self.get_stale()}

    def get_context_data(self, **kwargs):
        stale = self.get_stale()
        total = stale.count()
        return super().get_context_data(
            stale=stale[: self.limit],
            total=total,
            limit=self.limit,
            months=settings.CONTACT_RETENTION_MONTHS,
            cutoff=privacy.retention_cutoff(),
            **kwargs,
        )

    def form_valid(self, form):
        ids = [contact.pk for contact in form.cleaned_data["contacts"]]
        count = anonymise_stale_contacts(contact_ids=ids, user=self.request.user)
        messages.success(
            self.request,
            ngettext(
                "%(count)d contact person has been anonymised.",
                "%(count)d contact persons have been anonymised.",
                count,
            )
            % {"count": count},
        )
        return redirect("stakeholders:retention_report")


# -- Import and export ---------------------------------------------------------------------------


class OrganisationExportView(ExportView):
    """/stakeholders/exporteren/: the filtered stakeholders with membership, for editing and importing."""

    resource_class = OrganisationResource
    filterset_class = OrganisationFilter
    filename = "stakeholders"

    def get_base_queryset(self):
        return Organisation.objects.stakeholders().with_contact_summary()


class MemberExportView(ExportView):
    """/members/exporteren/: the filtered members in the organisation import format."""

    resource_class = OrganisationResource
    filterset_class = MemberFilter
    filename = "leden"

    def get_base_queryset(self):
        return Organisation.objects.members()


class ContactExportView(ExportView):
    resource_class = ContactPersonResource
    filterset_class = ContactFilter
    filename = "contactpersonen"


class OrganisationImportView(ImportView):
    """/stakeholders/importeren/: organisations with their membership, members and stakeholders alike."""

    resource_class = OrganisationResource
    kind = "organisations"
    permission_required = ["stakeholders.add_organisation", "stakeholders.change_organisation"]
    title = _("Import organisations")
    intro = _(
        "Organisations and their membership, one per row. An organisation is found by its member number, "
        "else by name and kind: then it is updated, otherwise added."
    )
    back_url_name = "stakeholders:organisation_list"
    export_url_name = "stakeholders:organisation_export"
    import_url_name = "stakeholders:organisation_import"


class ContactImportView(ImportView):
    """/contacts/importeren/."""

    resource_class = ContactPersonResource
    kind = "contacts"
    permission_required = ["stakeholders.add_contactperson", "stakeholders.change_contactperson"]
    title = _("Import contact persons")
    intro = _(
        "Contact persons, one per row, at an organisation already in the CRM. A person is found by "
        "organisation and e-mail address, else by organisation and name."
    )
    back_url_name = "stakeholders:contact_list"
    export_url_name = "stakeholders:contact_export"
    import_url_name = "stakeholders:contact_import"


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


# -- Contact moments ---------------------------------------------------------------------------


class ContactMomentAccessMixin:
    """The one access rule for an existing contact moment: its creator or an editor changes it; others get 403."""

    model = ContactMoment

    def get_queryset(self):
        return ContactMoment.objects.select_related("organisation")

    def get_object(self, queryset=None):
        moment = super().get_object(queryset)
        if not moment.can_be_changed_by(self.request.user):
            raise PermissionDenied(_("Only the colleague who logged this contact moment, or an editor, may change it."))
        return moment


def _safe_next(request, default):
    """The `next` address from the form when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class ContactMomentFormMixin:
    form_class = ContactMomentForm
    template_name = "stakeholders/contactmoment_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "organisation": self.organisation, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        try:
            moment = save_contact_moment(
                moment=form.save(commit=False),
                colleagues=form.cleaned_data["colleagues"],
                contacts=form.cleaned_data["contacts"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(moment.get_absolute_url())


class ContactMomentCreateView(PermissionRequiredMixin, ContactMomentFormMixin, CreateView):
    """/stakeholders/<pk>/contactmomenten/nieuw/: log a call, e-mail, visit, encounter or note."""

    permission_required = "stakeholders.add_contactmoment"
    raise_exception = True
    success_message = gettext_lazy("The contact moment has been logged.")

    @cached_property
    def organisation(self):
        return get_object_or_404(Organisation, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = ContactMoment(organisation=self.organisation, created_by=self.request.user)
        return kwargs


class ContactMomentUpdateView(ContactMomentAccessMixin, ContactMomentFormMixin, UpdateView):
    """/contactmomenten/<pk>/bewerken/: its creator or an editor corrects a contact moment."""

    success_message = gettext_lazy("The contact moment has been saved.")

    @cached_property
    def organisation(self):
        return self.object.organisation


class ContactMomentDeleteView(ContactMomentAccessMixin, DeleteView):
    """/contactmomenten/<pk>/verwijderen/: ask first (GET), delete on POST."""

    template_name = "stakeholders/contactmoment_confirm_delete.html"

    def get_success_url(self):
        return reverse("stakeholders:organisation_detail", args=[self.object.organisation_id]) + "#timeline"

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("The contact moment has been deleted."))
        return response


class MeetingContactMomentsView(PermissionRequiredMixin, SingleObjectMixin, TemplateView):
    """/meetings/<pk>/contactmomenten/: the outcome of a meeting as a contact moment per organisation at the table.

    One form: what all moments share (date, channel, colleagues present) and a row per
    organisation not recorded yet (summary prefilled from the outcome, its contact persons at
    the meeting, the overleg's theme). Saved all at once, or not at all. A fixed number of
    queries whatever the number of organisations.
    """

    permission_required = "stakeholders.add_contactmoment"
    raise_exception = True
    model = Meeting
    template_name = "stakeholders/meeting_contact_moments.html"

    def get_queryset(self):
        return Meeting.objects.select_related("overleg").prefetch_related(
            "overleg__themes", Prefetch("attendances", queryset=Attendance.objects.select_related("user"))
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.object = self.get_object()
        if self.object.status == MeetingStatus.GEANNULEERD or not self.object.has_started:
            messages.info(request, _("Contact moments are recorded once a meeting has taken place."))
            return redirect("meetings:meeting_detail", pk=self.object.pk)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def table(self):
        """The organisations at the table, split into those still to record and those already recorded."""
        meeting = self.object
        recorded = {
            moment.organisation_id: moment
            for moment in ContactMoment.objects.filter(meeting=meeting).select_related("created_by")
        }
        organisations = list(meeting.organisations.order_by("name"))
        contacts = {}
        for contact in ContactPerson.objects.filter(organisation__in=[o.pk for o in organisations]).order_by("name"):
            contacts.setdefault(contact.organisation_id, []).append(contact)
        at_meeting = set(meeting.contacts.values_list("pk", flat=True))
        to_record = [org for org in organisations if org.pk not in recorded]
        done = [(org, recorded[org.pk]) for org in organisations if org.pk in recorded]
        return {"to_record": to_record, "done": done, "contacts": contacts, "at_meeting": at_meeting}

    def colleagues(self):
        return list(User.objects.colleagues().order_by("first_name", "last_name"))

    def build_forms(self, data=None):
        meeting, table = self.object, self.table
        colleagues = self.colleagues()
        attendances = list(meeting.attendances.all())
        present = [a.user_id for a in attendances if a.status == AttendanceStatus.AANWEZIG] or [
            a.user_id for a in attendances if a.status != AttendanceStatus.AFGEMELD
        ]
        known = {u.pk for u in colleagues}
        colleagues += [a.user for a in attendances if a.user_id not in known]
        shared = MeetingMomentsForm(
            data,
            prefix="shared",
            colleagues=colleagues,
            initial={"happened_at": timezone.localdate(meeting.start), "colleagues": present},
        )
        themes = list(Theme.objects.order_by("order", "name"))
        overleg_themes = list(meeting.overleg.themes.all()) if meeting.overleg else []
        rows = []
        for organisation in table["to_record"]:
            contacts = table["contacts"].get(organisation.pk, [])
            rows.append(
                MeetingMomentForm(
                    data,
                    prefix=f"org-{organisation.pk}",
                    organisation=organisation,
                    contacts=contacts,
                    themes=themes,
                    colleagues=colleagues,
                    user=self.request.user,
                    initial={
                        "summary": meeting.outcome,
                        "contacts": [c.pk for c in contacts if c.pk in table["at_meeting"]],
                        "theme": overleg_themes[0].pk if overleg_themes else None,
                    },
                )
            )
        return shared, rows

    def get_context_data(self, **kwargs):
        if "shared" not in kwargs:
            kwargs["shared"], kwargs["rows"] = self.build_forms()
        return super().get_context_data(meeting=self.object, recorded=self.table["done"], **kwargs)

    def post(self, request, *args, **kwargs):
        shared, rows = self.build_forms(request.POST)
        # Validate every form, so all mistakes show at once.
        rows_valid = [row.is_valid() for row in rows]
        valid = shared.is_valid() and all(rows_valid)
        chosen = [row for row in rows if valid and row.cleaned_data.get("record")]
        if valid and rows and not chosen:
            shared.add_error(None, _("Tick at least one organisation to record a contact moment for."))
            valid = False
        if not valid:
            return self.render_to_response(self.get_context_data(shared=shared, rows=rows))
        start = timezone.localtime(self.object.start)
        same_day = shared.cleaned_data["happened_at"] == start.date()
        try:
            moments = record_meeting_contact_moments(
                meeting=self.object,
                happened_at=self.object.start if same_day else wall_clock(shared.cleaned_data["happened_at"]),
                time_known=same_day,
                channel=shared.cleaned_data["channel"],
                colleagues=shared.cleaned_data["colleagues"],
                rows=[
                    MeetingMomentRow(
                        organisation=row.organisation,
                        summary=row.cleaned_data["summary"],
                        contacts=list(row.cleaned_data["contacts"]),
                        theme=row.cleaned_data["theme"],
                        follow_up=row.cleaned_data["follow_up"],
                        follow_up_due=row.cleaned_data["follow_up_due"],
                        follow_up_assignee=row.cleaned_data["follow_up_assignee"],
                    )
                    for row in chosen
                ],
                created_by=request.user,
            )
        except ValidationError as error:
            shared.add_error(None, error)
            return self.render_to_response(self.get_context_data(shared=shared, rows=rows))
        messages.success(
            request,
            ngettext(
                "%(count)d contact moment recorded from this meeting.",
                "%(count)d contact moments recorded from this meeting.",
                len(moments),
            )
            % {"count": len(moments)},
        )
        return redirect("meetings:meeting_detail", pk=self.object.pk)


# -- Mijn acties: follow-ups -------------------------------------------------------------------


class FollowUpListView(FilteredListView):
    """/acties/: the follow-ups assigned to me, overdue first, done with one click."""

    filterset_class = FollowUpFilter
    queryset = ContactMoment.objects.select_related("organisation", "theme", "follow_up_assignee", "created_by")
    template_name = "stakeholders/follow_up_list.html"
    context_object_name = "follow_ups"

    def get_filterset(self, queryset):
        # Always bound: without any parameter the list still means "my open follow-ups".
        return self.filterset_class(self.request.GET, queryset=queryset, request=self.request)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        for moment in context["follow_ups"]:
            moment.days_overdue = moment.follow_up_days_overdue(today)
            moment.tickable = moment.can_follow_up_be_done_by(self.request.user)
        context.update(
            today=today,
            colleague=self.filterset.colleague_value,
            is_mine=self.filterset.colleague_value == self.request.user,
            status=self.filterset.status_value,
        )
        return context


class FollowUpToggleView(SingleObjectMixin, View):
    """Tick a follow-up off (or undo that) in one click: POST only, by its colleague, its creator or an editor."""

    http_method_names = ["post"]
    done = True

    def get_queryset(self):
        return ContactMoment.objects.with_follow_up().select_related("organisation")

    def post(self, request, *args, **kwargs):
        moment = self.get_object()
        if not moment.can_follow_up_be_done_by(request.user):
            raise PermissionDenied(_("Only the colleague of this follow-up, or an editor, may tick it off."))
        back = _safe_next(request, reverse("stakeholders:my_actions"))
        if self.done:
            moment.mark_follow_up_done()
            undo = format_html(
                '<form method="post" action="{}" class="d-inline">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}">'
                '<button type="submit" class="btn btn-link p-0 align-baseline">{}</button></form>',
                reverse("stakeholders:follow_up_reopen", args=[moment.pk]),
                get_token(request),
                back,
                _("Undo"),
            )
            messages.success(request, format_html("{} {}", _("Done: “%(what)s”.") % {"what": moment.follow_up}, undo))
        else:
            moment.reopen_follow_up()
            messages.success(request, _("Open again: “%(what)s”.") % {"what": moment.follow_up})
        return redirect(back)
