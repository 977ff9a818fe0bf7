from django.urls import path

from themes import views

app_name = "themes"

urlpatterns = [
    path("themes/", views.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<slug:slug>/map/", views.ThemeMapView.as_view(), name="theme_map"),
    path("themes/<slug:slug>/netwerk/", views.ThemeNetworkView.as_view(), name="theme_network"),
    path("dossiers/", views.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/nieuw/", views.DossierCreateView.as_view(), name="dossier_create"),
    path("dossiers/<int:pk>/", views.DossierDetailView.as_view(), name="dossier_detail"),
    path("dossiers/<int:pk>/bewerken/", views.DossierUpdateView.as_view(), name="dossier_update"),
    path("dossiers/<int:pk>/standpunt/", views.PositionCreateView.as_view(), name="position_create"),
    path("rapporten/", views.ReportIndexView.as_view(), name="report_index"),
    path("rapporten/relaties/", views.RelationshipReportView.as_view(), name="report_relationships"),
    path("rapporten/belasting/", views.StaffLoadReportView.as_view(), name="report_staff_load"),
]
