from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholders/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("search/", views.SearchView.as_view(), name="search"),
]
