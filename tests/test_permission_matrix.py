"""Every URL, every persona: the expected answer is written down, so a new view without a decision fails.

Columns: anonymous, Medewerker (viewer), Redacteur (editor), Beheerder (admin). "login" means a
redirect to the login page. GET is tried on every URL; POST on the ones that change something.

This is the one place for "who gets which answer": the per-app persona suites that only checked
a status code were folded into these tables. Tests that check more than the answer (that a refused
write changed nothing, that a page hides a button) stay with their app.
"""

import datetime

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.factories import (
    AttendanceFactory,
    CoalitionFactory,
    ContactMomentFactory,
    ContactPersonFactory,
    JointStatementFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    PolicyDossierFactory,
)

LOGIN = "login"


def _walk(patterns, prefix="", namespace=""):
    """(route, name, namespace) of every URL pattern, included URLconfs too."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, namespace


PUBLIC_OK = (200, 200, 200, 200)
READ = (LOGIN, 200, 200, 200)
EDIT = (LOGIN, 403, 200, 200)
POST_ONLY = (LOGIN, 405, 405, 405)
POST_ONLY_EDIT = (LOGIN, 403, 405, 405)
BEHEERDER_ONLY = (LOGIN, 403, 403, 200)

GET_EXPECTED = {
    "login": (200, 302, 302, 302),  # a logged-in colleague is sent on to the dashboard
    "logout": (LOGIN, 405, 405, 405),
    "password_reset": PUBLIC_OK,
    "password_reset_done": PUBLIC_OK,
    "password_reset_confirm": PUBLIC_OK,  # shows "this link is no longer valid"
    "password_reset_complete": PUBLIC_OK,
    "invitation_accept": PUBLIC_OK,
    "healthz": PUBLIC_OK,
    "set_language": (405, 405, 405, 405),
    "overview:account": READ,
    "overview:calendar_token_renew": POST_ONLY,
    "overview:calendar_token_revoke": POST_ONLY,
    "overview:dashboard": READ,
    "meetings:week": READ,
    "meetings:week_pick": (LOGIN, 302, 302, 302),
    "meetings:week_detail": READ,
    "meetings:calendar_feed": (404, 404, 404, 404),  # a wrong token opens nothing, logged in or not
    "meetings:overleg_calendar": READ,
    "meetings:overleg_list": READ,
    "meetings:overleg_create": EDIT,
    "meetings:overleg_detail": READ,
    "meetings:overleg_update": EDIT,
    "meetings:meeting_create": EDIT,
    "meetings:meeting_detail": READ,
    "meetings:meeting_update": EDIT,
    "meetings:meeting_cancel": POST_ONLY_EDIT,
    "meetings:meeting_outcome": EDIT,
    "meetings:attendance_respond": POST_ONLY,
    "overview:organisation_list": READ,
    "overview:organisation_detail": READ,
    "overview:member_list": READ,
    "overview:contact_list": READ,
    "overview:search": READ,
    "overview:theme_list": READ,
    "overview:theme_detail": READ,
    "lobby:coalition_list": READ,
    "lobby:coalition_create": EDIT,
    "lobby:coalition_detail": READ,
    "lobby:coalition_update": EDIT,
    "lobby:statement_create": EDIT,
    "lobby:statement_update": EDIT,
    "overview:theme_map": READ,
    "overview:theme_network": READ,
    "lobby:dossier_list": READ,
    "lobby:dossier_create": EDIT,
    "lobby:dossier_detail": READ,
    "lobby:dossier_update": EDIT,
    "lobby:position_create": EDIT,
    "overview:report_index": READ,
    "overview:report_relationships": READ,
    "overview:report_staff_load": READ,
    "meetings:overleg_export": READ,
    "meetings:overleg_import": EDIT,
    "meetings:overleg_history": READ,
    "meetings:meeting_export": READ,
    "meetings:meeting_import": EDIT,
    "meetings:meeting_history": READ,
    "overview:organisation_export": READ,
    "stakeholders:organisation_import": EDIT,
    "overview:organisation_history": READ,
    "overview:member_export": READ,
    "overview:contact_export": READ,
    "stakeholders:contact_import": EDIT,
    "stakeholders:retention_report": BEHEERDER_ONLY,
    "stakeholders:contact_privacy": EDIT,
    "stakeholders:contact_privacy_flags": POST_ONLY_EDIT,
    "stakeholders:contact_data_export": (LOGIN, 403, 403, 405),
    "stakeholders:contact_erase": (LOGIN, 403, 403, 405),
    "meetings:review_list": READ,
    "meetings:review_create": EDIT,
    "relations:contact_moment_create": READ,  # every colleague logs contact moments
    "relations:contact_moment_update": EDIT,  # the creator, or an editor (here: someone else's)
    "relations:contact_moment_delete": EDIT,
    "relations:meeting_contact_moments": READ,
    "relations:my_actions": READ,
    "relations:follow_up_done": POST_ONLY,
    "relations:follow_up_reopen": POST_ONLY,
}

IMPORT_POST = (LOGIN, 403, 400, 400)  # a post without an upload step is a bad request

# POST to the views that change something, with an empty body: refused or an invalid form, never a write
# by someone not allowed. (Valid writes are tested with each feature.)
POST_EXPECTED = {
    "meetings:overleg_create": (LOGIN, 403, 200, 200),
    "meetings:overleg_update": (LOGIN, 403, 200, 200),
    "meetings:meeting_create": (LOGIN, 403, 200, 200),
    "meetings:meeting_update": (LOGIN, 403, 200, 200),
    "meetings:meeting_cancel": (LOGIN, 403, 302, 302),
    "meetings:meeting_outcome": (LOGIN, 403, 200, 200),
    "overview:calendar_token_renew": (LOGIN, 302, 302, 302),
    "overview:calendar_token_revoke": (LOGIN, 302, 302, 302),
    "lobby:coalition_create": (LOGIN, 403, 200, 200),
    "lobby:coalition_update": (LOGIN, 403, 200, 200),
    "lobby:statement_create": (LOGIN, 403, 200, 200),
    "lobby:statement_update": (LOGIN, 403, 200, 200),
    "lobby:dossier_create": (LOGIN, 403, 200, 200),
    "lobby:dossier_update": (LOGIN, 403, 200, 200),
    "lobby:position_create": (LOGIN, 403, 200, 200),
    "meetings:meeting_detail": (LOGIN, 405, 405, 405),
    "meetings:attendance_respond": (LOGIN, 302, 302, 302),  # not on the list: changes nothing, back to the meeting
    "meetings:overleg_import": IMPORT_POST,
    "meetings:meeting_import": IMPORT_POST,
    "stakeholders:organisation_import": IMPORT_POST,
    "stakeholders:contact_import": IMPORT_POST,
}


def url_names():
    for route, name, namespace in _walk(get_resolver().url_patterns):
        if namespace == "admin" or name is None:  # unnamed: the old addresses, tests/core/test_redirects.py
            continue
        yield (f"{namespace}:{name}" if namespace else name), route


@pytest.fixture
def world(db):
    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=2)
    overleg = OverlegFactory()
    meeting = MeetingFactory(overleg=overleg, start=start, end=start + datetime.timedelta(hours=2))
    organisation = OrganisationFactory()
    today = timezone.localdate().isocalendar()
    values = {
        "pk": None,
        "slug": "sociale-basis-preventie",
        "year": str(today.year),
        "week": f"{today.week:02d}",
        "token": "x" * 43,
        "uidb64": "MQ",
        "token_reset": "set-password",
    }
    coalition = CoalitionFactory()
    return {
        "overleg": overleg,
        "meeting": meeting,
        "organisation": organisation,
        "coalition": coalition,
        "statement": JointStatementFactory(coalition=coalition),
        "dossier": PolicyDossierFactory(),
        "contact": ContactPersonFactory(organisation=organisation),
        "contact_moment": ContactMomentFactory(organisation=organisation, follow_up="Bellen"),
        "values": values,
    }


def concrete(name, route, world):
    import re

    def value(match):
        key = match.group(2)
        if key == "pk":
            for kind, words in (
                ("contact_moment", ("contact_moment_update", "contact_moment_delete", "follow_up")),
                ("overleg", ("review_create",)),
                ("statement", ("statement_update",)),
                ("coalition", ("coalition", "statement_create")),
                ("dossier", ("dossier", "position")),
            ):
                if any(word in name for word in words):
                    return str(world[kind].pk)
            if name == "relations:meeting_contact_moments":
                return str(world["meeting"].pk)
            if "contact" in name:
                return str(world["contact"].pk)
            if "overleg" in name:
                return str(world["overleg"].pk)
            if "meeting" in name or "attendance" in name:
                return str(world["meeting"].pk)
            return str(world["organisation"].pk)
        if key == "token" and "reset" in name or key == "token" and "invitation" in name:
            return world["values"]["token_reset"]
        return world["values"][key]

    path = "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    if name == "relations:contact_moment_create":
        path += f"?organisation={world['organisation'].pk}"
    return path


def clients(viewer, editor, admin_user):
    result = [Client()]
    for user in (viewer, editor, admin_user):
        client = Client()
        client.force_login(user)
        result.append(client)
    return result


def check(response, expected, path):
    if expected == LOGIN:
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/"), path
    else:
        assert response.status_code == expected, (path, response.status_code)


def test_every_url_has_a_decision_for_every_persona():
    missing = sorted(name for name, _route in url_names() if name not in GET_EXPECTED)
    assert missing == [], "add these URLs to GET_EXPECTED with the answer each persona should get"


@pytest.mark.parametrize(("name", "route"), list(url_names()), ids=lambda value: str(value))
def test_get_answers_as_decided(name, route, world, viewer, editor, admin_user):
    if name not in GET_EXPECTED:
        pytest.fail(f"{name} has no decision in GET_EXPECTED")
    path = concrete(name, route, world)
    if name == "meetings:attendance_respond":
        AttendanceFactory(meeting=world["meeting"], user=viewer)
    for client, expected in zip(clients(viewer, editor, admin_user), GET_EXPECTED[name], strict=True):
        check(client.get(path), expected, path)


@pytest.mark.parametrize("name", sorted(POST_EXPECTED))
def test_post_answers_as_decided(name, world, viewer, editor, admin_user):
    route = dict(url_names())[name]
    path = concrete(name, route, world)
    for client, expected in zip(clients(viewer, editor, admin_user), POST_EXPECTED[name], strict=True):
        check(client.post(path, {}), expected, path)
