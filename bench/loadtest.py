"""Load and fault test: gunicorn on PostgreSQL with 10x demo data, driven by logged-in colleagues.

Usage: `make loadtest` (50 users, 60 s) or `make faulttest` (the same, with PostgreSQL restarted
halfway). Only 127.0.0.1 is ever contacted. Every simulated colleague logs in through the real
login form, then requests the main pages in random order with keep-alive, as fast as the server
answers. Reported per page: requests, throughput, p50/p95/p99 latency, errors. The exit code is
1 on any error or connection failure (load test), or when the application does not recover by
itself, /healthz does not say 503 while the database is down, or any response shows a stack
trace (fault test).
"""

import argparse
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
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
HOST = "127.0.0.1"
SECRET = os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50)
SERVER_ENV = {
    "DJANGO_SETTINGS_MODULE": "swn_crm.settings",
    "DEBUG": "0",
    "SECRET_KEY": SECRET,
    "ALLOWED_HOSTS": f"{HOST},localhost",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "LOG_LEVEL": "ERROR",
}
os.environ.update(SERVER_ENV)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/swn_crm_load")
TRACE_MARKERS = ("Traceback (most recent call last)", 'File "/', "django.db.utils.")


def prepare_data(scale):
    from bench.run import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command, get_commands

    call_command("migrate", verbosity=0)
    settings.DEBUG = True
    call_command("seed_demo", scale=scale, verbosity=0)
    if "generate_meetings" in get_commands():
        call_command("generate_meetings", verbosity=0)
    settings.DEBUG = False
    call_command("collectstatic", interactive=False, verbosity=0)


def page_paths():
    from django.db.models import Count
    from django.urls import NoReverseMatch, reverse

    from meetings.models import Overleg
    from stakeholders.models import Organisation

    orgs = list(Organisation.objects.stakeholders().annotate(n=Count("meetings")).order_by("-n")[:20])
    overleggen = list(Overleg.objects.annotate(n=Count("meetings")).order_by("-n")[:20])
    pages = {}
    for name, url_name, objects in [
        ("dashboard", "overview:dashboard", None),
        ("week", "meetings:week", None),
        ("stakeholders", "overview:organisation_list", None),
        ("organisation", "overview:organisation_detail", orgs),
        ("overleg", "meetings:overleg_detail", overleggen),
    ]:
        try:
            pages[name] = [reverse(url_name, args=[o.pk]) for o in objects] if objects else [reverse(url_name)]
        except NoReverseMatch:
            print(f"  (page {name} not built yet: skipped)")
    return pages


