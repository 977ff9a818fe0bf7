"""The page cache is exact: whatever changes the data, the next request shows the change.

Each test fetches a cached page twice (the second answer comes from the cache), changes the data
the way the application or an administrator would (a save, a bulk `update()`, a many-to-many
change, a rename of a related record), and checks the very next answer shows the change.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings.choices import AttendanceStatus
from meetings.models import Attendance, Meeting
from swn_crm import pagecache
from swn_crm.models import CalendarToken
from tests.factories import (
    AttendanceFactory,
    ContactMomentFactory,
    ContactPersonFactory,
    MeetingFactory,
    OrganisationFactory,
    OverlegFactory,
    ThemeFactory,
    UserFactory,
)
from tests.helpers import logged_in_client
from themes.models import Theme

pytestmark = pytest.mark.django_db


def _tomorrow(hour=10):
    day = timezone.localdate() + datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=tz)


def _week_url(start):
    year, week, _ = timezone.localdate(start).isocalendar()
    return f"/week/{year}-W{week:02d}/"


def _cached(client, url, django_assert_max_num_queries, most=9):
    """Fetch `url` twice; the second time must come from the cache (few queries: the session, the
    user, the data version, the viewer's permissions (2) and the session save)."""
    first = client.get(url)
    assert first.status_code == 200
    with django_assert_max_num_queries(most):
        second = client.get(url)
    assert _main(second) == _main(first)  # the rest holds a fresh CSRF token every time
    return second.content.decode()


def _main(response):
    """The page's main part, with its CSRF tokens blanked: every response masks the token anew."""
    content = response.content.decode()
    content = content[content.find("<main") : content.find("</main>")] if "<main" in content else content
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken" value=""', content)


def test_every_table_of_the_crm_bumps_the_data_version_on_insert_update_and_delete():
    for table in pagecache.watched_tables():
        assert table in connection.introspection.table_names()
    theme = ThemeFactory()
    before = pagecache.data_version()
    Theme.objects.filter(pk=theme.pk).update(name="Anders")  # a bulk update, no signals
    after_update = pagecache.data_version()
    assert after_update != before
    Theme.objects.filter(pk=theme.pk).delete()
    assert pagecache.data_version() != after_update


def test_the_watched_tables_include_the_many_to_many_tables():
    tables = pagecache.watched_tables()
    assert Meeting.organisations.through._meta.db_table in tables
    assert Attendance._meta.db_table in tables
    assert "swn_crm_user" in tables


def test_week_page_shows_a_renamed_meeting_at_once(viewer_client, django_assert_max_num_queries):
    meeting = MeetingFactory(title="Armoedeoverleg", start=_tomorrow(), end=_tomorrow(12))
    url = _week_url(meeting.start)
    assert "Armoedeoverleg" in _cached(viewer_client, url, django_assert_max_num_queries)
    Meeting.objects.filter(pk=meeting.pk).update(title="Schuldenoverleg")
    content = viewer_client.get(url).content.decode()
    assert "Schuldenoverleg" in content and "Armoedeoverleg" not in content


def test_week_page_shows_a_declined_attendance_and_a_renamed_colleague_at_once(
    viewer_client, django_assert_max_num_queries
):
    meeting = MeetingFactory(start=_tomorrow(), end=_tomorrow(12))
    colleague = UserFactory(first_name="Joost", last_name="Bakker")
    AttendanceFactory(meeting=meeting, user=colleague, status=AttendanceStatus.BEVESTIGD)
    url = _week_url(meeting.start) + "?weergave=collega"
    assert "bevestigd" in _cached(viewer_client, url, django_assert_max_num_queries)
    Attendance.objects.filter(meeting=meeting).update(status=AttendanceStatus.AFGEMELD)
    colleague.first_name = "Jozef"
    colleague.save()
    content = viewer_client.get(url).content.decode()
    assert "Jozef Bakker" in content and "Joost Bakker" not in content


def test_week_page_of_my_meetings_is_not_shared_between_colleagues(client, django_assert_max_num_queries):
    nienke, lex = UserFactory(first_name="Nienke"), UserFactory(first_name="Lex")
    meeting = MeetingFactory(title="Alleen Nienke", start=_tomorrow(), end=_tomorrow(12))
    AttendanceFactory(meeting=meeting, user=nienke, status=AttendanceStatus.BEVESTIGD)
    url = _week_url(meeting.start) + "?mijn=on"
    client.force_login(nienke)
    assert "Alleen Nienke" in _cached(client, url, django_assert_max_num_queries)
    client.force_login(lex)
    assert "Alleen Nienke" not in client.get(url).content.decode()


def test_theme_page_shows_an_organisation_added_to_the_theme_at_once(viewer_client, django_assert_max_num_queries):
    theme = ThemeFactory(slug="thema-cache")
    url = f"/themes/{theme.slug}/"
    assert "Gemeente Zwolle" not in _cached(viewer_client, url, django_assert_max_num_queries)
    organisation = OrganisationFactory(name="Gemeente Zwolle")
    organisation.themes.add(theme)  # only a many-to-many row changes
    assert "Gemeente Zwolle" in viewer_client.get(url).content.decode()


def test_theme_page_shows_a_renamed_organisation_at_a_coming_meeting_at_once(
    viewer_client, django_assert_max_num_queries
):
    theme = ThemeFactory(slug="thema-vergadering")
    organisation = OrganisationFactory(name="Stichting Oud", themes=[theme])
    meeting = MeetingFactory(overleg=OverlegFactory(themes=[theme]), start=_tomorrow(), end=_tomorrow(12))
    meeting.organisations.add(organisation)
    url = f"/themes/{theme.slug}/"
    assert "Stichting Oud" in _cached(viewer_client, url, django_assert_max_num_queries)
    organisation.name = "Stichting Nieuw"
    organisation.save()
    content = viewer_client.get(url).content.decode()
    assert "Stichting Nieuw" in content and "Stichting Oud" not in content


def test_calendar_feed_shows_a_moved_and_a_new_meeting_at_once(client, django_assert_max_num_queries):
    nienke = UserFactory()
    meeting = MeetingFactory(title="Eerste", start=_tomorrow(), end=_tomorrow(12))
    AttendanceFactory(meeting=meeting, user=nienke, status=AttendanceStatus.BEVESTIGD)
    url = f"/calendar/{CalendarToken.objects.issue(user=nienke).token}.ics"
    assert "Eerste" in _cached(client, url, django_assert_max_num_queries, most=2)
    Meeting.objects.filter(pk=meeting.pk).update(location="Utrecht, Stadskantoor")
    second = MeetingFactory(title="Tweede", start=_tomorrow(14), end=_tomorrow(15))
    AttendanceFactory(meeting=second, user=nienke)
    content = client.get(url).content.decode()
    assert "Utrecht\\, Stadskantoor" in content and "Tweede" in content


def test_calendar_feed_drops_a_meeting_once_it_is_older_than_the_history(client, monkeypatch):
    nienke = UserFactory()
    start = timezone.now() - datetime.timedelta(days=180)
    meeting = MeetingFactory(title="Lang geleden", start=start, end=start + datetime.timedelta(hours=1))
    AttendanceFactory(meeting=meeting, user=nienke, status=AttendanceStatus.BEVESTIGD)
    url = f"/calendar/{CalendarToken.objects.issue(user=nienke).token}.ics"
    assert "Lang geleden" in client.get(url).content.decode()
    later = timezone.now() + datetime.timedelta(days=5)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Lang geleden" not in client.get(url).content.decode()


def test_a_revoked_calendar_token_is_refused_even_when_its_feed_is_cached(client):
    nienke = UserFactory()
    url = f"/calendar/{CalendarToken.objects.issue(user=nienke).token}.ics"
    assert client.get(url).status_code == 200
    CalendarToken.objects.revoke(user=nienke)
    assert client.get(url).status_code == 404


def test_stakeholder_list_shows_a_new_meeting_at_once_and_moves_it_to_last_contact_once_begun(
    viewer_client, django_assert_max_num_queries, monkeypatch
):
    organisation = OrganisationFactory(name="Gemeente Deventer", is_stakeholder=True)
    url = "/stakeholders/"
    content = _cached(viewer_client, url, django_assert_max_num_queries, most=10)
    assert "Overleg Deventer" not in content and "niets gepland" in content
    start = timezone.now() + datetime.timedelta(minutes=30)
    meeting = MeetingFactory(title="Overleg Deventer", start=start, end=start + datetime.timedelta(hours=1))
    meeting.organisations.add(organisation)
    content = viewer_client.get(url).content.decode()
    assert "Overleg Deventer" in content and "nooit" in content and "niets gepland" not in content
    # An hour later nothing was written, yet the meeting is the last contact, no longer the next.
    later = start + datetime.timedelta(minutes=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    content = viewer_client.get(url).content.decode()
    assert "niets gepland" in content and "nooit" not in content


def test_member_list_shows_a_changed_member_number_at_once(viewer_client, django_assert_max_num_queries):
    from tests.factories import MembershipFactory

    membership = MembershipFactory(member_number="L-0001")
    assert "L-0001" in _cached(viewer_client, "/members/", django_assert_max_num_queries, most=10)
    type(membership).objects.filter(pk=membership.pk).update(member_number="L-0002")
    content = viewer_client.get("/members/").content.decode()
    assert "L-0002" in content and "L-0001" not in content


@pytest.mark.parametrize("path", ["/stakeholders/", "/members/", "/week/"])
def test_a_page_cached_for_an_editor_never_shows_their_buttons_to_a_viewer(path, editor, viewer):
    # Both log in first: a login writes last_login, which changes the data version.
    editor_client, viewer_client = logged_in_client(editor), logged_in_client(viewer)
    assert "/importeren/" in editor_client.get(path).content.decode()
    assert "/importeren/" not in viewer_client.get(path).content.decode()


def test_a_theme_page_cached_for_an_editor_does_not_offer_a_viewer_to_start_a_dossier(editor, viewer):
    theme = Theme.objects.get(slug="politiek-lobby")
    theme.dossiers.all().delete()
    editor_client, viewer_client = logged_in_client(editor), logged_in_client(viewer)
    assert "/dossiers/nieuw/" in editor_client.get(f"/themes/{theme.slug}/").content.decode()
    assert "/dossiers/nieuw/" not in viewer_client.get(f"/themes/{theme.slug}/").content.decode()


# -- Pages with forms and per-colleague buttons: dashboard, organisation, overleg and meeting pages --


def _token_in_form(html, action):
    """The CSRF token inside the form posting to `action`."""
    form = re.search(rf'<form[^>]*action="{re.escape(action)}".*?</form>', html, re.DOTALL).group(0)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)


def test_a_cached_form_carries_the_token_of_whoever_reads_it(viewer):
    """Two browsers of one colleague: the second gets the page from the cache, and its form must
    still be accepted. A token stored in the cache would be the first browser's: 403."""
    moment = ContactMomentFactory(follow_up="Nota nasturen", follow_up_assignee=viewer)
    action = f"/acties/{moment.pk}/klaar/"
    first = logged_in_client(viewer, enforce_csrf_checks=True)
    second = logged_in_client(viewer, enforce_csrf_checks=True)
    first_html = first.get("/").content.decode()
    with CaptureQueriesContext(connection) as queries:
        second_html = second.get("/").content.decode()
    assert not any("stakeholders_contactmoment" in query["sql"] for query in queries)  # from the cache
    assert pagecache.csrf_placeholder() not in second_html
    token = _token_in_form(second_html, action)
    assert token != _token_in_form(first_html, action)
    response = second.post(action, {"csrfmiddlewaretoken": token, "next": "/"})
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.follow_up_done_at is not None


def test_dashboard_shows_a_ticked_off_follow_up_at_once(viewer, django_assert_max_num_queries):
    moment = ContactMomentFactory(follow_up="Cijfers opvragen", follow_up_assignee=viewer)
    client = logged_in_client(viewer)
    tick = f'action="/acties/{moment.pk}/klaar/"'
    assert tick in _cached(client, "/", django_assert_max_num_queries)
    client.post(f"/acties/{moment.pk}/klaar/", {"next": "/"})
    assert tick not in _main(client.get("/"))


def test_dashboard_is_not_shared_between_colleagues_with_the_same_role(viewer, other_viewer):
    ContactMomentFactory(follow_up="Alleen voor Mira", follow_up_assignee=viewer)
    mira, marco = logged_in_client(viewer), logged_in_client(other_viewer)
    assert "Alleen voor Mira" in mira.get("/").content.decode()
    assert "Alleen voor Mira" not in marco.get("/").content.decode()


def test_dashboard_moves_a_colleagues_meeting_with_my_relation_out_once_it_has_begun(viewer, monkeypatch):
    organisation = OrganisationFactory(name="Gemeente Ede", owner=viewer)
    start = timezone.now() + datetime.timedelta(hours=2)
    meeting = MeetingFactory(title="Wijkoverleg Ede", start=start, end=start + datetime.timedelta(hours=1))
    meeting.organisations.add(organisation)
    AttendanceFactory(meeting=meeting, user=UserFactory(), status=AttendanceStatus.BEVESTIGD)
    client = logged_in_client(viewer)
    assert "Wijkoverleg Ede" in client.get("/").content.decode()
    later = start + datetime.timedelta(minutes=5)
    monkeypatch.setattr(timezone, "now", lambda: later)  # nothing written, only time passed
    assert "Wijkoverleg Ede" not in client.get("/").content.decode()


def test_organisation_page_shows_a_new_contact_moment_at_once(viewer_client, django_assert_max_num_queries):
    organisation = OrganisationFactory()
    url = organisation.get_absolute_url()
    assert "Gebeld over de subsidie" not in _cached(viewer_client, url, django_assert_max_num_queries)
    ContactMomentFactory(organisation=organisation, summary="Gebeld over de subsidie")
    assert "Gebeld over de subsidie" in _main(viewer_client.get(url))


def test_organisation_page_cached_for_an_editor_never_shows_their_buttons_to_a_viewer(editor, viewer):
    contact = ContactPersonFactory()
    url = contact.organisation.get_absolute_url()
    editor_client, viewer_client = logged_in_client(editor), logged_in_client(viewer)
    assert contact.get_privacy_url() in editor_client.get(url).content.decode()
    assert contact.get_privacy_url() not in viewer_client.get(url).content.decode()


def _section(html, heading_id):
    """The HTML of the page section labelled by `heading_id`."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_overleg_page_moves_a_meeting_to_the_past_once_it_has_ended(
    viewer_client, monkeypatch, django_assert_max_num_queries
):
    overleg = OverlegFactory()
    # Under way from 10:00 to 11:00 today: still among the coming ones. The clock is set within one
    # day, so only the meeting's end can change the key, not the date.
    today = timezone.localdate()
    start = datetime.datetime.combine(today, datetime.time(10), tzinfo=timezone.get_current_timezone())
    end = start + datetime.timedelta(hours=1)
    MeetingFactory(overleg=overleg, title="Kwartaaloverleg", start=start, end=end)
    url = f"/overleggen/{overleg.pk}/"
    monkeypatch.setattr(timezone, "now", lambda: start + datetime.timedelta(minutes=10))
    html = _cached(viewer_client, url, django_assert_max_num_queries)
    assert "Kwartaaloverleg" in _section(html, "upcoming-heading")
    assert "Kwartaaloverleg" not in _section(html, "past-heading")
    monkeypatch.setattr(timezone, "now", lambda: end + datetime.timedelta(minutes=1))  # nothing written
    html = viewer_client.get(url).content.decode()
    assert "Kwartaaloverleg" not in _section(html, "upcoming-heading")
    assert "Kwartaaloverleg" in _section(html, "past-heading")


def test_overleg_page_shows_a_renamed_delegate_at_once(viewer_client, django_assert_max_num_queries):
    delegate = UserFactory(first_name="Sanne", last_name="Visser")
    overleg = OverlegFactory()
    overleg.delegates.add(delegate)
    url = f"/overleggen/{overleg.pk}/"
    assert "Sanne Visser" in _cached(viewer_client, url, django_assert_max_num_queries)
    delegate.last_name = "de Vries"
    delegate.save()
    assert "Sanne de Vries" in _main(viewer_client.get(url))


def test_meeting_page_offers_the_reply_buttons_only_to_the_invited_colleague(viewer, other_viewer):
    meeting = MeetingFactory(start=_tomorrow(), end=_tomorrow(12))
    AttendanceFactory(meeting=meeting, user=viewer, status=AttendanceStatus.UITGENODIGD)
    url = f"/meetings/{meeting.pk}/"
    mira, marco = logged_in_client(viewer), logged_in_client(other_viewer)
    assert "Ik ga niet" in mira.get(url).content.decode()
    assert "Ik ga niet" not in marco.get(url).content.decode()


def test_meeting_page_shows_my_reply_at_once_and_no_reply_buttons_after_the_meeting(
    viewer, monkeypatch, django_assert_max_num_queries
):
    meeting = MeetingFactory(start=_tomorrow(), end=_tomorrow(12))
    attendance = AttendanceFactory(meeting=meeting, user=viewer, status=AttendanceStatus.UITGENODIGD)
    url = f"/meetings/{meeting.pk}/"
    client = logged_in_client(viewer)
    assert "<strong>Uitgenodigd</strong>" in _cached(client, url, django_assert_max_num_queries)
    Attendance.objects.filter(pk=attendance.pk).update(status=AttendanceStatus.BEVESTIGD)
    main = _main(client.get(url))
    assert "<strong>Bevestigd</strong>" in main and "<strong>Uitgenodigd</strong>" not in main
    later = meeting.end + datetime.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # nothing written, only time passed
    assert "Ik ga niet" not in client.get(url).content.decode()


def test_stakeholder_list_without_recent_contact_takes_in_an_organisation_the_day_its_last_call_gets_too_old(
    viewer, django_assert_max_num_queries, monkeypatch
):
    """No meeting is involved, so only the day in the key can make the cached list change."""
    organisation = OrganisationFactory(name="Gemeente Tiel", is_stakeholder=True)
    late = datetime.datetime.combine(
        timezone.localdate(), datetime.time(23, 30), tzinfo=timezone.get_current_timezone()
    )
    ContactMomentFactory(organisation=organisation, happened_at=late - datetime.timedelta(days=181))
    monkeypatch.setattr(timezone, "now", lambda: late)
    client = logged_in_client(viewer)  # a session that lives past midnight on this clock
    url = "/stakeholders/?no_recent_contact=on"
    assert "Gemeente Tiel" not in _cached(client, url, django_assert_max_num_queries)
    monkeypatch.setattr(timezone, "now", lambda: late + datetime.timedelta(hours=1))  # nothing written
    assert "Gemeente Tiel" in _main(client.get(url))
