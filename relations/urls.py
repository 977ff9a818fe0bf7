from django.urls import path

from relations import views

app_name = "relations"

# Prefixes: contact-moments/, follow-ups/.
urlpatterns = [
    # ?organisation=<id>: the organisation the contact moment is with.
    path("contact-moments/new/", views.ContactMomentCreateView.as_view(), name="contact_moment_create"),
    path(
        "contact-moments/from-meeting/<int:pk>/",
        views.MeetingContactMomentsView.as_view(),
        name="meeting_contact_moments",
    ),
    path("contact-moments/<int:pk>/edit/", views.ContactMomentUpdateView.as_view(), name="contact_moment_update"),
    path("contact-moments/<int:pk>/delete/", views.ContactMomentDeleteView.as_view(), name="contact_moment_delete"),
    path("follow-ups/", views.FollowUpListView.as_view(), name="my_actions"),
    path("follow-ups/<int:pk>/done/", views.FollowUpToggleView.as_view(done=True), name="follow_up_done"),
    path("follow-ups/<int:pk>/reopen/", views.FollowUpToggleView.as_view(done=False), name="follow_up_reopen"),
]
