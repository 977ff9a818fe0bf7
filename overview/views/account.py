"""Mijn account: the colleague's language, calendar link and password."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from core.access import PostOnlyMixin
from meetings.models import CalendarToken


class AccountView(TemplateView):
    """Mijn account: who you are in the CRM, and your calendar subscription link."""

    template_name = "overview/account.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = CalendarToken.objects.active().filter(user=self.request.user).first()
        feed_url = None
        if token:
            feed_url = self.request.build_absolute_uri(reverse("meetings:calendar_feed", args=[token.token]))
        context.update(
            themes=self.request.user.themes.all(),
            calendar_token=token,
            feed_url=feed_url,
            # Apple Calendar and Outlook open webcal:// links as a subscription straight away.
            webcal_url=feed_url and "webcal://" + feed_url.split("://", 1)[1],
        )
        return context


class CalendarTokenRenewView(PostOnlyMixin, View):
    """Make a new calendar link; the old one stops working at once."""

    def post(self, request):
        had_one = CalendarToken.objects.active().filter(user=request.user).exists()
        CalendarToken.objects.issue(user=request.user)
        if had_one:
            messages.success(request, _("Your new calendar link is ready. The old link no longer works."))
        else:
            messages.success(request, _("Your calendar link is ready. Add it to your calendar app as shown below."))
        return redirect("overview:account")


class CalendarTokenRevokeView(PostOnlyMixin, View):
    """Stop the calendar link, e.g. after sharing it by mistake."""

    def post(self, request):
        if CalendarToken.objects.revoke(user=request.user):
            messages.success(
                request, _("Your calendar link has been revoked. Calendars subscribed to it no longer update.")
            )
        return redirect("overview:account")
