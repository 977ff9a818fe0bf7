from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholders/importeren/", views.OrganisationImportView.as_view(), name="organisation_import"),
    path("contacts/importeren/", views.ContactImportView.as_view(), name="contact_import"),
    path("contacts/bewaartermijn/", views.RetentionReportView.as_view(), name="retention_report"),
    path("contacts/<int:pk>/privacy/", views.ContactPrivacyView.as_view(), name="contact_privacy"),
    path("contacts/<int:pk>/privacy/vlaggen/", views.ContactPrivacyFlagsView.as_view(), name="contact_privacy_flags"),
    path("contacts/<int:pk>/privacy/export/", views.ContactDataExportView.as_view(), name="contact_data_export"),
    path("contacts/<int:pk>/privacy/wissen/", views.ContactEraseView.as_view(), name="contact_erase"),
]
