"""The reports: relationship health and staff load."""

from django.contrib import messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from overview import field
from overview.filters import RelationshipHealthFilterSet
from relations.selectors import with_last_contact
from stakeholders.models import Organisation
from themes.models import Theme


class ReportIndexView(TemplateView):
    """/reports/: the reports, and the map and network of each theme."""

    template_name = "overview/report_index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(themes=Theme.objects.all(), **kwargs)


class RelationshipReportView(TemplateView):
    """/reports/relationships/: relationships without an owner or going cold, and whose they are."""

    template_name = "overview/report_relationships.html"

    def get_context_data(self, **kwargs):
        stakeholders = (
            with_last_contact(Organisation.objects.stakeholders()).select_related("owner").order_by("name", "pk")
        )
        filterset = RelationshipHealthFilterSet(self.request.GET or None, queryset=stakeholders, request=self.request)
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
    """/reports/staff-load/: hours in overleggen per colleague per month, and the costliest overleggen."""

    template_name = "overview/report_staff_load.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(load=field.staff_load(), **kwargs)