class Colleague(threading.Thread):
    def __init__(self, port, username, pages, stop_at, results, lock):
        super().__init__(daemon=True)
        self.port, self.username, self.pages = port, username, pages
        self.stop_at, self.results, self.lock = stop_at, results, lock
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, headers=None):
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
                return response.status, data
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn = None
                if attempt == 2:
                    raise
        return None

    def log_in(self):
        status, page = self.request("GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        body = urllib.parse.urlencode({"username": self.username, "password": "demo", "csrfmiddlewaretoken": token})
        status, _ = self.request(
            "POST",
            "/accounts/login/",
            body,
            {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{HOST}:{self.port}/"},
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not log in ({status})")

    def run(self):
        rng = random.Random(self.username + str(id(self)))
        names = list(self.pages)
        while time.monotonic() < self.stop_at:
            name = rng.choice(names)
            path = rng.choice(self.pages[name])
            began = time.monotonic()
            started = time.perf_counter()
            try:
                status, body = self.request("GET", path)
                error = None if status == 200 else f"HTTP {status}"
                trace = any(marker.encode() in body for marker in TRACE_MARKERS)
            except OSError as exc:
                status, error, trace = None, f"connection: {exc.__class__.__name__}", False
            elapsed = (time.perf_counter() - started) * 1000
            with self.lock:
                self.results[name].append((elapsed, error, trace, began, time.monotonic()))


def wait_for(port, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def restart_postgres(health_log, port, stop_event):
    """Stop PostgreSQL, watch /healthz while it is down, start it again, watch it recover."""
    cluster = sorted(os.listdir("/etc/postgresql"))[0]

    def poll():
        # Under load a request can wait in gunicorn's queue for seconds: only one sent and answered
        # while PostgreSQL was down says how the application saw the outage.
        while not stop_event.is_set():
            sent = time.monotonic()
            try:
                conn = http.client.HTTPConnection(HOST, port, timeout=5)
                conn.request("GET", "/healthz")
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


def percentile(sorted_values, fraction):
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(len(sorted_values) * fraction))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8060)
    parser.add_argument("--fault", action="store_true", help="restart PostgreSQL halfway through")
    args = parser.parse_args()

    print(f"Preparing {args.scale}x demo data on {os.environ['DATABASE_URL']} ...")
    prepare_data(args.scale)
    pages = page_paths()
    from swn_crm.models import User

    usernames = list(User.objects.colleagues().values_list("username", flat=True))
    from django.db import connections

    connections.close_all()

    server = subprocess.Popen(
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
    try:
        wait_for(args.port)
        results, lock = defaultdict(list), threading.Lock()
        stop_at = time.monotonic() + 3600
        users = [
            Colleague(args.port, usernames[i % len(usernames)], pages, stop_at, results, lock)
            for i in range(args.users)
        ]
        for user in users:
            user.log_in()
        started = time.monotonic()
        for user in users:
            user.stop_at = started + args.seconds
            user.start()
        health_log, fault_window = [], None
        stop_polling = threading.Event()
        if args.fault:
            time.sleep(args.seconds / 3)
            fault_window = restart_postgres(health_log, args.port, stop_polling)
        for user in users:
            user.join()
        stop_polling.set()
        duration = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"\n{args.users} colleagues, {duration:.0f} s, gunicorn {args.workers} workers x {args.threads} threads")
    header = f"{'page':14} {'requests':>8} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
    print(header)
    print("-" * len(header))
    total_errors, traces, all_times = 0, 0, []
    errors_outside_fault = 0
    for name in sorted(results):
        rows = results[name]
        times = sorted(r[0] for r in rows)
        all_times.extend(times)
        errors = [r for r in rows if r[1]]
        total_errors += len(errors)
        traces += sum(1 for r in rows if r[2])
        if fault_window:
            # Requests that ended within 10 s after PostgreSQL came back may still fail; later ones may not.
            # A request in flight when PostgreSQL stopped, or sent while it was down or in the 10 s
            # after it came back, may fail (with the house 500 page); no other may.
            stopping_at, _down_at, _starting_at, up_at = fault_window
            errors_outside_fault += sum(1 for r in errors if r[4] < stopping_at or r[3] > up_at + 10)
        print(
            f"{name:14} {len(rows):>8} {len(rows) / duration:>7.1f} {percentile(times, 0.5):>8.1f} "
            f"{percentile(times, 0.95):>8.1f} {percentile(times, 0.99):>8.1f} {len(errors):>7}"
        )
    all_times.sort()
    print(
        f"{'all':14} {len(all_times):>8} {len(all_times) / duration:>7.1f} {percentile(all_times, 0.5):>8.1f} "
        f"{percentile(all_times, 0.95):>8.1f} {percentile(all_times, 0.99):>8.1f} {total_errors:>7}"
    )
    if all_times:
        print(f"mean {statistics.mean(all_times):.1f} ms")

    failed = []
    if traces:
        failed.append(f"{traces} responses showed a stack trace")
    if args.fault:
        _stopping_at, down_at, starting_at, up_at = fault_window
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
    elif total_errors:
        failed.append(f"{total_errors} errors or connection failures")
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        raise SystemExit(1)
    print("\nno errors" if not args.fault else "\nrecovered by itself; no stack traces")


if __name__ == "__main__":
    main()
