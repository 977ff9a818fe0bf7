from django.urls import path

from lobby.views import coalitions, dossiers

app_name = "lobby"

urlpatterns = [
    path("coalitions/", coalitions.CoalitionListView.as_view(), name="coalition_list"),
    path("coalitions/nieuw/", coalitions.CoalitionCreateView.as_view(), name="coalition_create"),
    path("coalitions/<int:pk>/", coalitions.CoalitionDetailView.as_view(), name="coalition_detail"),
    path("coalitions/<int:pk>/bewerken/", coalitions.CoalitionUpdateView.as_view(), name="coalition_update"),
    path("coalitions/<int:pk>/verklaringen/nieuw/", coalitions.StatementCreateView.as_view(), name="statement_create"),
    path(
        "coalitions/verklaringen/<int:pk>/bewerken/", coalitions.StatementUpdateView.as_view(), name="statement_update"
    ),
    path("dossiers/", dossiers.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/nieuw/", dossiers.DossierCreateView.as_view(), name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.DossierDetailView.as_view(), name="dossier_detail"),
    path("dossiers/<int:pk>/bewerken/", dossiers.DossierUpdateView.as_view(), name="dossier_update"),
    path("dossiers/<int:pk>/standpunt/", dossiers.PositionCreateView.as_view(), name="position_create"),
]
