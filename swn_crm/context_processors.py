from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, permission needed or None). Order is the order in the navigation bar.
NAVIGATION = [
    ("meetings:dashboard", _("Dashboard"), None),
    ("meetings:week", _("Week"), None),
    ("stakeholders:organisation_list", _("Stakeholders"), None),
    ("stakeholders:member_list", _("Members"), None),
    ("themes:theme_list", _("Themes"), None),
    ("meetings:overleg_list", _("Overleggen"), None),
    ("stakeholders:contact_list", _("Contacts"), None),
    ("stakeholders:my_actions", _("My actions"), None),
    ("meetings:review_list", _("Reviews"), None),
    ("stakeholders:coalition_list", _("Coalitions"), None),
    ("themes:dossier_list", _("Dossiers"), None),
    ("themes:report_index", _("Reports"), None),
    ("admin:index", _("Admin"), "is_staff"),
]


def navigation(request):
    """The navigation bar's items, with the current section marked."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    items = []
    for url_name, label, needs in NAVIGATION:
        if needs and not getattr(user, needs, False):
            continue
        url = reverse(url_name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    return {"nav_items": items}
