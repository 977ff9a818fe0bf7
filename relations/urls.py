from django.urls import path

from relations import views

app_name = "relations"

urlpatterns = [
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
        "meetings/<int:pk>/contactmomenten/", views.MeetingContactMomentsView.as_view(), name="meeting_contact_moments"
    ),
    path("acties/", views.FollowUpListView.as_view(), name="my_actions"),
    path("acties/<int:pk>/klaar/", views.FollowUpToggleView.as_view(done=True), name="follow_up_done"),
    path("acties/<int:pk>/heropenen/", views.FollowUpToggleView.as_view(done=False), name="follow_up_reopen"),
]
