"""Concurrency checks on PostgreSQL: unrelated writers do not wait for each other, and a known race does not deadlock.

Usage: `make concurrency` (or `.venv/bin/python bench/concurrency.py [--iterations N]`).
Runs in its own database (DATABASE_URL, default `swn_crm_concurrency` on 127.0.0.1), seeded with the
demo data (scale 10) when it is empty or with --reseed. Bounded: every statement has a timeout.

1. Unrelated writers. Transaction A updates an organisation and keeps its transaction open for
   2 s; meanwhile transaction B, on its own connection, (a) logs a contact moment for another
   organisation, (b) updates an overleg. B's latency is measured from its first statement to its
   commit. Fails when B waited more than 0.5 s for A.
2. The race "save an overleg with a changed rhythm, which moves its future meetings" against
   "cancel one of those meetings", run concurrently many times with the real service functions.
   Fails on any `deadlock detected` (or other error). A cancellation that the overleg's save
   undid (a lost update) fails the check too.

Before the page cache went, database triggers made every write update one shared row: check 1 then
measured B waiting the full 2 s and check 2 deadlocked in 8 of 20 runs.
"""

import argparse
import dataclasses
import datetime
import os
import random
import statistics
import sys
import threading
import time
import traceback
from pathlib import Path

# -- What the checks depend on in the application: update here after a restructuring -------------

MODELS = {
    "organisation": "stakeholders.Organisation",
    "contact_moment": "relations.ContactMoment",
    "overleg": "meetings.Overleg",
    "meeting": "meetings.Meeting",
    "user": "swn_crm.User",
}
# Dotted paths of the service functions and helpers the checks call.
SERVICES = {
    "save_contact_moment": "relations.services.save_contact_moment",  # (*, moment, colleagues, contacts)
    "save_overleg": "meetings.services.save_overleg",  # (*, overleg, themes, organisations, delegates)
    "cancel_meeting": "meetings.services.cancel_meeting",  # (*, meeting)
    "rhythm": "meetings.recurrence.Rhythm",  # .from_rule(rule) -> dataclass with weekday; .to_rule()
}
CANCELLED_MEETING_STATUS = "geannuleerd"
CONTACT_CHANNEL = "telefoon"  # a valid ContactMoment.channel (checked against the model's choices)

# -- The checks' own settings -----------------------------------------------------------------------

REPO = Path(__file__).resolve().parents[1]
HOLD_SECONDS = 2.0
MAX_WAIT_SECONDS = 0.5
STATEMENT_TIMEOUT_MS = 30_000


def configure_environment():
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swn_crm.settings")
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/swn_crm_concurrency")
    os.environ.setdefault("SECRET_KEY", "concurrency-check-only")
    os.environ.setdefault("LOG_LEVEL", "ERROR")


def load(dotted):
    from django.utils.module_loading import import_string

    return import_string(dotted)


def model(key):
    from django.apps import apps

    return apps.get_model(MODELS[key])


