from django.urls import path

from meetings import views

app_name = "meetings"

# Prefixes: week/, calendar/, overleggen/, meetings/, reviews/.
urlpatterns = [
    # Weekly overview and calendars
    path("week/", views.MeetingWeekView.as_view(), name="week"),
    path("week/pick/", views.MeetingWeekPickView.as_view(), name="week_pick"),
    path("week/<int:year>-W<int:week>/", views.MeetingWeekView.as_view(), name="week_detail"),
    # Subscribed to by calendar apps: this path never changes.
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    # Overleggen
    path("overleggen/", views.OverlegListView.as_view(), name="overleg_list"),
    path("overleggen/new/", views.OverlegCreateView.as_view(), name="overleg_create"),
    path("overleggen/import/", views.OverlegImportView.as_view(), name="overleg_import"),
    path("overleggen/export/", views.OverlegExportView.as_view(), name="overleg_export"),
    path("overleggen/<int:pk>/", views.OverlegDetailView.as_view(), name="overleg_detail"),
    path("overleggen/<int:pk>/edit/", views.OverlegUpdateView.as_view(), name="overleg_update"),
    path("overleggen/<int:pk>/history/", views.OverlegHistoryView.as_view(), name="overleg_history"),
    path("overleggen/<int:pk>/calendar.ics", views.overleg_calendar, name="overleg_calendar"),
    path("overleggen/<int:pk>/reviews/new/", views.ReviewCreateView.as_view(), name="review_create"),
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    # Meetings
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/import/", views.MeetingImportView.as_view(), name="meeting_import"),
    path("meetings/export/", views.MeetingExportView.as_view(), name="meeting_export"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/history/", views.MeetingHistoryView.as_view(), name="meeting_history"),
    path("meetings/<int:pk>/cancel/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/outcome/", views.MeetingOutcomeView.as_view(), name="meeting_outcome"),
    path("meetings/<int:pk>/attendance/", views.AttendanceRespondView.as_view(), name="attendance_respond"),
]
