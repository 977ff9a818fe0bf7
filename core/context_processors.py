"""The navigation bar, for every page."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, attribute the user needs or None). The first ones stand in the bar, in this
# order; the rest sit under "More", so the bar fits a laptop screen.
NAVIGATION = [
    ("overview:dashboard", _("Dashboard"), None),
    ("meetings:week", _("Week"), None),
    ("overview:organisation_list", _("Stakeholders"), None),
    ("overview:member_list", _("Members"), None),
    ("overview:theme_list", _("Themes"), None),
    ("meetings:overleg_list", _("Overleggen"), None),
    ("relations:my_actions", _("My actions"), None),
]
MORE = [
    ("overview:contact_list", _("Contacts"), None),
    ("lobby:coalition_list", _("Coalitions"), None),
    ("lobby:dossier_list", _("Dossiers"), None),
    ("meetings:review_list", _("Reviews"), None),
    ("overview:report_index", _("Reports"), None),
    ("admin:index", _("Admin"), "is_staff"),
]


def _items(request, entries):
    items = []
    for url_name, label, needs in entries:
        if needs and not getattr(request.user, needs, False):
            continue
        url = reverse(url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return items


def navigation(request):
    """The navigation bar's items and the "More" menu, with the current section marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    more = _items(request, MORE)
    return {
        "nav_items": _items(request, NAVIGATION),
        "nav_more": more,
        "nav_more_active": any(i["active"] for i in more),
    }
