"""List (and on request anonymise) contact persons past the retention period (AVG).

manage.py retention_report                     # the list, for the default period (CONTACT_RETENTION_MONTHS)
manage.py retention_report --months 36         # another period
manage.py retention_report --anonymise --yes   # anonymise them all; each erasure is in the privacy log
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from stakeholders import privacy
from stakeholders.services import anonymise_stale_contacts


class Command(BaseCommand):
    help = "List contact persons not involved in anything for the retention period; optionally anonymise them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=f"Retention period in months (default {settings.CONTACT_RETENTION_MONTHS}: CONTACT_RETENTION_MONTHS).",
        )
        parser.add_argument("--anonymise", action="store_true", help="Anonymise every contact person listed.")
        parser.add_argument("--yes", action="store_true", help="Confirm --anonymise without asking.")

    def handle(self, *args, months, anonymise, yes, **options):
        if months is not None and months < 1:
            raise CommandError("--months must be at least 1.")
        cutoff = privacy.retention_cutoff(months=months)
        stale = list(privacy.stale_contacts(months=months).select_related("organisation").order_by("updated_at", "pk"))
        self.stdout.write(
            f"{len(stale)} contact person(s) not involved in anything since {timezone.localtime(cutoff):%d-%m-%Y}:"
        )
        for contact in stale:
            self.stdout.write(
                f"  #{contact.pk}  {contact.name}  ({contact.organisation})  "
                f"last changed {timezone.localtime(contact.updated_at):%d-%m-%Y}"
            )
        if not anonymise:
            return
        if not stale:
            return
        if not yes:
            raise CommandError("Add --yes to anonymise these contact persons; this cannot be undone.")
        count = anonymise_stale_contacts(contact_ids=[contact.pk for contact in stale], user=None, months=months)
        self.stdout.write(self.style.SUCCESS(f"{count} contact person(s) anonymised; see the privacy log."))
