"""The dashboard (/)."""

from django.views.generic import TemplateView

from overview.dashboard import Dashboard


class DashboardView(TemplateView):
    """The colleague's start page (`meetings.dashboard.Dashboard`)."""

    template_name = "overview/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dashboard = Dashboard(self.request.user)
        context.update(
            dashboard=dashboard,
            today=dashboard.today,
        )
        return context
