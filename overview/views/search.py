"""Search across organisations, contact persons and overleggen."""

from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from core.search import any_field_contains, matches_all_terms
from meetings.models import Overleg
from overview.views.directory import SEARCH_LIMIT
from stakeholders.models import ContactPerson, Organisation


class SearchView(TemplateView):
    """/search/?q=: organisations, contact persons and overleggen matching every word typed."""

    template_name = "overview/search.html"

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
