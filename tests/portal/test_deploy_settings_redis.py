"""With REDIS_URL, everything several app servers must share lives in Redis."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.db import connection

from reports import ratelimit
from tests.factories import square

from .conftest import PASSWORD, log_in

ROOT = Path(__file__).resolve().parents[2]


def run_python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_django_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _django_env(**extra):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **extra}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def redis_keys(url, pattern):
    return [key.decode() for key in redis.Redis.from_url(url).keys(pattern)]


def test_with_redis_url_cache_and_sessions_use_redis(redis_server):
    result = run_python(
        "import json, portal.settings as s; print(json.dumps("
        "[s.CACHES['default']['BACKEND'], s.CACHES['default']['LOCATION'], "
        "s.SESSION_ENGINE]))",
        REDIS_URL=redis_server,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.cache.backends.redis.RedisCache",
        redis_server,
        "django.contrib.sessions.backends.cached_db",
    ]


def test_without_redis_url_the_local_defaults_stay():
    env = _django_env()
    env.pop("REDIS_URL", None)
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import portal.settings as s; "
            "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
    ]


@pytest.mark.django_db
def test_report_rate_limits_count_in_redis(redis_cache, rf):
    request = rf.post("/report/", REMOTE_ADDR="10.1.2.3")
    assert ratelimit.allow(request, "ip")
    assert len(redis_keys(redis_cache, "*reports:rl:ip:*")) == 1


@pytest.mark.django_db
def test_allauth_rate_limits_and_sessions_live_in_redis(
    client, settings, redis_cache, resident
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    log_in(client, resident.email, "wrong-password")
    assert redis_keys(redis_cache, "*allauth:rl:*")
    response = log_in(client, resident.email, PASSWORD)
    assert response.status_code == 302
    session_key = client.cookies["sessionid"].value
    assert redis_keys(redis_cache, f"*cached_db*{session_key}")


# --- The point → grid index across processes ------------------------------------

LOCATE_LOOP = """
import sys
import django
django.setup()
from grids import locate
for line in sys.stdin:
    lat, lng = map(float, line.split())
    grid = locate.locate(lat, lng)
    print(grid.code if grid else "-", flush=True)
"""

MOVE_BOUNDARY = """
import json, sys
import django
django.setup()
from grids.models import Grid
grid = Grid.objects.get(code=sys.argv[1])
grid.boundary = json.loads(sys.argv[2])
grid.save()
"""


def _database_url_for_subprocesses(tmp_path):
    """The test database, reachable from another process."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        return (
            f"postgres://{settings['USER']}:{settings['PASSWORD']}"
            f"@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
        )
    # SQLite's test database lives in this process's memory: copy it to a file.
    path = tmp_path / "shared.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(path) as target:
        connection.connection.backup(target)
    return f"sqlite:///{path}"


@pytest.mark.django_db(transaction=True)
def test_a_boundary_change_in_one_process_is_seen_by_another(
    redis_cache, tmp_path, grid_a
):
    env = _django_env(
        REDIS_URL=redis_cache, DATABASE_URL=_database_url_for_subprocesses(tmp_path)
    )
    moved = square(3, 3)
    lng, lat = moved["coordinates"][0][0]
    point = f"{lat + 0.005} {lng + 0.005}\n"
    server = subprocess.Popen(
        [sys.executable, "-c", LOCATE_LOOP],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        server.stdin.write(point)
        server.stdin.flush()
        assert server.stdout.readline().strip() == "-"

        other = subprocess.run(
            [sys.executable, "-c", MOVE_BOUNDARY, grid_a.code, json.dumps(moved)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert other.returncode == 0, other.stderr

        server.stdin.write(point)
        server.stdin.flush()
        assert server.stdout.readline().strip() == grid_a.code
    finally:
        server.stdin.close()
        server.wait(timeout=30)
