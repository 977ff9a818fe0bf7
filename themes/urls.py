from django.urls import path

from themes import views

app_name = "themes"

urlpatterns = [
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
]
