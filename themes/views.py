"""The seven themes: an overview with counts, and one page per theme."""

from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import DetailView, ListView

from meetings.models import Attendance, Meeting, Overleg
from stakeholders.models import Organisation, kind_label_order
from swn_crm import pagecache
from swn_crm.models import User
from themes.models import UPCOMING_PERIOD, Theme, theme_meetings


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
            # The lists above are fetched only when the page is not in the cache. Besides the data,
            # the page changes when a meeting enters the coming period or one in it begins.
            page_cache_key=pagecache.key("theme", theme.pk, meetings_from=(now, now + UPCOMING_PERIOD)),
        )
        return context
