from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
]
