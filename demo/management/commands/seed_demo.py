import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.builder import build_demo
from stakeholders.models import Organisation


class Command(BaseCommand):
    help = (
        "Replace all CRM data with deterministic Dutch demo data: 18 colleagues, ~200 stakeholders, "
        "~500 members, ~60 overleggen with meetings from six months back to six months ahead. "
        "Refuses to run with DEBUG off, because it wipes the data and sets known passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=1, help="Multiply the volumes (1-100; 10 for benchmarks).")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed; the same seed gives the same data.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when the database already holds organisations."
        )

    def handle(self, *args, scale, seed, if_empty, **options):
        if if_empty and Organisation.objects.exists():
            self.stdout.write("The database already holds data; demo data not loaded.")
            return
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo refuses to run with DEBUG off: it deletes all CRM data and sets known passwords. "
                "Run it only on a development or benchmark database with DEBUG=1."
            )
        if not 1 <= scale <= 100:
            raise CommandError("--scale must be between 1 and 100.")
        started = time.monotonic()
        counts = build_demo(scale=scale, seed=seed)
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(f"Demo data (scale {scale}, seed {seed}) in {elapsed:.1f}s: {summary}.")
            )
