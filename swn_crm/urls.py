from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from swn_crm import redirects, views

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "accounts/invitation/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context={"invitation": True}),
        name="invitation_accept",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # One include per app. overview is mounted at the root; every app's paths start with
    # segments of its own (tests/core/test_url_map.py checks that no two apps share one):
    #   overview      "", stakeholders/, members/, contacts/, search/, themes/, reports/, account/
    #   stakeholders  directory/ (import, privacy, retention)
    #   meetings      week/, calendar/, overleggen/, meetings/, reviews/
    #   relations     contact-moments/, follow-ups/
    #   lobby         coalitions/, dossiers/
    path("", include("overview.urls")),
    path("directory/", include("stakeholders.urls")),
    path("", include("meetings.urls")),
    path("", include("relations.urls")),
    path("", include("lobby.urls")),
    # Old addresses, 301 to the new ones.
    *redirects.urlpatterns,
]
