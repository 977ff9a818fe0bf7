from django.urls import path

from meetings.views import calendars, meetings, overleggen, reviews, week

app_name = "meetings"

# Prefixes: week/, calendar/, overleggen/, meetings/, reviews/.
urlpatterns = [
    # Weekly overview and calendars
    path("week/", week.MeetingWeekView.as_view(), name="week"),
    path("week/pick/", week.MeetingWeekPickView.as_view(), name="week_pick"),
    path("week/<int:year>-W<int:week>/", week.MeetingWeekView.as_view(), name="week_detail"),
    # Subscribed to by calendar apps: this path never changes.
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    # Overleggen
    path("overleggen/", overleggen.OverlegListView.as_view(), name="overleg_list"),
    path("overleggen/new/", overleggen.OverlegCreateView.as_view(), name="overleg_create"),
    path("overleggen/import/", overleggen.OverlegImportView.as_view(), name="overleg_import"),
    path("overleggen/export/", overleggen.OverlegExportView.as_view(), name="overleg_export"),
    path("overleggen/<int:pk>/", overleggen.OverlegDetailView.as_view(), name="overleg_detail"),
    path("overleggen/<int:pk>/edit/", overleggen.OverlegUpdateView.as_view(), name="overleg_update"),
    path("overleggen/<int:pk>/history/", overleggen.OverlegHistoryView.as_view(), name="overleg_history"),
    path("overleggen/<int:pk>/calendar.ics", calendars.overleg_calendar, name="overleg_calendar"),
    path("overleggen/<int:pk>/reviews/new/", reviews.ReviewCreateView.as_view(), name="review_create"),
    path("reviews/", reviews.ReviewListView.as_view(), name="review_list"),
    # Meetings
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/import/", meetings.MeetingImportView.as_view(), name="meeting_import"),
    path("meetings/export/", meetings.MeetingExportView.as_view(), name="meeting_export"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/history/", meetings.MeetingHistoryView.as_view(), name="meeting_history"),
    path("meetings/<int:pk>/cancel/", meetings.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/outcome/", meetings.MeetingOutcomeView.as_view(), name="meeting_outcome"),
    path("meetings/<int:pk>/attendance/", meetings.AttendanceRespondView.as_view(), name="attendance_respond"),
]
