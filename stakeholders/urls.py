from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholders/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/exporteren/", views.OrganisationExportView.as_view(), name="organisation_export"),
    path("stakeholders/importeren/", views.OrganisationImportView.as_view(), name="organisation_import"),
    path("stakeholders/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("stakeholders/<int:pk>/geschiedenis/", views.OrganisationHistoryView.as_view(), name="organisation_history"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("members/exporteren/", views.MemberExportView.as_view(), name="member_export"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("contacts/exporteren/", views.ContactExportView.as_view(), name="contact_export"),
    path("contacts/importeren/", views.ContactImportView.as_view(), name="contact_import"),
    path("contacts/bewaartermijn/", views.RetentionReportView.as_view(), name="retention_report"),
    path("contacts/<int:pk>/privacy/", views.ContactPrivacyView.as_view(), name="contact_privacy"),
    path("contacts/<int:pk>/privacy/vlaggen/", views.ContactPrivacyFlagsView.as_view(), name="contact_privacy_flags"),
    path("contacts/<int:pk>/privacy/export/", views.ContactDataExportView.as_view(), name="contact_data_export"),
    path("contacts/<int:pk>/privacy/wissen/", views.ContactEraseView.as_view(), name="contact_erase"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("coalitions/", views.CoalitionListView.as_view(), name="coalition_list"),
    path("coalitions/nieuw/", views.CoalitionCreateView.as_view(), name="coalition_create"),
    path("coalitions/<int:pk>/", views.CoalitionDetailView.as_view(), name="coalition_detail"),
    path("coalitions/<int:pk>/bewerken/", views.CoalitionUpdateView.as_view(), name="coalition_update"),
    path("coalitions/<int:pk>/verklaringen/nieuw/", views.StatementCreateView.as_view(), name="statement_create"),
    path("coalitions/verklaringen/<int:pk>/bewerken/", views.StatementUpdateView.as_view(), name="statement_update"),
    # Contact moments and their follow-ups
    path(
        "stakeholders/<int:pk>/contactmomenten/nieuw/",
        views.ContactMomentCreateView.as_view(),
        name="contact_moment_create",
    ),
    path("contactmomenten/<int:pk>/bewerken/", views.ContactMomentUpdateView.as_view(), name="contact_moment_update"),
    path(
        "contactmomenten/<int:pk>/verwijderen/", views.ContactMomentDeleteView.as_view(), name="contact_moment_delete"
    ),
    path(
        "meetings/<int:pk>/contactmomenten/",
        views.MeetingContactMomentsView.as_view(),
        name="meeting_contact_moments",
    ),
    path("acties/", views.FollowUpListView.as_view(), name="my_actions"),
    path("acties/<int:pk>/klaar/", views.FollowUpToggleView.as_view(done=True), name="follow_up_done"),
    path("acties/<int:pk>/heropenen/", views.FollowUpToggleView.as_view(done=False), name="follow_up_reopen"),
]
