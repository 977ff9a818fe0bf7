"""Mijn account: the colleague's own page, included at /account/ by the root URLconf."""

from django.urls import path

from overview.views import account as views

urlpatterns = [
    path("", views.AccountView.as_view(), name="account"),
    path("agendalink/nieuw/", views.CalendarTokenRenewView.as_view(), name="calendar_token_renew"),
    path("agendalink/intrekken/", views.CalendarTokenRevokeView.as_view(), name="calendar_token_revoke"),
]
