import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.views.generic import TemplateView

from meetings.models import Attendance, Meeting


def monday_of(day):
    return day - datetime.timedelta(days=day.weekday())


class DashboardView(TemplateView):
    """The colleague's start page: their own meetings this week and next."""

    template_name = "meetings/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        monday = monday_of(today)
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(monday, datetime.time.min, tzinfo=tz)
        end = start + datetime.timedelta(days=14)
        meetings = (
            Meeting.objects.attended_by(self.request.user)
            .between(start, end)
            .select_related("overleg")
            .prefetch_related(
                Prefetch("attendances", queryset=Attendance.objects.select_related("user")),
                "organisations",
            )
            .order_by("start")
        )
        this_week, next_week = [], []
        next_monday = monday + datetime.timedelta(days=7)
        for meeting in meetings:
            for attendance in meeting.attendances.all():
                if attendance.user_id == self.request.user.pk:
                    meeting.my_attendance = attendance
            if timezone.localdate(meeting.start) < next_monday:
                this_week.append(meeting)
            else:
                next_week.append(meeting)
        context.update(
            today=today,
            weeks=[
                {"monday": monday, "meetings": this_week, "is_current": True},
                {"monday": next_monday, "meetings": next_week, "is_current": False},
            ],
        )
        return context
