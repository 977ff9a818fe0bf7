from django.urls import path

from stakeholders import views

app_name = "stakeholders"

urlpatterns = [
    path("stakeholders/", views.OrganisationListView.as_view(), name="organisation_list"),
    path("stakeholders/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
    path("members/", views.MemberListView.as_view(), name="member_list"),
    path("contacts/", views.ContactListView.as_view(), name="contact_list"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("coalitions/", views.CoalitionListView.as_view(), name="coalition_list"),
    path("coalitions/nieuw/", views.CoalitionCreateView.as_view(), name="coalition_create"),
    path("coalitions/<int:pk>/", views.CoalitionDetailView.as_view(), name="coalition_detail"),
    path("coalitions/<int:pk>/bewerken/", views.CoalitionUpdateView.as_view(), name="coalition_update"),
    path("coalitions/<int:pk>/verklaringen/nieuw/", views.StatementCreateView.as_view(), name="statement_create"),
    path("coalitions/verklaringen/<int:pk>/bewerken/", views.StatementUpdateView.as_view(), name="statement_update"),
]
