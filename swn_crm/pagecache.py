"""Exact caching of rendered pages and page parts: never stale, because the key says what changed.

Every write to a table of the CRM's own apps (users, themes, organisations, contacts, overleggen,
meetings, attendances and every many-to-many table between them, including tables added later)
gives the database row `swn_data_version` a new value, through database triggers. Triggers and
not Django signals, because signals miss `QuerySet.update()`, `bulk_create()`, raw SQL, `flush`
and other processes. A cache key holds that value, so after any write the next request misses
and renders afresh.

- PostgreSQL (14 or later): one statement-level trigger per table, also on TRUNCATE.
- SQLite (development, tests): row-level triggers.

The new value is random rather than counted: after a rolled-back write or a restored backup a
counter would hand out old values again, and with them old pages.

The table and triggers are (re)installed after every `migrate` (`install`, on `post_migrate`),
so a new model or a table rebuilt by a later migration is covered without anyone remembering.

Pages also depend on the clock ("next meeting", "today"); the views put the moment their page
would change by the passage of time into the key as well (`meetings_from` of `key`).

The cache itself is Django's default cache (local memory per process unless CACHES says
otherwise): safe with several worker processes, because each checks the version in the database.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.utils import translation

WATCHED_APPS = ("swn_crm", "themes", "stakeholders", "meetings")
TABLE = "swn_data_version"
TRIGGER = "swn_data_version"
# A random 53-bit number: unlike a sequence, it does not count up again from an old value after a
# rollback or after restoring a backup, so a key of an older page never comes back.
PG_RANDOM = "floor(random() * 9007199254740991)::bigint"


def watched_tables():
    """Every table of the watched apps, many-to-many tables included."""
    tables = set()
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.managed and not model._meta.proxy:
                tables.add(model._meta.db_table)
    return sorted(tables)


def install(using="default", **kwargs):
    """Create the version row and a trigger on every watched table (idempotent)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [table for table in watched_tables() if table in existing]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)")
            cursor.execute(f"INSERT INTO {TABLE} (id, version) VALUES (1, {PG_RANDOM}) ON CONFLICT DO NOTHING")
            cursor.execute(
                f"CREATE OR REPLACE FUNCTION {TRIGGER}_bump() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN UPDATE {TABLE} SET version = {PG_RANDOM} WHERE id = 1; RETURN NULL; END $$"
            )
            for table in tables:
                cursor.execute(
                    f"CREATE OR REPLACE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                    f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION {TRIGGER}_bump()'
                )
        elif connection.vendor == "sqlite":
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (id integer PRIMARY KEY, version bigint NOT NULL)")
            cursor.execute(f"INSERT OR IGNORE INTO {TABLE} (id, version) VALUES (1, random())")
            for table in tables:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f'CREATE TRIGGER IF NOT EXISTS "{TRIGGER}_{table}_{event.lower()}" AFTER {event} '
                        f'ON "{table}" BEGIN UPDATE {TABLE} SET version = random() WHERE id = 1; END'
                    )


def data_version(*, meetings_from=(), meeting_ends_from=(), using="default"):
    """The current data version (changes on every write to a watched table), and for each moment in
    `meetings_from` the start of the first meeting at or after it, and for each moment in
    `meeting_ends_from` the end of the first meeting ending after it (None if none).

    A page that shows meetings relative to "now" stays the same until the clock passes such a
    start or end, so those go into its key. All in one query (both come from an index).
    """
    from meetings.models import Meeting

    meeting = Meeting._meta.db_table
    columns = "".join(f', (SELECT MIN("start") FROM "{meeting}" WHERE "start" >= %s)' for _ in meetings_from)
    columns += "".join(f', (SELECT MIN("end") FROM "{meeting}" WHERE "end" > %s)' for _ in meeting_ends_from)
    connection = connections[using]
    # As the ORM would pass them: on SQLite a naive UTC string, compared as text with the stored ones.
    moments = [connection.ops.adapt_datetimefield_value(moment) for moment in (*meetings_from, *meeting_ends_from)]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT version{columns} FROM {TABLE} WHERE id = 1", moments)
        row = cursor.fetchone()
    return tuple(row) if row else None


def key(*parts, meetings_from=(), meeting_ends_from=(), viewer=None):
    """A cache key for a page part: the parts, the data version (with the meeting starts and ends
    after each moment in `meetings_from` and `meeting_ends_from`, see `data_version`) and the
    active language.

    Pass `viewer` (the request's user) when the part shows anything that depends on what the
    viewer may do (an "Import" button, a "New" link): colleagues with the same permissions share
    the entry, others get their own. The permissions are loaded once per request anyway.
    """
    permissions = sorted(viewer.get_all_permissions()) if viewer is not None else None
    version = data_version(meetings_from=meetings_from, meeting_ends_from=meeting_ends_from)
    raw = repr((version, translation.get_language(), permissions, *parts))
    return "swn-page:" + hashlib.sha256(raw.encode()).hexdigest()


def get_or_render(cache_key, render):
    """The cached value under `cache_key`, or `render()` stored there (for as long as the cache keeps it)."""
    value = cache.get(cache_key)
    if value is None:
        value = render()
        cache.set(cache_key, value, timeout=None)
    return value


def csrf_placeholder():
    """What a cached part holds where a CSRF token goes (`{% cachedpart %}` puts the real one back).

    Derived from SECRET_KEY: the same in every worker process (a shared cache works), and not
    something a colleague could type into a text field to have a token written into it.
    """
    digest = hashlib.sha256(f"swn-csrf-placeholder:{settings.SECRET_KEY}".encode()).hexdigest()
    return f"swn-csrf-{digest[:32]}"
