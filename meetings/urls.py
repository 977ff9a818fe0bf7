from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    # Weekly overview and calendars
    path("week/", views.MeetingWeekView.as_view(), name="week"),
    path("week/kies/", views.MeetingWeekPickView.as_view(), name="week_pick"),
    path("week/<int:year>-W<int:week>/", views.MeetingWeekView.as_view(), name="week_detail"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("overleggen/<int:pk>/calendar.ics", views.overleg_calendar, name="overleg_calendar"),
    path("overleggen/", views.OverlegListView.as_view(), name="overleg_list"),
    path("overleggen/exporteren/", views.OverlegExportView.as_view(), name="overleg_export"),
    path("overleggen/importeren/", views.OverlegImportView.as_view(), name="overleg_import"),
    path("overleggen/nieuw/", views.OverlegCreateView.as_view(), name="overleg_create"),
    path("overleggen/<int:pk>/", views.OverlegDetailView.as_view(), name="overleg_detail"),
    path("overleggen/<int:pk>/bewerken/", views.OverlegUpdateView.as_view(), name="overleg_update"),
    path("overleggen/<int:pk>/beoordelen/", views.ReviewCreateView.as_view(), name="review_create"),
    path("reviews/", views.ReviewListView.as_view(), name="review_list"),
    path("overleggen/<int:pk>/geschiedenis/", views.OverlegHistoryView.as_view(), name="overleg_history"),
    path("meetings/exporteren/", views.MeetingExportView.as_view(), name="meeting_export"),
    path("meetings/importeren/", views.MeetingImportView.as_view(), name="meeting_import"),
    path("meetings/nieuw/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/bewerken/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path("meetings/<int:pk>/geschiedenis/", views.MeetingHistoryView.as_view(), name="meeting_history"),
    path("meetings/<int:pk>/annuleren/", views.MeetingCancelView.as_view(), name="meeting_cancel"),
    path("meetings/<int:pk>/uitkomst/", views.MeetingOutcomeView.as_view(), name="meeting_outcome"),
    path("meetings/<int:pk>/aanwezigheid/", views.AttendanceRespondView.as_view(), name="attendance_respond"),
]
