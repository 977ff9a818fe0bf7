from django.urls import path

from stakeholders import views

app_name = "stakeholders"

# Mounted at directory/: the directory's own pages. The lists and the organisation page are
# the overview's (stakeholders/, members/, contacts/).
urlpatterns = [
    path("stakeholders/import/", views.OrganisationImportView.as_view(), name="organisation_import"),
    path("contacts/import/", views.ContactImportView.as_view(), name="contact_import"),
    path("contacts/retention/", views.RetentionReportView.as_view(), name="retention_report"),
    path("contacts/<int:pk>/privacy/", views.ContactPrivacyView.as_view(), name="contact_privacy"),
    path("contacts/<int:pk>/privacy/flags/", views.ContactPrivacyFlagsView.as_view(), name="contact_privacy_flags"),
    path("contacts/<int:pk>/privacy/export/", views.ContactDataExportView.as_view(), name="contact_data_export"),
    path("contacts/<int:pk>/privacy/erase/", views.ContactEraseView.as_view(), name="contact_erase"),
]
