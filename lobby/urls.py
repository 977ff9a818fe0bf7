from django.urls import path

from lobby.views import coalitions, dossiers

app_name = "lobby"

# Prefixes: coalitions/, dossiers/.
urlpatterns = [
    path("coalitions/", coalitions.CoalitionListView.as_view(), name="coalition_list"),
    path("coalitions/new/", coalitions.CoalitionCreateView.as_view(), name="coalition_create"),
    path("coalitions/<int:pk>/", coalitions.CoalitionDetailView.as_view(), name="coalition_detail"),
    path("coalitions/<int:pk>/edit/", coalitions.CoalitionUpdateView.as_view(), name="coalition_update"),
    path("coalitions/<int:pk>/statements/new/", coalitions.StatementCreateView.as_view(), name="statement_create"),
    path("coalitions/statements/<int:pk>/edit/", coalitions.StatementUpdateView.as_view(), name="statement_update"),
    path("dossiers/", dossiers.DossierListView.as_view(), name="dossier_list"),
    path("dossiers/new/", dossiers.DossierCreateView.as_view(), name="dossier_create"),
    path("dossiers/<int:pk>/", dossiers.DossierDetailView.as_view(), name="dossier_detail"),
    path("dossiers/<int:pk>/edit/", dossiers.DossierUpdateView.as_view(), name="dossier_update"),
    path("dossiers/<int:pk>/positions/new/", dossiers.PositionCreateView.as_view(), name="position_create"),
]
