import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from swn_crm.env import env_bool, env_int, env_str, parse_cache_url, parse_database_url


def test_env_bool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG") is True
    monkeypatch.setenv("FLAG", "off")
    assert env_bool("FLAG", True) is False


def test_env_bool_refuses_a_value_that_is_not_a_boolean(monkeypatch):
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG='maybe' is not a boolean"):
        env_bool("FLAG")


def test_env_int_refuses_letters(monkeypatch):
    monkeypatch.setenv("COUNT", "ten")
    with pytest.raises(ImproperlyConfigured, match="COUNT='ten' is not a whole number"):
        env_int("COUNT", 1)


def test_required_variable_without_default_names_itself(monkeypatch):
    monkeypatch.delenv("SECRET_KEY_FOR_TEST", raising=False)
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY_FOR_TEST is required"):
        env_str("SECRET_KEY_FOR_TEST")


def test_postgres_url_becomes_a_database_entry():
    db = parse_database_url("postgres://crm:s%40cret@db.example:6543/swn?sslmode=require", "/repo")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "swn",
        "crm",
        "s@cret",
        "db.example",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_relative_sqlite_path_is_taken_from_the_repository_folder():
    assert parse_database_url("sqlite:///db.sqlite3", "/repo")["NAME"] == "/repo/db.sqlite3"
    assert parse_database_url("sqlite:////var/lib/crm.db", "/repo")["NAME"] == "/var/lib/crm.db"


@pytest.mark.parametrize("url", ["mysql://root@localhost/crm", "postgres://host/", "sqlite://"])
def test_unsupported_or_incomplete_database_url_is_refused(url):
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url, "/repo")


def test_cache_url_selects_a_shared_redis_cache_or_local_memory():
    assert parse_cache_url("redis://127.0.0.1:6379/1") == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
    }
    assert parse_cache_url("locmem://")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL"):
        parse_cache_url("memcached://127.0.0.1:11211")


def test_a_redis_cache_is_shared_between_two_processes():
    """Two cache handles on one Redis server (as two workers would have) see each other's entries."""
    location = "redis://127.0.0.1:6379/15"
    try:
        import redis

        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except Exception:  # noqa: BLE001 - no server to test against
        if os.environ.get("CI"):
            raise
        pytest.skip("no Redis server on 127.0.0.1:6379")
    config = parse_cache_url(location)
    first = RedisCache(config["LOCATION"], {})
    second = RedisCache(config["LOCATION"], {})
    key = f"swn-test-{uuid.uuid4()}"
    first.set(key, "gedeeld", 30)
    try:
        assert second.get(key) == "gedeeld"
    finally:
        first.delete(key)
