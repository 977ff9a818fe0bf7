from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholders/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("search/", views.SearchView.as_view(), name="search"),
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
