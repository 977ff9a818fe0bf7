"""Load, saturation and fault test: gunicorn on PostgreSQL with 10x demo data, driven by logged-in colleagues.

Modes (only 127.0.0.1 is ever contacted; every simulated colleague logs in through the real login form):

- mix (default, `make loadtest`): the 18 demo colleagues for 3 minutes, each waiting 1-5 s between
  actions (think time). One action in ten is a write done the way a browser does it: open the page
  with the form, scrape its fields and CSRF token, POST, follow the redirect. The writes: log a
  contact moment for an organisation, answer an invitation on a meeting page, tick a follow-up off
  on "my actions", edit a meeting (editors only). Reported per page and per write kind: requests,
  p50/p95/p99/max; PASS/FAIL against the budget (p95 < 300 ms per page). Exit 1 on any error, or
  on a broken budget unless --no-budget.
- saturation (`--saturation`, `make saturation`): the same mix without think time, with more and
  more concurrent clients in steps; reports req/s and p95 per step and the req/s at which the p95
  passes 1 s. Stops at the first step past 1 s.
- burst (`--mode burst`): the old test, 50 colleagues reading the main pages as fast as the server
  answers for 60 s. Exit 1 on any error.
- fault (`--fault`, `make faulttest`): burst with PostgreSQL restarted a third of the way in. Exit 1
  when the application does not recover by itself, /healthz does not say 503 while the database is
  down, any error falls outside the outage, or any response shows a stack trace.

Everything the script needs from the application (URL names, form fields, models, permissions)
is in the tables just below, so a restructuring of the apps is followed in one place.
"""

import argparse
import datetime
import http.client
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

# -- What the script depends on in the application: update here after a restructuring -------------

# Every URL is built with django.urls.reverse() from these names.
URL_NAMES = {
    "login": "login",
    "healthz": "healthz",
    "dashboard": "overview:dashboard",
    "week": "meetings:week",
    "organisation_list": "overview:organisation_list",
    "organisation_detail": "overview:organisation_detail",  # args: organisation pk
    "overleg_list": "meetings:overleg_list",
    "overleg_detail": "meetings:overleg_detail",  # args: overleg pk
    "meeting_detail": "meetings:meeting_detail",  # args: meeting pk; has the attendance reply form
    "my_actions": "relations:my_actions",  # has the "done" forms of the follow-ups
    "contact_moment_create": "relations:contact_moment_create",  # then ?organisation=<pk>
    "attendance_respond": "meetings:attendance_respond",  # args: meeting pk; POST only
    "follow_up_done": "relations:follow_up_done",  # args: contact moment pk; POST only
    "meeting_update": "meetings:meeting_update",  # args: meeting pk
}
# The form fields the script fills in; every other field is sent as the page rendered it.
FORM_FIELDS = {
    "csrf": "csrfmiddlewaretoken",
    "login_username": "username",
    "login_password": "password",
    "contact_moment_channel": "channel",  # radio buttons: one of the rendered choices is picked
    "contact_moment_summary": "summary",
    "attendance_status": "status",  # the name of the reply buttons; their values are scraped
    "meeting_agenda": "agenda",
}
# The models the setup step reads (app_label.ModelName, for django.apps.apps.get_model).
MODELS = {
    "user": "swn_crm.User",
    "organisation": "stakeholders.Organisation",
    "overleg": "meetings.Overleg",
    "meeting": "meetings.Meeting",
    "attendance": "meetings.Attendance",
    "contact_moment": "relations.ContactMoment",
}
# Who may do which write (user.has_perm): colleagues without it skip that kind of write.
PERMISSIONS = {
    "contact_moment": "relations.add_contactmoment",
    "meeting_edit": "meetings.change_meeting",
}
CANCELLED_MEETING_STATUS = "geannuleerd"
DEMO_PASSWORD = "demo"

# -- The test's own settings ------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/', "django.db.utils.")
ERROR_MESSAGE_MARKER = b'class="alert alert-danger"'
BUDGET_MS = 300
IDLE_RECONNECT_S = 1.5
SATURATION_P95_MS = 1000
WRITE_SHARE = 0.1
WRITE_KINDS = ("contact_moment", "attendance", "follow_up", "meeting_edit")
# How often a colleague opens each page when not writing.
PAGE_WEIGHTS = {
    "dashboard": 20,
    "week": 15,
    "organisation_list": 10,
    "organisation_detail": 20,
    "overleg_list": 5,
    "overleg_detail": 10,
    "meeting_detail": 10,
    "my_actions": 10,
}
BURST_PAGES = ("dashboard", "week", "organisation_list", "organisation_detail", "overleg_detail")


