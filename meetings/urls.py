from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    # Weekly overview and calendars
    path("week/", views.MeetingWeekView.as_view(), name="week"),
    path("week/kies/", views.MeetingWeekPickView.as_view(), name="week_pick"),
    path("week/<int:year>-W<int:week>/", views.MeetingWeekView.as_view(), name="week_detail"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("overleggen/<int:pk>/calendar.ics", views.overleg_calendar, name="overleg_calendar"),
]
