"""The directory: the stakeholder, member and contact lists with their exports, and the organisation
page with its timeline and history."""

from django.db.models import Count, Prefetch, Q, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from core.dataexchange_views import ExportView
from core.filtering import FilteredListView
from core.history import HistoryFeed, HistorySource, ObjectHistoryView, history_context
from lobby.models import CoalitionPartner, StakeholderPosition, StatementSignatory
from meetings.models import Attendance, Overleg
from overview import field, timeline
from overview.filters import ContactFilterSet, MemberFilterSet, OrganisationFilterSet
from overview.forms import TimelineFilterForm
from overview.resources import ContactListResource, MemberListResource, OrganisationListResource
from relations.models import ContactMoment
from relations.selectors import with_contact_summary
from stakeholders.choices import Province
from stakeholders.models import ContactPerson, Membership, Organisation
from stakeholders.resources import ContactPersonResource, OrganisationResource

UPCOMING_LIMIT = 10
# The organisation page lists this many overleggen (active first); `?all=overleggen` lists them all.
OVERLEGGEN_SHOWN = 10
SHOW_ALL_PARAM = "all"


TIMELINE_PAGE_SIZE = 25


# Each timeline source reads page x size entries; beyond this the page number is ignored.
TIMELINE_MAX_PAGE = 200


SEARCH_LIMIT = 20


class OrganisationListView(FilteredListView):
    """/stakeholders/: the stakeholder directory, filterable, sortable on last contact, exportable."""

    filterset_class = OrganisationFilterSet
    queryset = Organisation.objects.stakeholders().select_related("owner", "membership").prefetch_related("themes")
    template_name = "overview/organisation_list.html"
    context_object_name = "organisations"
    export_url_name = "overview:organisation_export"
    import_url_name = "stakeholders:organisation_import"
    import_permission = "stakeholders.change_organisation"

    def get_base_queryset(self):
        # The summary holds "now", so it is added per request, not once at import.
        return with_contact_summary(super().get_base_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sort = self.request.GET.get("sort", "")
        known = dict(self.filterset.filters["sort"].extra["choices"])
        context["current_sort"] = sort if sort in known else "name"
        return context


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
    template_name = "overview/organisation_detail.html"
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
            with_contact_summary(Organisation.objects, now=now)
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
            **self.overleggen_context(organisation),
            "upcoming_meetings": upcoming[:UPCOMING_LIMIT],
            "timeline": history,
            "timeline_filter": timeline_filter,
            "timeline_filtered": bool(kinds or theme),
            **organisation_field_context(organisation, today=timezone.localdate(now)),
            **history_context(
                organisation_history(organisation),
                url=reverse("overview:organisation_history", args=[organisation.pk]),
            ),
        }

    def overleggen_context(self, organisation):
        """The overleggen the organisation sits at or organises, active first: the first
        OVERLEGGEN_SHOWN unless `?all=overleggen`, and how many there are (one query, no DISTINCT)."""
        show_all = self.request.GET.get(SHOW_ALL_PARAM) == "overleggen"
        at_table = Overleg.organisations.through.objects.filter(organisation=organisation).values("overleg_id")
        overleggen = (
            Overleg.objects.filter(Q(pk__in=at_table) | Q(organiser=organisation))
            .annotate(total=Window(Count("pk")))
            .select_related("organiser")
            .prefetch_related("delegates")
            .order_by("-is_active", "name", "pk")
        )
        shown = list(overleggen if show_all else overleggen[:OVERLEGGEN_SHOWN])
        return {
            "overleggen": shown,
            "overleg_count": shown[0].total if shown else 0,
            "overleggen_all_url": f"?{SHOW_ALL_PARAM}=overleggen#overleggen",
        }


class OrganisationHistoryView(ObjectHistoryView):
    """/stakeholders/<pk>/history/: every recorded change of the organisation, membership and contacts."""

    model = Organisation
    history_scope = _("The organisation, its membership and its contact persons.")

    def history_feed(self):
        return organisation_history(self.object)


class MemberListView(FilteredListView):
    """/members/: the member directory with counts per province beside it."""

    filterset_class = MemberFilterSet
    queryset = Organisation.objects.members().select_related("membership", "owner").prefetch_related("themes")
    template_name = "overview/member_list.html"
    context_object_name = "members"
    export_url_name = "overview:member_export"
    import_url_name = "stakeholders:organisation_import"
    import_permission = "stakeholders.change_organisation"

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


class ContactListView(FilteredListView):
    """/contacts/: find a person by name, organisation, job title or theme."""

    filterset_class = ContactFilterSet
    queryset = ContactPerson.objects.select_related("organisation").prefetch_related("themes")
    template_name = "overview/contact_list.html"
    context_object_name = "contacts"
    export_url_name = "overview:contact_export"
    import_url_name = "stakeholders:contact_import"
    import_permission = "stakeholders.change_contactperson"


class OrganisationExportView(ExportView):
    """/stakeholders/export/: the stakeholders of the list, as shown or in the import format."""

    list_view = OrganisationListView
    resources = {"list": OrganisationListResource, "import": OrganisationResource}
    filename = "stakeholders"


class MemberExportView(ExportView):
    """/members/export/: the members of the list, as shown or in the organisation import format."""

    list_view = MemberListView
    resources = {"list": MemberListResource, "import": OrganisationResource}
    filename = "leden"


class ContactExportView(ExportView):
    """/contacts/export/: the contact persons of the list, as shown or in the import format."""

    list_view = ContactListView
    resources = {"list": ContactListResource, "import": ContactPersonResource}
    filename = "contactpersonen"
