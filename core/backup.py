"""Consistent backups of the CRM database and their restore, for SQLite and PostgreSQL.

SQLite is copied with SQLite's online backup API (a consistent snapshot even while the
application writes); PostgreSQL with pg_dump's custom format and pg_restore.
"""

import datetime
import os
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections


def default_backup_path(alias="default"):
    vendor = connections[alias].vendor
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    suffix = "sqlite3" if vendor == "sqlite" else "dump"
    return Path(settings.BASE_DIR) / "backups" / f"swn_crm-{stamp}.{suffix}"


def _pg_env(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def _pg_args(db, name=None):
    args = ["--dbname", name or db["NAME"]]
    if db.get("HOST"):
        args += ["--host", db["HOST"]]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", db["USER"]]
    return args


def backup(path, alias="default"):
    """Write a consistent copy of the database to `path`; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(path) as target:
            connection.connection.backup(target)
        target.close()
    elif connection.vendor == "postgresql":
        db = connection.settings_dict
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(path), *_pg_args(db)],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
    else:
        raise NotImplementedError(f"No backup for {connection.vendor}.")
    return path


def restore(path, alias="default", database_name=None):
    """Replace the database's contents with the backup at `path` (or restore into `database_name`)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    connection = connections[alias]
    if connection.vendor == "sqlite":
        if database_name:
            target = sqlite3.connect(database_name)
        else:
            connection.ensure_connection()
            target = connection.connection
        with sqlite3.connect(path) as source:
            source.backup(target)
        source.close()
        if database_name:
            target.close()
    elif connection.vendor == "postgresql":
        db = connection.settings_dict
        if not database_name:
            connection.close()
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_args(db, database_name),
                str(path),
            ],
            env=_pg_env(db),
            check=True,
            capture_output=True,
        )
    else:
        raise NotImplementedError(f"No restore for {connection.vendor}.")
