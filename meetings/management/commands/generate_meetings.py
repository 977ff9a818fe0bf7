from django.core.management.base import BaseCommand, CommandError

from meetings.recurrence import DEFAULT_HORIZON_DAYS, generate_all_meetings


class Command(BaseCommand):
    help = (
        "Plan the upcoming meetings of every active overleg from its rhythm, up to the horizon. Safe to run "
        "daily: it never duplicates a meeting, never touches meetings that were edited by hand, cancelled or "
        "are in the past, and moves or removes only future untouched meetings when a rhythm changed."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--horizon-days",
            type=int,
            default=DEFAULT_HORIZON_DAYS,
            help=f"How many days ahead to plan (default {DEFAULT_HORIZON_DAYS}).",
        )

    def handle(self, *args, horizon_days, **options):
        if not 1 <= horizon_days <= 3660:
            raise CommandError("--horizon-days must be between 1 and 3660.")
        result = generate_all_meetings(horizon_days=horizon_days)
        self.stdout.write(
            self.style.SUCCESS(
                f"Meetings from the rhythms (horizon {horizon_days} days): {result.created} created, "
                f"{result.moved} moved, {result.updated} updated, {result.removed} removed."
            )
        )
