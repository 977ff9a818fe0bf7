"""Page benchmark: every main page against the framework floor and the Django admin.

Usage: `make bench` (or `.venv/bin/python bench/run.py [--scale-50] [--rounds N] [--skip-tests]`).
Runs on PostgreSQL (DATABASE_URL, default a `swn_crm_bench` database on 127.0.0.1), with
DEBUG off, in one process through Django's test client: the full middleware stack and login,
no network. For each scale it loads the demo data, then measures all pages interleaved with
the reference requests, round after round in shuffled order, and prints a table; the figures
also go to bench/results.json. The exit code is 1 when a budget is broken (see BUDGETS).
"""

import argparse
import datetime
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


# The environment as the benchmark found it: the test suite it times runs with this one.
ORIGINAL_ENVIRONMENT = dict(os.environ)


def configure_environment():
    """Production-like settings for an in-process client: DEBUG off, no HTTPS redirect."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="swn_crm.settings",
        DEBUG="0",
        SECRET_KEY=os.environ.get("SECRET_KEY", secrets.token_urlsafe(50)),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
    )
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/swn_crm_bench")


# Budgets (issue 8): a page's median at scale 10 is at most ADMIN_RATIO x the admin showing the
# same data and FLOOR_RATIO x the floor (TIGHT_FLOOR_RATIO for the pages colleagues open most);
# at scale 50 at most SCALE_50_RATIO x its scale-10 median. Query counts equal at every scale.
ADMIN_RATIO = 1.0
FLOOR_RATIO = 8.0
TIGHT_FLOOR_RATIO = 5.0
TIGHT_PAGES = {"week", "week per colleague", "stakeholders", "stakeholders filtered"}
SCALE_50_RATIO = 2.0


def ensure_database(url):
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    conn = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname="postgres",
    )
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def setup_django():
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client record templates/context; no DB change
    from django.conf import settings

    settings.ROOT_URLCONF = "bench.urls"


def seed(scale):
    from django.db import connection
    from seeding import seed_demo  # bench/seeding.py: seed_demo in its own DEBUG process

    elapsed = seed_demo(scale)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return elapsed


def targets():
    """The concrete objects the pages show: the busiest of each, as a colleague would open them."""
    from django.db.models import Count
    from django.utils import timezone

    from meetings.models import Meeting, Overleg
    from stakeholders.models import Organisation
    from swn_crm.models import User
    from themes.models import Theme

    user = User.objects.get(username="nienke")
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    today = timezone.localdate()
    year, week, _ = today.isocalendar()
    return {
        "user": user,
        "year": year,
        "week": week,
        "organisation": Organisation.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first(),
        "overleg": Overleg.objects.annotate(n=Count("meetings")).order_by("-n", "pk").first(),
        "meeting": Meeting.objects.in_week(year, week).annotate(n=Count("attendances")).order_by("-n", "pk").first()
        or Meeting.objects.annotate(n=Count("attendances")).order_by("-n", "pk").first(),
        "theme": Theme.objects.get(slug="politiek-lobby"),
        "monday": datetime.date.fromisocalendar(year, week, 1),
        # A word colleagues type: it finds organisations, contact persons and overleggen alike.
        "search_term": "gemeente",
    }


def page_specs(t):
    """(name, page url, admin reference url) for every main page; pages not built yet are skipped."""
    from django.urls import NoReverseMatch, reverse

    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    monday = t["monday"]
    next_monday = monday + datetime.timedelta(days=7)

    def midnight(day):
        """Local midnight as an aware timestamp: a bare date made the admin filter warn about naive datetimes."""
        from urllib.parse import quote

        from django.utils import timezone

        return quote(
            datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone()).isoformat()
        )

    week_range = f"?start__gte={midnight(monday)}&start__lt={midnight(next_monday)}"
    fortnight = f"?start__gte={midnight(monday)}&start__lt={midnight(monday + datetime.timedelta(days=14))}"
    org, overleg, meeting, theme = t["organisation"], t["overleg"], t["meeting"], t["theme"]
    user, term = t["user"], t["search_term"]
    token = _calendar_token(user)
    organisations_of_theme = url("admin:stakeholders_organisation_changelist", query=f"?themes__id__exact={theme.pk}")
    stakeholders_admin = url("admin:stakeholders_organisation_changelist", query="?is_stakeholder__exact=1")
    specs = [
        ("dashboard", url("overview:dashboard"), url("admin:meetings_meeting_changelist", query=fortnight)),
        ("week", url("meetings:week"), url("admin:meetings_meeting_changelist", query=week_range)),
        (
            "week per colleague",
            url("meetings:week", query="?layout=colleague"),
            url("admin:meetings_meeting_changelist", query=week_range),
        ),
        ("stakeholders", url("overview:organisation_list"), stakeholders_admin),
        (
            "stakeholders filtered",
            url("overview:organisation_list", query=f"?theme={theme.slug}&kind=gemeente"),
            url(
                "admin:stakeholders_organisation_changelist",
                query=f"?is_stakeholder__exact=1&kind__exact=gemeente&themes__id__exact={theme.pk}",
            ),
        ),
        ("members", url("overview:member_list"), url("admin:stakeholders_membership_changelist")),
        ("contacts", url("overview:contact_list"), url("admin:stakeholders_contactperson_changelist")),
        (
            "organisation page",
            url("overview:organisation_detail", org.pk),
            url("admin:stakeholders_organisation_change", org.pk),
        ),
        ("themes", url("overview:theme_list"), url("admin:themes_theme_changelist")),
        ("theme page", url("overview:theme_detail", theme.slug), organisations_of_theme),
        ("theme map", url("overview:theme_map", theme.slug), organisations_of_theme),
        (
            "theme network",
            url("overview:theme_network", theme.slug),
            url("admin:meetings_meeting_changelist", query=f"?overleg__themes__id__exact={theme.pk}"),
        ),
        ("overleg list", url("meetings:overleg_list"), url("admin:meetings_overleg_changelist")),
        ("overleg page", url("meetings:overleg_detail", overleg.pk), url("admin:meetings_overleg_change", overleg.pk)),
        ("meeting page", url("meetings:meeting_detail", meeting.pk), url("admin:meetings_meeting_change", meeting.pk)),
        ("coalitions", url("lobby:coalition_list"), url("admin:lobby_coalition_changelist")),
        ("dossiers", url("lobby:dossier_list"), url("admin:lobby_policydossier_changelist")),
        ("reviews", url("meetings:review_list"), url("admin:meetings_overlegreview_changelist")),
        ("reports", url("overview:report_index"), url("admin:themes_theme_changelist")),
        ("report relationships", url("overview:report_relationships"), stakeholders_admin),
        ("report staff load", url("overview:report_staff_load"), url("admin:meetings_attendance_changelist")),
        (
            "my actions",
            url("relations:my_actions"),
            url("admin:relations_contactmoment_changelist", query=f"?follow_up_assignee__id__exact={user.pk}"),
        ),
        (
            "search",
            url("overview:search", query=f"?q={term}"),
            url("admin:stakeholders_organisation_changelist", query=f"?q={term}"),
        ),
        (
            "calendar feed",
            url("meetings:calendar_feed", token) if token else None,
            url("admin:meetings_attendance_changelist", query=f"?user__id__exact={user.pk}"),
        ),
        (
            "overleg feed",
            url("meetings:overleg_calendar", overleg.pk),
            url("admin:meetings_meeting_changelist", query=f"?overleg__id__exact={overleg.pk}"),
        ),
    ]
    return [(name, page, admin) for name, page, admin in specs if page and admin]


def _calendar_token(user):
    try:
        from meetings.models import CalendarToken
    except ImportError:
        return None
    # Reuse the active token: issuing one revokes the old, which would break a run measuring beside
    # bench/profile_page.py.
    active = CalendarToken.objects.active().filter(user=user).first()
    return active.token if active else CalendarToken.objects.issue(user=user).token


def measure(client, urls, rounds, warmup=20):
    """Median and p90 of `rounds` requests per url, shuffled round after round, plus the query
    count and size of one request. Every page is rendered fresh (there is no page cache)."""
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    stats = {}
    for url in urls:
        # The query log keeps the last 9000 queries; once full, CaptureQueriesContext counts 0.
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}; the benchmark needs every page to work.")
        stats[url] = {"queries": len(queries), "bytes": len(response.content), "times": []}
    order = list(urls)
    rng = random.Random(1)
    for _ in range(warmup):
        for url in urls:
            client.get(url)
    for _ in range(rounds):
        rng.shuffle(order)
        for url in order:
            started = time.perf_counter()
            client.get(url)
            stats[url]["times"].append((time.perf_counter() - started) * 1000)
    for entry in stats.values():
        times = sorted(entry.pop("times"))
        entry["median_ms"] = statistics.median(times)
        entry["p90_ms"] = times[max(int(len(times) * 0.9) - 1, 0)]
    return stats


def run_scale(scale, rounds, *, pages=None, reseed=True, warmup=20):
    from django.test import Client

    seed_seconds = seed(scale) if reseed else 0.0
    t = targets()
    client = Client()
    client.force_login(t["user"])
    floor_url = "/__floor__/"
    specs = page_specs(t)
    if pages:
        specs = [spec for spec in specs if any(part in spec[0] for part in pages)]
    urls = [floor_url] + [u for _, page, admin in specs for u in (page, admin)]
    stats = measure(client, list(dict.fromkeys(urls)), rounds, warmup=warmup)
    floor = stats[floor_url]["median_ms"]
    rows = []
    for name, page, admin in specs:
        p, a = stats[page], stats[admin]
        rows.append(
            {
                "page": name,
                "scale": scale,
                "url": page,
                "queries": p["queries"],
                "median_ms": round(p["median_ms"], 2),
                "p90_ms": round(p["p90_ms"], 2),
                "bytes": p["bytes"],
                "ratio_floor": round(p["median_ms"] / floor, 2),
                "admin_url": admin,
                "admin_queries": a["queries"],
                "admin_median_ms": round(a["median_ms"], 2),
                "ratio_admin": round(p["median_ms"] / a["median_ms"], 2),
            }
        )
    return {"scale": scale, "seed_seconds": round(seed_seconds, 1), "floor_ms": round(floor, 3), "rows": rows}


def check_budgets(results):
    problems = []
    by_scale = {r["scale"]: {row["page"]: row for row in r["rows"]} for r in results}
    one, ten, fifty = by_scale.get(1, {}), by_scale.get(10, {}), by_scale.get(50, {})
    for page, row in ten.items():
        if page in one and one[page]["queries"] != row["queries"]:
            problems.append(f"{page}: {one[page]['queries']} queries at scale 1, {row['queries']} at scale 10")
        if page in fifty and fifty[page]["queries"] != row["queries"]:
            problems.append(f"{page}: {fifty[page]['queries']} queries at scale 50, {row['queries']} at scale 10")
        if row["ratio_admin"] > ADMIN_RATIO:
            problems.append(f"{page}: {row['ratio_admin']}x the admin at scale 10 (budget {ADMIN_RATIO}x)")
        limit = TIGHT_FLOOR_RATIO if page in TIGHT_PAGES else FLOOR_RATIO
        if row["ratio_floor"] > limit:
            problems.append(f"{page}: {row['ratio_floor']}x the floor at scale 10 (budget {limit}x)")
        if page in fifty and fifty[page]["median_ms"] > SCALE_50_RATIO * row["median_ms"]:
            problems.append(f"{page}: {fifty[page]['median_ms']} ms at scale 50, over {SCALE_50_RATIO}x scale 10")
    return problems


def print_table(results):
    columns = (
        ("scale", 5),
        ("queries", 7),
        ("median ms", 9),
        ("p90 ms", 8),
        ("KiB", 6),
        ("x floor", 8),
        ("x admin", 8),
    )
    header = f"{'page':24} " + " ".join(f"{name:>{width}}" for name, width in columns)
    print(header)
    print("-" * len(header))
    for result in results:
        for row in result["rows"]:
            print(
                f"{row['page']:24} {row['scale']:>5} {row['queries']:>7} {row['median_ms']:>9.2f} "
                f"{row['p90_ms']:>8.2f} {row['bytes'] / 1024:>6.1f} "
                f"{row['ratio_floor']:>8.2f} {row['ratio_admin']:>8.2f}"
            )
        floor = f"{'(floor)':24} {result['scale']:>5} {'':>7} {result['floor_ms']:>9.2f}"
        print(f"{floor}   seed_demo: {result['seed_seconds']} s")


def time_test_suite():
    started = time.perf_counter()
    # As `make test` runs it: not with the benchmark's settings (DEBUG off, no HTTPS redirect, the
    # benchmark's database) but on the default SQLite database, the suite setting its own.
    env = {k: v for k, v in ORIGINAL_ENVIRONMENT.items() if k != "DATABASE_URL"}
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=REPO, env=env, check=True)
    return round(time.perf_counter() - started, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale-50", action="store_true", help="also measure at scale 50 (slow to seed)")
    parser.add_argument("--rounds", type=int, default=200, help="measured requests per page (default 200)")
    parser.add_argument("--skip-tests", action="store_true", help="do not time the test suite")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per page first (default 20)")
    parser.add_argument("--scales", help="comma-separated scales instead of 1,10[,50], e.g. 10 while optimising")
    parser.add_argument("--pages", help="comma-separated parts of page names: measure only those (while optimising)")
    parser.add_argument(
        "--no-seed", action="store_true", help="measure the data the last run left (one scale; while optimising)"
    )
    args = parser.parse_args()

    configure_environment()
    if not os.environ["DATABASE_URL"].startswith("postgres"):
        raise SystemExit("The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...")
    ensure_database(os.environ["DATABASE_URL"])
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off: hashed names from the manifest
    scales = [1, 10] + ([50] if args.scale_50 else [])
    if args.scales:
        scales = [int(scale) for scale in args.scales.split(",")]
    pages = args.pages.split(",") if args.pages else None
    results = [
        run_scale(scale, args.rounds, pages=pages, reseed=not args.no_seed, warmup=args.warmup) for scale in scales
    ]
    print_table(results)
    report = {
        "measured_at": datetime.datetime.now().isoformat(timespec="seconds"),
        "rounds": args.rounds,
        "results": results,
    }
    if not args.skip_tests:
        report["test_suite_seconds"] = time_test_suite()
        print(f"\nfull test suite: {report['test_suite_seconds']} s")
    problems = check_budgets(results)
    report["budget_problems"] = problems
    (REPO / "bench" / "results.json").write_text(json.dumps(report, indent=2))
    print("\nwritten: bench/results.json")
    if problems:
        print("\nBUDGETS BROKEN:")
        for problem in problems:
            print(f"  - {problem}")
        raise SystemExit(1)
    print("all budgets met")


if __name__ == "__main__":
    main()