def configure_environment():
    """Production-like settings for the server and this process: DEBUG off, plain HTTP on 127.0.0.1."""
    sys.path.insert(0, str(REPO))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="swn_crm.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        LOG_LEVEL="ERROR",
    )
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/swn_crm_load")


# -- HTML forms, read the way a browser submits them ----------------------------------------------


class Form:
    def __init__(self, action, method):
        self.action, self.method = action, method
        self.fields = []  # (name, value) as the browser would send them without any change
        self.choices = defaultdict(list)  # name -> values of its radio buttons / checkboxes / options
        self.buttons = []  # (name, value) of the submit buttons

    def names(self):
        return {name for name, _value in self.fields} | set(self.choices)

    def value(self, name, default=None):
        return next((value for field, value in self.fields if field == name), default)

    def data(self, overrides=None, button=None):
        """The submitted pairs: the defaults with `overrides` (name -> value or list) replacing them."""
        overrides = overrides or {}
        pairs = [(name, value) for name, value in self.fields if name not in overrides]
        for name, value in overrides.items():
            pairs.extend((name, v) for v in (value if isinstance(value, list | tuple) else [value]))
        if button and button[0]:
            pairs.append(button)
        return pairs


class FormParser(HTMLParser):
    """Collects every <form> with the values a browser would submit unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.form = [], None
        self.select = self.option = self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.form = Form(a.get("action") or "", (a.get("method") or "get").lower())
            self.forms.append(self.form)
            return
        form = self.form
        if form is None:
            return
        name, disabled = a.get("name"), "disabled" in a
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "image"):
                form.buttons.append((name, a.get("value", "")))
            elif kind in ("button", "reset", "file") or not name or disabled:
                return
            elif kind in ("checkbox", "radio"):
                value = a.get("value", "on")
                form.choices[name].append(value)
                if "checked" in a:
                    form.fields.append((name, value))
            else:
                form.fields.append((name, a.get("value", "")))
        elif tag == "button":
            if (a.get("type") or "submit").lower() == "submit":
                form.buttons.append((name, a.get("value", "")))
        elif tag == "select" and name and not disabled:
            self.select = {"name": name, "multiple": "multiple" in a, "options": [], "selected": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
        elif tag == "textarea" and name and not disabled:
            self.textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def _end_option(self):
        option, self.option = self.option, None
        value = option["value"] if option["value"] is not None else option["text"].strip()
        self.select["options"].append(value)
        if option["selected"]:
            self.select["selected"].append(value)

    def handle_endtag(self, tag):
        form = self.form
        if tag == "option" and self.option is not None:
            self._end_option()
        elif tag == "select" and self.select is not None:
            if self.option is not None:
                self._end_option()
            select, self.select = self.select, None
            form.choices[select["name"]].extend(select["options"])
            chosen = select["selected"] if select["multiple"] else select["selected"][-1:] or select["options"][:1]
            form.fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self.textarea is not None:
            text = self.textarea["text"]
            form.fields.append((self.textarea["name"], text[1:] if text.startswith("\n") else text))
            self.textarea = None
        elif tag == "form":
            self.form = None


def parse_forms(html):
    parser = FormParser()
    parser.feed(html.decode("utf-8", "replace") if isinstance(html, bytes) else html)
    parser.close()
    return parser.forms


def find_form(forms, page_path, action_path, needs=()):
    """The POST form on the page at `page_path` that submits to `action_path` and has the fields `needs`."""
    for form in forms:
        target = urllib.parse.urljoin(page_path, form.action or page_path)
        action = urllib.parse.urlsplit(action_path).path
        if form.method == "post" and urllib.parse.urlsplit(target).path == action and set(needs) <= form.names():
            return form
    return None


# -- The simulated colleague ----------------------------------------------------------------------


class ActionFailed(Exception):
    """A request or write went wrong; `recorded` when it is already counted as an error."""

    def __init__(self, message, *, recorded=True):
        super().__init__(message)
        self.recorded = recorded


class Client(threading.Thread):
    """One browser session: cookies, keep-alive, timing of every request it makes."""

    def __init__(self, port, username, plan, recorder, *, think=(0, 0), stop_at=0.0, seed=""):
        super().__init__(daemon=True)
        self.port, self.username, self.plan, self.recorder = port, username, plan, recorder
        self.think, self.stop_at = think, stop_at
        self.rng = random.Random(f"{username}-{seed}")
        self.cookies, self.conn, self.last_used = {}, None, 0.0
        self.edits = 0

    # HTTP
    def request(self, method, path, body=None, headers=None):
        if self.conn is not None and time.monotonic() - self.last_used > IDLE_RECONNECT_S:
            # The server closes idle keep-alive connections (gunicorn: after 2 s); a browser then
            # opens a new one rather than sending a form into a closed connection.
            self.conn.close()
            self.conn = None
        for attempt in (1, 2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                headers = dict(headers or {})
                if self.cookies:
                    headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                for header, value in response.getheaders():
                    if header.lower() == "set-cookie":
                        name, _, rest = value.partition("=")
                        self.cookies[name] = rest.split(";", 1)[0]
                self.last_used = time.monotonic()
                return response.status, response.getheader("Location"), data
            except (ConnectionError, http.client.HTTPException, OSError) as exc:
                self.conn = None
                # A keep-alive connection the server closed is retried once; a POST is never resent,
                # nor a request that timed out (the server has it and is still working on it).
                if attempt == 2 or method == "POST" or isinstance(exc, TimeoutError):
                    raise
        return None

    def timed(self, label, method, path, body=None, headers=None, expect=200):
        """One request, recorded under `label`; returns (status, location, body) or raises ActionFailed."""
        began = time.monotonic()
        started = time.perf_counter()
        try:
            status, location, data = self.request(method, path, body, headers)
        except OSError as exc:
            error = f"connection: {exc.__class__.__name__}"
            self.recorder.add(label, (time.perf_counter() - started) * 1000, error, False, began, path)
            raise ActionFailed(error) from exc
        elapsed = (time.perf_counter() - started) * 1000
        trace = any(marker.encode() in data for marker in TRACE_MARKERS)
        error = None if status == expect else f"HTTP {status} (expected {expect})"
        if error is None and method == "POST" and expect == 302 and not location:
            error = "302 without Location"
        self.recorder.add(label, elapsed, error, trace, began, path)
        if error:
            raise ActionFailed(f"{error} on {method} {path}{form_errors(data)}")
        return status, location, data

    def get(self, path):
        return self.timed(self.plan.label(path), "GET", path)[2]

    def post(self, label, path, pairs, referer):
        body = urllib.parse.urlencode(pairs)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{self.port}",
            "Referer": f"http://{HOST}:{self.port}{referer}",
        }
        _status, location, _data = self.timed(label, "POST", path, body, headers, expect=302)
        # The browser follows the redirect; an error message there means the write was refused.
        target = urllib.parse.urlsplit(urllib.parse.urljoin(path, location))
        landing = target.path + (f"?{target.query}" if target.query else "")
        page = self.get(landing)
        if ERROR_MESSAGE_MARKER in page:
            refused = "error message after the redirect"
            self.recorder.add(label + " (refused)", 0, refused, False, time.monotonic(), path)
            raise ActionFailed(f"{label}: error message on {landing}{form_errors(page)}")
        return page

    def log_in(self):
        path = self.plan.url("login")
        _status, _location, page = self.request("GET", path)
        form = find_form(parse_forms(page), path, path, needs=[FORM_FIELDS["login_username"]])
        if form is None:
            raise RuntimeError("no login form")
        pairs = form.data({FORM_FIELDS["login_username"]: self.username, FORM_FIELDS["login_password"]: DEMO_PASSWORD})
        body = urllib.parse.urlencode(pairs)
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{HOST}:{self.port}",
            "Referer": f"http://{HOST}:{self.port}{path}",
        }
        status, _location, _data = self.request("POST", path, body, headers)
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")

    # Behaviour
    def pause(self):
        low, high = self.think
        if high:
            time.sleep(self.rng.uniform(low, high))

    def run(self):
        while time.monotonic() < self.stop_at:
            try:
                if self.plan.write_share and self.rng.random() < self.plan.write_share:
                    self.write(self.rng.choice(self.plan.writes_for(self.username)))
                else:
                    self.view()
            except ActionFailed as exc:
                self.recorder.note(str(exc))
                if not exc.recorded:
                    self.recorder.add("script: form not found", 0, str(exc), False, time.monotonic(), "")
            except Exception as exc:  # a bug in the script must not end the thread unnoticed
                self.recorder.note(f"{self.username}: {exc.__class__.__name__}: {exc}")
                self.recorder.add("script error", 0, repr(exc), False, time.monotonic(), "")
            if time.monotonic() < self.stop_at:
                self.pause()

    def view(self):
        pages = self.plan.pages_for(self.username)
        name = self.rng.choices(list(pages), weights=[PAGE_WEIGHTS.get(n, 10) for n in pages])[0]
        self.get(self.rng.choice(pages[name]))

    def write(self, kind):
        getattr(self, f"write_{kind}")()

    def write_contact_moment(self):
        plan = self.plan
        path = plan.url("contact_moment_create") + f"?organisation={self.rng.choice(plan.organisation_ids)}"
        page = self.get(path)
        summary, channel = FORM_FIELDS["contact_moment_summary"], FORM_FIELDS["contact_moment_channel"]
        form = find_form(parse_forms(page), path, path, needs=[FORM_FIELDS["csrf"], summary, channel])
        if form is None:
            raise ActionFailed(f"no contact moment form on {path}", recorded=False)
        self.pause()  # typing the summary
        pairs = form.data(
            {
                channel: self.rng.choice(form.choices[channel]),
                summary: f"Load test: called {self.username} about the agenda ({self.rng.randrange(10**6)}).",
            }
        )
        self.post("POST contact moment", path, pairs, path)

    def write_attendance(self):
        plan = self.plan
        meeting = self.rng.choice(plan.attendance_targets[self.username])
        path, action = plan.url("meeting_detail", meeting), plan.url("attendance_respond", meeting)
        page = self.get(path)
        form = find_form(parse_forms(page), path, action, needs=[FORM_FIELDS["csrf"]])
        buttons = [b for b in form.buttons if b[0] == FORM_FIELDS["attendance_status"]] if form else []
        if not buttons:
            raise ActionFailed(f"no attendance reply form on {path}", recorded=False)
        self.pause()
        self.post("POST attendance reply", action, form.data(button=self.rng.choice(buttons)), path)

    def write_follow_up(self):
        plan = self.plan
        path = plan.url("my_actions")
        page = self.get(path)
        pattern = plan.url_pattern("follow_up_done")
        forms = [f for f in parse_forms(page) if f.method == "post" and pattern.fullmatch(f.action)]
        if not forms:
            # All of this colleague's follow-ups are done: log a contact moment instead.
            self.recorder.count("follow-up: none open, logged a contact moment instead")
            return self.write_contact_moment()
        form = self.rng.choice(forms[:5])
        self.pause()
        self.post("POST follow-up done", form.action, form.data(), path)
        return None

    def write_meeting_edit(self):
        plan = self.plan
        targets = plan.edit_targets[self.name]
        meeting = targets[self.edits % len(targets)]
        self.edits += 1
        path = plan.url("meeting_update", meeting)
        page = self.get(path)
        agenda = FORM_FIELDS["meeting_agenda"]
        form = find_form(parse_forms(page), path, path, needs=[FORM_FIELDS["csrf"], agenda])
        if form is None:
            raise ActionFailed(f"no meeting form on {path}", recorded=False)
        self.pause()
        text = (form.value(agenda) or "").replace("\r\n", "\n").rstrip("\n")
        pairs = form.data({agenda: f"{text}\nLoad test edit by {self.username} ({self.edits})"})
        self.post("POST meeting edit", path, pairs, path)


def form_errors(page):
    """A short excerpt of the form errors on a page, for the report."""
    text = page.decode("utf-8", "replace") if isinstance(page, bytes) else page
    found = re.findall(r'class="(?:invalid-feedback|alert alert-danger|errorlist[^"]*)"[^>]*>(.*?)</', text, re.S)
    found = [re.sub(r"<[^>]+>|\s+", " ", f).strip() for f in found]
    return (": " + " | ".join(f for f in found if f)[:300]) if any(found) else ""


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = defaultdict(list)  # label -> (ms, error, trace, began, ended)
        self.notes, self.counts = [], defaultdict(int)

    def add(self, label, ms, error, trace, began, path):
        with self.lock:
            self.rows[label].append((ms, error, trace, began, time.monotonic()))

    def note(self, text):
        with self.lock:
            if len(self.notes) < 200:
                self.notes.append(text)

    def count(self, text):
        with self.lock:
            self.counts[text] += 1

    def snapshot(self):
        with self.lock:
            return {label: list(rows) for label, rows in self.rows.items()}

    def clear(self):
        with self.lock:
            self.rows.clear()


# -- Setup: data, targets, server -----------------------------------------------------------------


def prepare_data(scale, *, reuse):
    from bench.run import ensure_database
    from bench.seeding import seed_demo

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.apps import apps
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if reuse and apps.get_model(MODELS["meeting"]).objects.exists():
        print("  (--reuse-data: the data already there is used, not seeded afresh)")
    else:
        seed_demo(scale)
    call_command("collectstatic", interactive=False, verbosity=0)


class Plan:
    """The URLs and write targets of the run, found through the ORM before the load starts."""

    def __init__(self, write_share):
        from django.urls import resolve, reverse

        self._reverse, self._resolve = reverse, resolve
        self.write_share = write_share
        self._labels, self._patterns = {}, {}
        self.pages, self.user_pages = {}, {}
        self.organisation_ids, self.attendance_targets, self.edit_targets, self.writes = [], {}, {}, {}

    def url(self, key, *args):
        return self._reverse(URL_NAMES[key], args=list(args))

    def url_pattern(self, key):
        """A regex for the URL of `key` with any integer pk."""
        if key not in self._patterns:
            sentinel = 987654321
            self._patterns[key] = re.compile(re.escape(self.url(key, sentinel)).replace(str(sentinel), r"\d+"))
        return self._patterns[key]

    def label(self, path):
        """A page is reported under its URL name (e.g. meetings:dashboard)."""
        path = urllib.parse.urlsplit(path).path
        if path not in self._labels:
            try:
                self._labels[path] = self._resolve(path).view_name
            except Exception:
                self._labels[path] = path
        return self._labels[path]

    def pages_for(self, username):
        return self.user_pages.get(username, self.pages)

    def writes_for(self, username):
        return self.writes[username]

    def build(self, usernames, *, mix):
        from django.apps import apps
        from django.db.models import Count
        from django.utils import timezone

        Organisation, Overleg = apps.get_model(MODELS["organisation"]), apps.get_model(MODELS["overleg"])
        Meeting, Attendance = apps.get_model(MODELS["meeting"]), apps.get_model(MODELS["attendance"])
        User = apps.get_model(MODELS["user"])
        rng = random.Random(2026)

        if not mix:  # the burst test's pages, as they always were
            orgs = Organisation.objects.stakeholders().annotate(n=Count("meetings")).order_by("-n")[:20]
            overleggen = Overleg.objects.annotate(n=Count("meetings")).order_by("-n")[:20]
            self.pages = {
                "dashboard": [self.url("dashboard")],
                "week": [self.url("week")],
                "organisation_list": [self.url("organisation_list")],
                "organisation_detail": [self.url("organisation_detail", o.pk) for o in orgs],
                "overleg_detail": [self.url("overleg_detail", o.pk) for o in overleggen],
            }
            assert set(self.pages) == set(BURST_PAGES)
            return

        org_ids = list(Organisation.objects.stakeholders().values_list("pk", flat=True))
        overleg_ids = list(Overleg.objects.values_list("pk", flat=True))
        overleg_ids = rng.sample(overleg_ids, min(150, len(overleg_ids)))
        self.organisation_ids = rng.sample(org_ids, min(300, len(org_ids)))
        self.pages = {
            "dashboard": [self.url("dashboard")],
            "week": [self.url("week")],
            "organisation_list": [self.url("organisation_list")],
            "organisation_detail": [self.url("organisation_detail", pk) for pk in self.organisation_ids],
            "overleg_list": [self.url("overleg_list")],
            "overleg_detail": [self.url("overleg_detail", pk) for pk in overleg_ids],
            "my_actions": [self.url("my_actions")],
        }
        # Meetings to answer: from tomorrow on (they must not begin during the run), not cancelled.
        # Every fourth one is kept apart for the editors, so an edit never races a colleague's reply
        # (the meeting form's concurrency guard would rightly refuse it).
        soon = timezone.now() + datetime.timedelta(days=1)
        future = Meeting.objects.filter(start__gt=soon).exclude(status=CANCELLED_MEETING_STATUS)
        future_ids = sorted(future.values_list("pk", flat=True))
        edit_pool = [pk for pk in future_ids if pk % 4 == 0]
        rng.shuffle(edit_pool)
        for user in User.objects.filter(username__in=set(usernames)):
            mine = list(
                Attendance.objects.filter(user=user, meeting__in=future)
                .exclude(meeting_id__in=edit_pool)
                .values_list("meeting_id", flat=True)
            )
            self.attendance_targets[user.username] = mine
            shown = rng.sample(mine, min(40, len(mine)))
            meeting_pages = [self.url("meeting_detail", m) for m in shown]
            self.user_pages[user.username] = {**self.pages, "meeting_detail": meeting_pages}
            kinds = []
            if user.has_perm(PERMISSIONS["contact_moment"]):
                kinds.append("contact_moment")
            if mine:
                kinds.append("attendance")
            kinds.append("follow_up")  # falls back to a contact moment when none is open
            if user.has_perm(PERMISSIONS["meeting_edit"]):
                kinds.append("meeting_edit")
            self.writes[user.username] = kinds
            if not self.user_pages[user.username]["meeting_detail"]:
                del self.user_pages[user.username]["meeting_detail"]
        self.edit_pool = edit_pool

    def assign_edit_targets(self, clients):
        """Each editing client gets meetings of its own from the pool (see build)."""
        editors = [c for c in clients if "meeting_edit" in self.writes.get(c.username, ())]
        for i, client in enumerate(editors):
            slice_ = self.edit_pool[i :: max(1, len(editors))]
            if not slice_:
                self.writes[client.username] = [k for k in self.writes[client.username] if k != "meeting_edit"]
            self.edit_targets[client.name] = slice_ or [None]


def wait_for(port, path, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def start_server(args):
    return subprocess.Popen(
        [
            str(REPO / ".venv" / "bin" / "gunicorn"),
            "swn_crm.wsgi",
            "--bind",
            f"{HOST}:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env={**os.environ},
    )


def restart_postgres(health_log, port, health_path, stop_event):
    """Stop PostgreSQL, watch /healthz while it is down, start it again, watch it recover."""
    cluster = sorted(os.listdir("/etc/postgresql"))[0]

    def poll():
        # Under load a request can wait in gunicorn's queue for seconds: only one sent and answered
        # while PostgreSQL was down says how the application saw the outage.
        while not stop_event.is_set():
            sent = time.monotonic()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                conn.request("GET", health_path)
                status = conn.getresponse().status
                health_log.append((sent, time.monotonic(), status))
            except OSError:
                health_log.append((sent, time.monotonic(), None))
            time.sleep(0.25)

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    stopping_at = time.monotonic()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "stop", "-m", "fast"], check=True)
    down_at = time.monotonic()  # the stop command returns once the server is gone
    time.sleep(5)
    starting_at = time.monotonic()  # from here on PostgreSQL may answer before the command returns
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "start"], check=True)
    up_at = time.monotonic()
    return stopping_at, down_at, starting_at, up_at


# -- Reporting ------------------------------------------------------------------------------------


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def print_table(results, duration, *, budget_ms=None):
    """Per label: requests, req/s, p50/p95/p99/max, errors, and PASS/FAIL against the budget (pages)."""
    header = (
        f"{'page / write':34} {'requests':>8} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
        f"{'max ms':>7} {'errors':>6}" + ("  budget" if budget_ms else "")
    )
    print(header)
    print("-" * len(header))
    broken, all_times = [], []
    pages = sorted(label for label in results if not label.startswith(("POST", "script")))
    writes = sorted(label for label in results if label.startswith(("POST", "script")))
    for label in pages + writes:
        rows = results[label]
        times = sorted(r[0] for r in rows)
        if not label.endswith("(refused)"):
            all_times.extend(times)
        errors = sum(1 for r in rows if r[1])
        p95 = percentile(times, 0.95)
        verdict = ""
        if budget_ms:
            if label.startswith(("POST", "script")):
                verdict = "  (info)" if p95 < budget_ms else "  (info: over)"
            else:
                verdict = "  PASS" if p95 < budget_ms else "  FAIL"
                if p95 >= budget_ms:
                    broken.append(f"{label} p95 {p95:.0f} ms")
        print(
            f"{label:34} {len(rows):>8} {len(rows) / duration:>6.1f} {percentile(times, 0.5):>7.1f} "
            f"{p95:>7.1f} {percentile(times, 0.99):>7.1f} {times[-1] if times else 0:>7.1f} {errors:>6}{verdict}"
        )
    all_times.sort()
    total_errors = sum(1 for rows in results.values() for r in rows if r[1])
    print(
        f"{'all requests':34} {len(all_times):>8} {len(all_times) / duration:>6.1f} "
        f"{percentile(all_times, 0.5):>7.1f} {percentile(all_times, 0.95):>7.1f} "
        f"{percentile(all_times, 0.99):>7.1f} {all_times[-1] if all_times else 0:>7.1f} {total_errors:>6}"
    )
    if all_times:
        print(f"mean {statistics.mean(all_times):.1f} ms")
    return broken, total_errors


def print_notes(recorder):
    for text, n in sorted(recorder.counts.items()):
        print(f"  note: {text}: {n}x")
    for text in recorder.notes[:15]:
        print(f"  error: {text}")
    if len(recorder.notes) > 15:
        print(f"  ... and {len(recorder.notes) - 15} more")


# -- The modes ------------------------------------------------------------------------------------


def make_clients(args, plan, recorder, usernames, count, *, think, seed, sessions=None):
    """`count` logged-in clients, colleague after colleague; `sessions` keeps their cookies for a next step."""
    sessions = {} if sessions is None else sessions
    clients = [
        Client(args.port, usernames[i % len(usernames)], plan, recorder, think=think, seed=f"{seed}-{i}")
        for i in range(count)
    ]
    plan.assign_edit_targets(clients)
    for i, client in enumerate(clients):
        if i in sessions:
            client.cookies = dict(sessions[i])
        else:
            client.log_in()
            sessions[i] = dict(client.cookies)
    return clients


def run_clients(clients, seconds):
    started = time.monotonic()
    for client in clients:
        client.stop_at = started + seconds
        client.start()
    return started


def run_mix(args, plan, usernames):
    recorder = Recorder()
    users = args.users or len(usernames)
    duration = args.duration or 180
    clients = make_clients(args, plan, recorder, usernames, users, think=(1.0, 5.0), seed="mix")
    print(f"Realistic mix: {users} colleagues, {duration} s, think time 1-5 s, {args.write_share:.0%} writes")
    started = run_clients(clients, duration)
    for client in clients:
        client.join(timeout=duration + 120)
    elapsed = time.monotonic() - started
    results = recorder.snapshot()
    print(f"\n{users} colleagues, {elapsed:.0f} s, gunicorn {args.workers} workers x {args.threads} threads")
    broken, total_errors = print_table(results, elapsed, budget_ms=args.budget_ms)
    print_notes(recorder)
    writes = sum(len(rows) for label, rows in results.items() if label.startswith("POST"))
    everything = sum(len(rows) for rows in results.values())
    print(f"writes: {writes} of {everything} requests ({writes / max(1, everything):.1%})")
    failed = []
    if total_errors:
        failed.append(f"{total_errors} errors")
    traces = sum(1 for rows in results.values() for r in rows if r[2])
    if traces:
        failed.append(f"{traces} responses showed a stack trace")
    if broken:
        print(f"\nbudget p95 < {args.budget_ms} ms broken: " + "; ".join(broken))
        if not args.no_budget:
            failed.append("budget broken")
    return failed


def run_saturation(args, plan, usernames):
    steps = [int(n) for n in args.steps.split(",")]
    seconds = args.duration or 20
    print(f"Saturation: the mix without think time, {seconds} s per step, clients {steps}")
    header = f"{'clients':>7} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6}"
    rows, failed, recorder, sessions = [], [], Recorder(), {}
    for clients_count in steps:
        recorder.clear()
        clients = make_clients(
            args, plan, recorder, usernames, clients_count, think=(0, 0), seed=f"sat{clients_count}", sessions=sessions
        )
        started = run_clients(clients, seconds)
        for client in clients:
            client.join(timeout=seconds + 60)
        elapsed = time.monotonic() - started
        results = recorder.snapshot()
        times = sorted(r[0] for label, rs in results.items() if not label.endswith("(refused)") for r in rs)
        errors = sum(1 for rs in results.values() for r in rs if r[1])
        row = (clients_count, len(times), len(times) / elapsed, percentile(times, 0.5), percentile(times, 0.95))
        rows.append(row)
        if not rows[1:]:
            print(header)
            print("-" * len(header))
        print(
            f"{clients_count:>7} {len(times):>8} {row[2]:>7.1f} {row[3]:>7.1f} {row[4]:>7.1f} "
            f"{percentile(times, 0.99):>7.1f} {errors:>6}",
            flush=True,
        )
        if errors:
            failed.append(f"{errors} errors at {clients_count} clients")
        for client in clients:
            client.conn = None
        if row[4] > SATURATION_P95_MS:
            break
    print_notes(recorder)
    over = next((i for i, r in enumerate(rows) if r[4] > SATURATION_P95_MS), None)
    if over is None:
        print(f"\np95 stayed under {SATURATION_P95_MS} ms up to {rows[-1][0]} clients ({rows[-1][2]:.1f} req/s)")
    else:
        clients_count, _n, rate, _p50, p95 = rows[over]
        if over:
            before = rows[over - 1]
            # Linear between the last step under and the first over the line.
            share = (SATURATION_P95_MS - before[4]) / (p95 - before[4])
            at = before[2] + share * (rate - before[2])
            print(
                f"\np95 passes {SATURATION_P95_MS} ms at about {at:.1f} req/s: between {before[0]} clients "
                f"({before[2]:.1f} req/s, p95 {before[4]:.0f} ms) and {clients_count} clients "
                f"({rate:.1f} req/s, p95 {p95:.0f} ms)"
            )
        else:
            print(f"\np95 already past {SATURATION_P95_MS} ms at {clients_count} clients ({rate:.1f} req/s)")
    print(f"peak throughput {max(r[2] for r in rows):.1f} req/s")
    return failed


def run_burst(args, plan, usernames):
    recorder = Recorder()
    users, seconds = args.users or 50, args.duration or 60
    clients = make_clients(args, plan, recorder, usernames, users, think=(0, 0), seed="burst")
    started = run_clients(clients, seconds)
    health_log, fault_window = [], None
    stop_polling = threading.Event()
    if args.fault:
        time.sleep(seconds / 3)
        fault_window = restart_postgres(health_log, args.port, plan.url("healthz"), stop_polling)
    for client in clients:
        client.join()
    stop_polling.set()
    duration = time.monotonic() - started
    results = recorder.snapshot()

    print(f"\n{users} colleagues, {duration:.0f} s, gunicorn {args.workers} workers x {args.threads} threads")
    _broken, total_errors = print_table(results, duration)
    traces = sum(1 for rows in results.values() for r in rows if r[2])
    failed = []
    if traces:
        failed.append(f"{traces} responses showed a stack trace")
    if args.fault:
        stopping_at, down_at, starting_at, up_at = fault_window
        # A request in flight when PostgreSQL stopped, or sent while it was down or in the 10 s
        # after it came back, may fail (with the house 500 page); no other may.
        errors_outside_fault = sum(
            1 for rows in results.values() for r in rows if r[1] and (r[4] < stopping_at or r[3] > up_at + 10)
        )
        during = [status for sent, answered, status in health_log if sent >= down_at and answered <= starting_at]
        after = [(sent, status) for sent, _answered, status in health_log if sent > up_at]
        recovered = next((sent - up_at for sent, status in after if status == 200), None)
        print(f"\nPostgreSQL down for {up_at - down_at:.1f} s; /healthz while down: {sorted(set(during))}")
        print(
            f"/healthz answered 200 again {recovered:.1f} s after PostgreSQL was back"
            if recovered is not None
            else "/healthz never answered 200 again"
        )
        during_outage = total_errors - errors_outside_fault
        print(f"errors during the outage (+10 s): {during_outage}, outside it: {errors_outside_fault}")
        if not during or any(status != 503 for status in during):
            failed.append("/healthz did not answer 503 throughout the outage")
        if recovered is None or recovered > 10:
            failed.append("the application did not recover within 10 s")
        if errors_outside_fault:
            failed.append(f"{errors_outside_fault} errors outside the outage")
    else:
        print_notes(recorder)
        if total_errors:
            failed.append(f"{total_errors} errors or connection failures")
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mode", choices=["mix", "burst"], default="mix")
    parser.add_argument("--saturation", action="store_true", help="ramp up clients without think time")
    parser.add_argument("--fault", action="store_true", help="burst mode with PostgreSQL restarted a third of the way")
    parser.add_argument(
        "--duration",
        "--seconds",
        type=int,
        default=None,
        help="seconds (mix 180, burst 60; saturation: per step, 20)",
    )
    parser.add_argument("--users", type=int, default=None, help="clients (mix: the 18 colleagues, burst: 50)")
    parser.add_argument("--steps", default="1,2,4,8,16,24,32,48,64,96", help="saturation: clients per step")
    parser.add_argument("--write-share", type=float, default=WRITE_SHARE)
    parser.add_argument("--budget-ms", type=float, default=BUDGET_MS)
    parser.add_argument("--no-budget", action="store_true", help="report the budget but do not fail on it")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--reuse-data", action="store_true", help="do not seed afresh when there is data")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8060)
    args = parser.parse_args()
    mode = "saturation" if args.saturation else "burst" if args.fault else args.mode

    configure_environment()
    print(f"Preparing {args.scale}x demo data on {os.environ['DATABASE_URL']} ...")
    prepare_data(args.scale, reuse=args.reuse_data)
    from django.apps import apps

    usernames = list(
        apps.get_model(MODELS["user"]).objects.colleagues().order_by("username").values_list("username", flat=True)
    )
    plan = Plan(write_share=0 if mode == "burst" else args.write_share)
    plan.build(usernames, mix=mode != "burst")
    from django.db import connections

    connections.close_all()

    server = start_server(args)
    try:
        wait_for(args.port, plan.url("healthz"))
        runner = {"mix": run_mix, "saturation": run_saturation, "burst": run_burst}[mode]
        failed = runner(args, plan, usernames)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        raise SystemExit(1)
    print("\nrecovered by itself; no stack traces" if args.fault else "\nPASSED")


if __name__ == "__main__":
    main()
