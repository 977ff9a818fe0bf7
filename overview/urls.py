from django.urls import path

from overview.views import account, dashboard, directory, reports, search, themes

app_name = "overview"

# Mounted at the root: the dashboard and the pages composed from every app. Its first path
# segments (stakeholders/, members/, contacts/, search/, themes/, reports/, account/) belong
# to no other app.
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="dashboard"),
    path("stakeholders/", directory.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/export/", directory.OrganisationExportView.as_view(), name="organisation_export"),
    path("stakeholders/<int:pk>/", directory.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("stakeholders/<int:pk>/history/", directory.OrganisationHistoryView.as_view(), name="organisation_history"),
    path("members/", directory.MemberListView.as_view(), name="member_list"),
    path("members/export/", directory.MemberExportView.as_view(), name="member_export"),
    path("contacts/", directory.ContactListView.as_view(), name="contact_list"),
    path("contacts/export/", directory.ContactExportView.as_view(), name="contact_export"),
    path("search/", search.SearchView.as_view(), name="search"),
    path("themes/", themes.ThemeListView.as_view(), name="theme_list"),
    path("themes/<slug:slug>/", themes.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<slug:slug>/map/", themes.ThemeMapView.as_view(), name="theme_map"),
    path("themes/<slug:slug>/network/", themes.ThemeNetworkView.as_view(), name="theme_network"),
    path("reports/", reports.ReportIndexView.as_view(), name="report_index"),
    path("reports/relationships/", reports.RelationshipReportView.as_view(), name="report_relationships"),
    path("reports/staff-load/", reports.StaffLoadReportView.as_view(), name="report_staff_load"),
    # Mijn account: the colleague's own page.
    path("account/", account.AccountView.as_view(), name="account"),
    path("account/calendar-link/renew/", account.CalendarTokenRenewView.as_view(), name="calendar_token_renew"),
    path("account/calendar-link/revoke/", account.CalendarTokenRevokeView.as_view(), name="calendar_token_revoke"),
]
