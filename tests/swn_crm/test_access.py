"""Every URL in the URLconf is walked: anonymous visitors may only reach the public ones."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_URL_NAMES = {
    "login",
    "healthz",
    "set_language",
    "calendar_feed",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "invitation_accept",
}
SAMPLE_VALUES = {
    "int": "1",
    "str": "x",
    "slug": "sociale-basis-preventie",
    "path": "x",
    "uuid": "00000000-0000-0000-0000-000000000001",
}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, namespace


def _sample_path(route):
    """Turn a route like 'week/<int:year>-W<int:week>/' into a concrete path."""
    import re

    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    return "/" + re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "x"), route)


def app_urls():
    for route, name, namespace in _walk(get_resolver().url_patterns):
        if namespace == "admin" or "(?P" in route:
            continue
        yield pytest.param(_sample_path(route), name, id=f"{namespace}:{name}" if namespace else str(name))


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), list(app_urls()))
def test_anonymous_visitors_are_sent_to_login_except_on_public_pages(client, path, name):
    response = client.get(path)
    if name in PUBLIC_URL_NAMES:
        assert response.status_code != 302 or "/accounts/login/" not in response.get("Location", "")
    else:
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/?next="), path


@pytest.mark.django_db
def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.django_db
def test_login_page_is_dutch_by_default(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Inloggen" in response.content.decode()


@pytest.mark.django_db
def test_logout_ends_the_session(client, viewer):
    client.force_login(viewer)
    assert client.get("/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
