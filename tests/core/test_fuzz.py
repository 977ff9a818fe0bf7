"""Property-based: random query strings and form data never give a server error.

Hypothesis draws parameter names from each page's real filters (plus random ones) and values
from random text, numbers, dates out of range, NUL bytes, SQL and HTML fragments.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lobby.filters import CoalitionFilterSet, DossierFilterSet
from meetings.filters import MeetingFilterSet, OverlegFilterSet, ReviewFilterSet
from overview.filters import ContactFilterSet, MemberFilterSet, OrganisationFilterSet, RelationshipHealthFilterSet
from relations.filters import FollowUpFilterSet
from tests.factories import (
    AttendanceFactory,
    ContactPersonFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
NASTY = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "99999999999999999999999",
    "2026-13-45",
    "2026-W99",
    "\x00",
    "nul\x00byte",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "ééé 👩🏽‍💻 עברית",
    "a" * 3000,
    "%",
    "_",
    "[]",
    "true",
]
values = st.one_of(st.sampled_from(NASTY), st.text(max_size=40), st.integers().map(str), st.dates().map(str))


def params_for(names):
    keys = st.one_of(st.sampled_from(sorted(names)), st.text(min_size=1, max_size=10))
    return st.dictionaries(keys, st.one_of(values, st.lists(values, max_size=3)), max_size=6)


def filter_names(filterset):
    return set(filterset.base_filters) | {"q", "page", "sort", "format", "layout", "o"}


@pytest.fixture
def data(db):
    theme = ThemeFactory(slug="fuzz-thema")
    membership = MembershipFactory()
    membership.organisation.themes.add(theme)
    ContactPersonFactory(organisation=membership.organisation)
    overleg = OverlegFactory(organiser=OrganisationFactory(), themes=[theme])
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=1)
    meeting = MeetingFactory(overleg=overleg, start=start, end=start + datetime.timedelta(hours=1))
    meeting.organisations.add(membership.organisation)
    return {"overleg": overleg, "meeting": meeting, "organisation": membership.organisation}


def assert_no_server_error(client, method, path, payload):
    response = getattr(client, method)(path, payload)
    assert response.status_code < 500, (path, payload)


LIST_PAGES = [
    ("/stakeholders/", filter_names(OrganisationFilterSet)),
    ("/members/", filter_names(MemberFilterSet)),
    ("/contacts/", filter_names(ContactFilterSet)),
    ("/overleggen/", filter_names(OverlegFilterSet)),
    ("/week/", filter_names(MeetingFilterSet)),
    ("/search/", {"q", "page"}),
    ("/follow-ups/", filter_names(FollowUpFilterSet)),
    ("/reviews/", filter_names(ReviewFilterSet)),
    ("/coalitions/", filter_names(CoalitionFilterSet)),
    ("/dossiers/", filter_names(DossierFilterSet)),
    ("/reports/relationships/", filter_names(RelationshipHealthFilterSet)),
    ("/reports/staff-load/", {"van", "tot", "maand", "jaar"}),
    ("/themes/fuzz-thema/map/", {"q"}),
    ("/themes/fuzz-thema/network/", {"start", "end"}),
    ("ORGANISATION", {"kind", "theme"}),
    ("/themes/", {"q"}),
    ("/", {"q"}),
]


@pytest.mark.parametrize(("path", "names"), LIST_PAGES, ids=[path for path, _ in LIST_PAGES])
def test_list_pages_never_fail_on_random_query_strings(path, names, editor, data):
    client = Client()
    client.force_login(editor)
    if path == "ORGANISATION":  # the organisation page's timeline filter
        path = f"/stakeholders/{data['organisation'].pk}/"

    @FUZZ
    @given(params=params_for(names))
    def run(params):
        assert_no_server_error(client, "get", path, params)

    run()


@FUZZ
@given(
    segment=st.one_of(
        st.sampled_from(["2026-W53", "2027-W53", "2026-W00", "0000-W01", "9999-W52"]), st.text(max_size=12)
    )
)
def test_week_addresses_never_fail(segment, viewer_client, data):
    from urllib.parse import quote

    response = viewer_client.get(f"/week/{quote(segment, safe='')}/")
    assert response.status_code in {200, 301, 302, 404}


def form_cases(data):
    overleg, meeting = data["overleg"], data["meeting"]
    return [
        (
            "/overleggen/new/",
            [
                "name",
                "kind",
                "purpose",
                "organiser",
                "themes",
                "frequency",
                "interval",
                "weekday",
                "week_of_month",
                "recurrence_start",
                "start_time",
                "end_time",
                "organisations",
                "delegates",
                "location",
                "online_url",
                "is_active",
            ],
        ),
        (f"/overleggen/{overleg.pk}/edit/", ["name", "kind", "frequency", "interval", "start_time", "end_time"]),
        (
            "/meetings/new/",
            [
                "overleg",
                "title",
                "date",
                "start_time",
                "end_time",
                "end_date",
                "location",
                "online_url",
                "agenda",
                "organisations",
                "contacts",
                "seats-TOTAL_FORMS",
                "seats-INITIAL_FORMS",
                "seats-0-user",
                "seats-0-role",
                "seats-0-status",
            ],
        ),
        (f"/meetings/{meeting.pk}/edit/", ["title", "date", "start_time", "end_time", "seats-TOTAL_FORMS"]),
        (f"/meetings/{meeting.pk}/attendance/", ["status", "user"]),
        ("/week/pick/", ["week", "week_text", "layout"]),
    ]


@pytest.mark.parametrize("case", range(6))
def test_forms_never_fail_on_random_input(case, editor, data):
    client = Client()
    client.force_login(editor)
    AttendanceFactory(meeting=data["meeting"], user=editor)
    path, names = form_cases(data)[case]

    @FUZZ
    @given(payload=params_for(names))
    def run(payload):
        method = "get" if path.startswith("/week/pick/") else "post"
        assert_no_server_error(client, method, path, payload)

    run()
