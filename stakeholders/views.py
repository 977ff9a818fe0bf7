"""The read side of the CRM: stakeholder, member and contact directories, the organisation page, search."""

from django.db.models import Case, Count, Prefetch, Q, Value, When
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, TemplateView

from meetings.models import Attendance, Overleg
from stakeholders.choices import Province
from stakeholders.filters import ContactFilter, MemberFilter, OrganisationFilter
from stakeholders.models import COLD_AFTER, ContactPerson, Organisation
from swn_crm import pagecache
from swn_crm.filtering import FilteredListView
from swn_crm.search import any_field_contains, matches_all_terms

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
        # The rows are fetched only when the page is not in the cache. Besides the data and the
        # query string, "last contact", "next meeting" and "no contact for 6 months" change when
        # the clock passes a meeting's start (or that start plus six months).
        now = timezone.now()
        context["page_cache_key"] = pagecache.key(
            "stakeholders", self.request.get_full_path(), meetings_from=(now, now - COLD_AFTER)
        )
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


class OrganisationDetailView(DetailView):
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
        # Counted only when the page is not in the cache (the key: data and query string).
        rows = SimpleLazyObject(self.province_counts)
        context["province_counts"] = rows
        context["province_max"] = SimpleLazyObject(lambda: max([row["count"] for row in rows] + [1]))
        context["selected_province"] = self.request.GET.get("province", "")
        context["page_cache_key"] = pagecache.key("members", self.request.get_full_path())
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