def prepare(args):
    from bench.run import ensure_database

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.seeding import seed_demo

    if connection.vendor != "postgresql":
        raise SystemExit("These checks are about PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    call_command("migrate", verbosity=0)
    if args.reseed or not model("meeting").objects.exists():
        print(f"Seeding {args.scale}x demo data ...")
        seed_demo(args.scale)
    connection.close()


def bounded_connection():
    """This thread's connection, with a statement and lock timeout so nothing hangs."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {STATEMENT_TIMEOUT_MS}")
        cursor.execute(f"SET lock_timeout = {STATEMENT_TIMEOUT_MS}")
    return connection


class Worker(threading.Thread):
    """Runs `body` in its own thread (its own database connection), keeping the result or the exception."""

    def __init__(self, body):
        super().__init__(daemon=True)
        self.body, self.result, self.error, self.seconds = body, None, None, None

    def run(self):
        connection = bounded_connection()
        try:
            self.result = self.body()
        except BaseException as exc:  # reported by the caller
            self.error = exc
        finally:
            connection.close()


# -- 1. Unrelated writers ----------------------------------------------------------------------


def hold_a_while_b_writes(org_pk, b_body):
    """A updates organisation `org_pk` and holds its transaction; B runs `b_body` meanwhile. Returns their seconds."""
    from django.db import transaction

    Organisation = model("organisation")
    a_wrote = threading.Event()

    def a_body():
        started = time.perf_counter()
        with transaction.atomic():
            org = Organisation.objects.get(pk=org_pk)
            org.notes = (org.notes or "")[:500] + "."
            org.save()
            a_wrote.set()
            time.sleep(HOLD_SECONDS)
        return time.perf_counter() - started

    def timed_b():
        Organisation.objects.exists()  # connect first: only the write is timed
        if not a_wrote.wait(10):
            raise RuntimeError("A never wrote")
        started = time.perf_counter()
        with transaction.atomic():
            b_body()
        return time.perf_counter() - started

    a, b = Worker(a_body), Worker(timed_b)
    a.start()
    b.start()
    a.join(HOLD_SECONDS + 40)
    b.join(HOLD_SECONDS + 40)
    for worker in (a, b):
        if worker.error:
            raise worker.error
    return a.result, b.result


def check_unrelated_writers():
    Organisation, Overleg, User = model("organisation"), model("overleg"), model("user")
    ContactMoment = model("contact_moment")
    save_contact_moment = load(SERVICES["save_contact_moment"])
    channels = {value for value, _label in ContactMoment._meta.get_field("channel").choices}
    channel = CONTACT_CHANNEL if CONTACT_CHANNEL in channels else sorted(channels)[0]
    org_a, org_b = Organisation.objects.order_by("pk")[:2]
    overleg = Overleg.objects.order_by("pk").first()
    colleague = User.objects.colleagues().order_by("pk").first()

    def b_contact_moment():
        moment = ContactMoment(
            organisation=Organisation.objects.get(pk=org_b.pk),
            happened_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1),
            channel=channel,
            summary="Concurrency check: a contact moment while another transaction is open.",
            created_by=colleague,
        )
        save_contact_moment(moment=moment, colleagues=[colleague], contacts=[])

    def b_overleg():
        item = Overleg.objects.get(pk=overleg.pk)
        item.location = f"Concurrency check {random.randrange(10**6)}"
        item.save()

    cases = [
        ("B inserts a ContactMoment (other organisation)", b_contact_moment),
        ("B updates an Overleg", b_overleg),
    ]
    rows = [(title, *hold_a_while_b_writes(org_a.pk, b_body)) for title, b_body in cases]
    print(f"\n1. Unrelated writers: A updates an Organisation and holds its transaction {HOLD_SECONDS:.0f} s")
    header = f"{'case':48} {'A total s':>9} {'B latency s':>11}  result"
    print(header)
    print("-" * len(header))
    failed = []
    for title, a_seconds, b_seconds in rows:
        ok = b_seconds <= MAX_WAIT_SECONDS
        print(f"{title:48} {a_seconds:>9.3f} {b_seconds:>11.3f}  {'PASS' if ok else 'FAIL (B waited for A)'}")
        if not ok:
            failed.append(f"{title}: B took {b_seconds:.2f} s (> {MAX_WAIT_SECONDS} s)")
    return failed


# -- 2. Save an overleg (moves its meetings) vs cancel one of those meetings ------------------


@dataclasses.dataclass
class Outcome:
    deadlock: bool = False
    error: str = ""
    save_s: float = 0.0
    cancel_s: float = 0.0
    lost_cancel: bool = False
    moved: bool = False


def race_candidates(limit):
    """Active overleggen with a weekly/monthly rhythm the form understands and untouched future generated meetings."""
    Overleg, Meeting = model("overleg"), model("meeting")
    Rhythm = load(SERVICES["rhythm"])
    now = datetime.datetime.now(datetime.UTC)
    soon = now + datetime.timedelta(days=2)
    ids = (
        Meeting.objects.filter(recurrence_id__gt=soon, edited_by_hand=False, overleg__is_active=True)
        .exclude(status=CANCELLED_MEETING_STATUS)
        .values_list("overleg_id", flat=True)
        .distinct()
    )
    found = []
    for overleg in Overleg.objects.filter(pk__in=ids).exclude(recurrence_rule="").order_by("pk"):
        rhythm = Rhythm.from_rule(overleg.recurrence_rule)
        if rhythm is None or getattr(rhythm, "weekday", None) is None:
            continue
        found.append(overleg.pk)
        if len(found) >= limit:
            break
    return found


def race_once(overleg_id, rng):
    from django.db import OperationalError

    Overleg, Meeting = model("overleg"), model("meeting")
    Rhythm = load(SERVICES["rhythm"])
    save_overleg, cancel_meeting = load(SERVICES["save_overleg"]), load(SERVICES["cancel_meeting"])
    now = datetime.datetime.now(datetime.UTC)
    overleg = Overleg.objects.get(pk=overleg_id)
    rhythm = Rhythm.from_rule(overleg.recurrence_rule)
    overleg.recurrence_rule = dataclasses.replace(rhythm, weekday=(rhythm.weekday + 1) % 7).to_rule()
    themes, organisations = list(overleg.themes.all()), list(overleg.organisations.all())
    delegates = list(overleg.delegates.all())
    future = (
        Meeting.objects.filter(overleg=overleg, edited_by_hand=False)
        .filter(recurrence_id__gt=now + datetime.timedelta(days=2))
        .exclude(status=CANCELLED_MEETING_STATUS)
        .order_by("start")
    )
    target = rng.choice(list(future[:3]))
    barrier = threading.Barrier(2)
    # Sometimes one side, sometimes the other gets a head start of up to 30 ms.
    delays = [rng.uniform(0, 0.03), 0.0]
    rng.shuffle(delays)

    def timed(body, delay):
        def run():
            barrier.wait(10)
            time.sleep(delay)
            started = time.perf_counter()
            body()
            return time.perf_counter() - started

        return run

    def save():
        save_overleg(overleg=overleg, themes=themes, organisations=organisations, delegates=delegates)

    saver = Worker(timed(save, delays[0]))
    canceller = Worker(timed(lambda: cancel_meeting(meeting=Meeting(pk=target.pk)), delays[1]))
    saver.start()
    canceller.start()
    saver.join(STATEMENT_TIMEOUT_MS / 1000 + 20)
    canceller.join(STATEMENT_TIMEOUT_MS / 1000 + 20)
    outcome = Outcome(save_s=saver.result or 0.0, cancel_s=canceller.result or 0.0)
    for side, worker in (("save", saver), ("cancel", canceller)):
        if worker.is_alive():
            outcome.error = f"{side}: still running"
        elif worker.error is not None:
            if isinstance(worker.error, OperationalError) and "deadlock detected" in str(worker.error):
                outcome.deadlock = True
            else:
                outcome.error = f"{side}: " + "".join(traceback.format_exception_only(worker.error)).strip()
    if not outcome.deadlock and not outcome.error:
        # Both committed: the meeting must still be cancelled.
        after = Meeting.objects.filter(pk=target.pk).first()
        outcome.lost_cancel = after is not None and after.status != CANCELLED_MEETING_STATUS
        outcome.moved = after is not None and after.start != target.start
    return outcome


def check_race(iterations, seed):
    rng = random.Random(seed)
    candidates = race_candidates(iterations)
    if not candidates:
        return ["no overleg with a rhythm and future generated meetings to race on"]
    outcomes = []
    deadline = time.monotonic() + 300
    for i in range(iterations):
        if time.monotonic() > deadline:
            print("  (time limit: stopped early)")
            break
        outcomes.append(race_once(candidates[i % len(candidates)], rng))
    deadlocks = sum(o.deadlock for o in outcomes)
    errors = [o.error for o in outcomes if o.error]
    lost = sum(o.lost_cancel for o in outcomes)
    saves = sorted(o.save_s for o in outcomes if o.save_s)
    cancels = sorted(o.cancel_s for o in outcomes if o.cancel_s)
    print(f"\n2. Race: save an overleg with a changed rhythm (moves its meetings) vs cancel one, {len(outcomes)}x")
    header = (
        f"{'runs':>5} {'deadlocks':>9} {'other errors':>12} {'lost cancels':>12} "
        f"{'save p50/max s':>15} {'cancel p50/max s':>17}"
    )
    print(header)
    print("-" * len(header))

    def spread(values):
        return f"{statistics.median(values):.3f}/{values[-1]:.3f}" if values else "-"

    print(f"{len(outcomes):>5} {deadlocks:>9} {len(errors):>12} {lost:>12} {spread(saves):>15} {spread(cancels):>17}")
    for error in errors[:5]:
        print(f"  error: {error}")
    failed = []
    if deadlocks:
        failed.append(f"{deadlocks} of {len(outcomes)} runs ended in 'deadlock detected'")
    if errors:
        failed.append(f"{len(errors)} runs failed otherwise")
    if lost:
        moved = sum(o.lost_cancel and o.moved for o in outcomes)
        failed.append(
            f"in {lost} runs the overleg's save undid the cancellation (a lost update; {moved} of those "
            "meetings were moved to the new rhythm as if never cancelled)"
        )
    return failed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--reseed", action="store_true", help="seed the demo data afresh")
    parser.add_argument("--iterations", type=int, default=40, help="runs of the race (at most 5 minutes)")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    configure_environment()
    print(f"Concurrency checks on {os.environ['DATABASE_URL']}")
    prepare(args)
    failed = check_unrelated_writers()
    failed += check_race(args.iterations, args.seed)
    if failed:
        print("\nFAILED: " + "; ".join(failed))
        raise SystemExit(1)
    print("\nPASSED")


if __name__ == "__main__":
    main()
