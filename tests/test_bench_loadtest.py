"""The load and concurrency scripts' contract with the application: URL names, models, services and form fields.

bench/loadtest.py and bench/concurrency.py keep everything they need from the application in a few
tables at their top. These tests fail as soon as a table no longer matches the code (say after
models moved between apps), long before anyone runs a three-minute load test; and they do the
four writes of the realistic mix exactly as the load test does, through the scraped forms with
CSRF checks on.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from bench import concurrency
from bench import loadtest as lt
from tests.factories import AttendanceFactory, ContactMomentFactory, MeetingFactory, OrganisationFactory


def url(key, *args):
    return reverse(lt.URL_NAMES[key], args=list(args))


def test_every_url_name_reverses():
    for name in lt.URL_NAMES.values():
        try:
            reverse(name)
        except NoReverseMatch:
            reverse(name, args=[1])  # raises when the name is gone: update URL_NAMES


def test_models_services_and_permissions_exist(db):
    for label in [*lt.MODELS.values(), *concurrency.MODELS.values()]:
        apps.get_model(label)
    for dotted in concurrency.SERVICES.values():
        import_string(dotted)
    for permission in lt.PERMISSIONS.values():
        app_label, codename = permission.split(".")
        assert Permission.objects.filter(content_type__app_label=app_label, codename=codename).exists(), permission


def test_the_parser_submits_what_a_browser_would():
    html = """
    <form method="get" action="/search/"><input name="q" value="x"></form>
    <form method="post">
      <input type="hidden" name="csrfmiddlewaretoken" value="tok">
      <input name="title" value="A &amp; B"><input name="off" value="1" disabled>
      <input type="checkbox" name="orgs" value="1" checked><input type="checkbox" name="orgs" value="2">
      <input type="radio" name="channel" value="telefoon"><input type="radio" name="channel" value="bezoek">
      <select name="kind"><option value="a">A</option><option value="b">B</option></select>
      <select name="pick"><option value="">--</option><option value="7" selected>7</option></select>
      <select name="many" multiple><option value="3" selected>3</option><option value="4">4</option></select>
      <select name="bare"><option>Plain</option></select>
      <textarea name="agenda">
line one
line two</textarea>
      <button type="submit" name="status" value="bevestigd">Go</button>
      <button type="submit" name="status" value="afgemeld">Not</button>
    </form>"""
    forms = lt.parse_forms(html)
    form = lt.find_form(forms, "/meetings/1/bewerken/", "/meetings/1/bewerken/", needs=["agenda", "channel"])
    assert form is forms[1]
    assert form.data() == [
        ("csrfmiddlewaretoken", "tok"),
        ("title", "A & B"),
        ("orgs", "1"),
        ("kind", "a"),  # no option selected: the browser sends the first
        ("pick", "7"),
        ("many", "3"),
        ("bare", "Plain"),
        ("agenda", "line one\nline two"),  # the newline right after <textarea> is not part of the value
    ]
    assert form.choices["channel"] == ["telefoon", "bezoek"]
    assert form.buttons == [("status", "bevestigd"), ("status", "afgemeld")]
    assert form.data({"title": "C", "orgs": ["1", "2"]}, button=("status", "afgemeld"))[-4:] == [
        ("title", "C"),
        ("orgs", "1"),
        ("orgs", "2"),
        ("status", "afgemeld"),
    ]


def submit(client, page_url, action_url, needs=(), overrides=None, choose_button=None):
    """Open the page, fill in its form the way the load test does, post it with the scraped CSRF token."""
    page = client.get(page_url)
    assert page.status_code == 200
    form = lt.find_form(lt.parse_forms(page.content), page_url, action_url, needs=[lt.FORM_FIELDS["csrf"], *needs])
    assert form is not None, f"no form for {action_url} on {page_url}"
    button = choose_button(form.buttons) if choose_button else None
    from urllib.parse import urlencode

    response = client.post(
        action_url,
        urlencode(form.data(overrides(form) if overrides else None, button=button)),
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 302, lt.form_errors(response.content)
    landing = client.get(response["Location"])
    assert lt.ERROR_MESSAGE_MARKER not in landing.content
    return response


@pytest.fixture
def browser(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    return client


def test_the_four_writes_of_the_mix_go_through_the_real_forms(browser, editor):
    fields = lt.FORM_FIELDS
    organisation = OrganisationFactory()
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    meeting = MeetingFactory(start=start, end=start + datetime.timedelta(hours=1), agenda="Opening")
    attendance = AttendanceFactory(meeting=meeting, user=editor, status="uitgenodigd")
    to_do = ContactMomentFactory(follow_up="Call back", follow_up_assignee=editor, colleagues=[editor])
    ContactMoment = apps.get_model(lt.MODELS["contact_moment"])
    moments = ContactMoment.objects.count()

    page = url("contact_moment_create") + f"?organisation={organisation.pk}"
    channel, summary = fields["contact_moment_channel"], fields["contact_moment_summary"]
    submit(
        browser,
        page,
        page,
        needs=[channel, summary],
        overrides=lambda form: {channel: form.choices[channel][0], summary: "Load test contact"},
    )
    assert ContactMoment.objects.count() == moments + 1

    submit(
        browser,
        url("meeting_detail", meeting.pk),
        url("attendance_respond", meeting.pk),
        choose_button=lambda buttons: next(b for b in buttons if b == (fields["attendance_status"], "afgemeld")),
    )
    attendance.refresh_from_db()
    assert attendance.status == "afgemeld"

    submit(browser, url("my_actions"), url("follow_up_done", to_do.pk))
    to_do.refresh_from_db()
    assert to_do.follow_up_done_at is not None
    assert lt.Plan(0).url_pattern("follow_up_done").fullmatch(url("follow_up_done", to_do.pk))

    page = url("meeting_update", meeting.pk)
    agenda = fields["meeting_agenda"]
    submit(browser, page, page, needs=[agenda], overrides=lambda form: {agenda: form.value(agenda) + "\nLoad test"})
    meeting.refresh_from_db()
    assert meeting.agenda.splitlines() == ["Opening", "Load test"]
