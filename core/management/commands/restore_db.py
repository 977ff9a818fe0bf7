from django.core.management.base import BaseCommand, CommandError

from core.backup import restore


class Command(BaseCommand):
    help = "Replace ALL data in the database with a backup made by backup_db."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, interactive, **options):
        if interactive:
            answer = input(f"This replaces all data in the database with {path}. Type 'yes' to continue: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        try:
            restore(path)
        except FileNotFoundError:
            raise CommandError(f"No backup file at {path}.") from None
        self.stdout.write(self.style.SUCCESS(f"Restored {path}"))
