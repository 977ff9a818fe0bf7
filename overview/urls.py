from django.urls import path

from overview.views import dashboard, directory, reports, search, themes

app_name = "overview"

urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("stakeholders/", directory.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/exporteren/", directory.OrganisationExportView.as_view(), name="organisation_export"),
    path("stakeholders/<int:pk>/", directory.OrganisationDetailView.as_view(), name="organisation_detail"),
    path(
        "stakeholders/<int:pk>/geschiedenis/",
        directory.OrganisationHistoryView.as_view(),
        name="organisation_history",
    ),
    path("members/", directory.MemberListView.as_view(), name="member_list"),
    path("members/exporteren/", directory.MemberExportView.as_view(), name="member_export"),
    path("contacts/", directory.ContactListView.as_view(), name="contact_list"),
    path("contacts/exporteren/", directory.ContactExportView.as_view(), name="contact_export"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("themes/", themes.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", themes.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<slug:slug>/map/", themes.ThemeMapView.as_view(), name="theme_map"),
    path("themes/<slug:slug>/netwerk/", themes.ThemeNetworkView.as_view(), name="theme_network"),
    path("rapporten/", reports.ReportIndexView.as_view(), name="report_index"),
    path("rapporten/relaties/", reports.RelationshipReportView.as_view(), name="report_relationships"),
    path("rapporten/belasting/", reports.StaffLoadReportView.as_view(), name="report_staff_load"),
]
