"""The URL map: one prefix per app, one vocabulary, and the addresses that must never change."""

import re

from django.urls import URLPattern, URLResolver, get_resolver

from swn_crm.redirects import PATHS

# Words of the vocabulary that are not English but Dutch domain words with no English one.
DUTCH_DOMAIN_WORDS = {"overleggen"}
OLD_WORDS = {row[0].split("/")[i] for row in PATHS for i in range(len(row[0].split("/")))} - {
    "",
    "stakeholders",
    "contacts",
    "members",
    "meetings",
    "coalitions",
    "dossiers",
    "themes",
    "account",
    "week",
    "privacy",
    "export",
    "<int:pk>",
    "<slug:slug>",
    *DUTCH_DOMAIN_WORDS,
}


def app_routes():
    """(namespace, full route) for every named page of the apps."""
    routes = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and namespace:
                routes.append((namespace, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", None)
    return [(ns, route) for ns, route in routes if ns != "admin"]


def test_no_two_apps_share_a_first_path_segment():
    owners = {}
    for namespace, route in app_routes():
        owners.setdefault(route.split("/")[0], set()).add(namespace)
    shared = {segment: apps for segment, apps in owners.items() if len(apps) > 1}
    assert shared == {}


def test_paths_use_one_vocabulary_without_the_old_dutch_words():
    for _namespace, route in app_routes():
        for segment in route.split("/"):
            assert segment not in OLD_WORDS, route
            if not segment.startswith("<") and "<" not in segment:
                assert re.fullmatch(r"[a-z0-9.-]*", segment), route


def test_the_calendar_feed_keeps_its_address():
    assert ("meetings", "calendar/<str:token>.ics") in app_routes()
