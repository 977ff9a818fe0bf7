from django.core.management.base import BaseCommand

from core.backup import backup, default_backup_path


class Command(BaseCommand):
    help = "Write a consistent backup of the database (SQLite copy or pg_dump custom format) to backups/."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="where to write it (default backups/swn_crm-<time>.<ext>)")

    def handle(self, *args, path=None, **options):
        written = backup(path or default_backup_path())
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written}"))
