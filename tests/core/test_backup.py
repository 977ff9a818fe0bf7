"""make backup / make restore: a restore into an empty database finds every record again."""

import sqlite3

import psycopg2
import pytest
from django.core.management import call_command
from django.db import connection

from core.backup import backup, restore
from meetings.models import Meeting
from stakeholders.models import Organisation
from tests.factories import AttendanceFactory, ContactPersonFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def make_data():
    membership = MembershipFactory(
        organisation__name="Welzijn Zeist – wijkteam 🏘️", organisation__notes="regel 1\nregel 2"
    )
    ContactPersonFactory(organisation=membership.organisation, name="Jeroen van der Molen")
    for _ in range(3):
        attendance = AttendanceFactory()
        attendance.meeting.organisations.add(membership.organisation)


def tables():
    return sorted(connection.introspection.table_names())


def sqlite_rows(conn, table):
    return sorted(map(repr, conn.execute(f'SELECT * FROM "{table}"').fetchall()))


def pg_digest(cursor, table):
    cursor.execute(f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t")
    return cursor.fetchone()


def test_restore_into_an_empty_database_finds_every_record(tmp_path):
    make_data()
    path = backup(tmp_path / ("crm.sqlite3" if connection.vendor == "sqlite" else "crm.dump"))
    assert path.stat().st_size > 0

    if connection.vendor == "sqlite":
        empty = tmp_path / "empty.sqlite3"
        restore(path, database_name=str(empty))
        # Read back with the same type converters Django registers for its own connection.
        restored = sqlite3.connect(empty, detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        original = connection.connection
        for table in tables():
            assert sqlite_rows(restored, table) == sqlite_rows(original, table), table
        restored.close()
    else:
        name = connection.settings_dict["NAME"] + "_restore"
        admin = psycopg2.connect(
            host=connection.settings_dict["HOST"] or None,
            port=connection.settings_dict["PORT"] or None,
            user=connection.settings_dict["USER"] or None,
            dbname="postgres",
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        try:
            restore(path, database_name=name)
            restored = psycopg2.connect(
                host=connection.settings_dict["HOST"] or None,
                port=connection.settings_dict["PORT"] or None,
                user=connection.settings_dict["USER"] or None,
                dbname=name,
            )
            with restored.cursor() as theirs, connection.cursor() as ours:
                for table in tables():
                    assert pg_digest(theirs, table) == pg_digest(ours, table), table
            restored.close()
        finally:
            with admin.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.close()


def test_restore_command_brings_back_deleted_data(tmp_path):
    make_data()
    before = sorted(Organisation.objects.values_list("name", flat=True))
    meetings = Meeting.objects.count()
    path = tmp_path / ("crm.sqlite3" if connection.vendor == "sqlite" else "crm.dump")
    call_command("backup_db", str(path), verbosity=0)

    Meeting.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("restore_db", str(path), interactive=False, verbosity=0)

    assert sorted(Organisation.objects.values_list("name", flat=True)) == before
    assert Meeting.objects.count() == meetings


def test_restore_of_a_missing_file_says_so(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="No backup file"):
        call_command("restore_db", str(tmp_path / "nope.dump"), interactive=False)
