"""Shared fixtures: fixed personas, two grids in one station, and the database.

With GRIDWATCH_TEST_DB=postgresql the whole suite runs against a PostgreSQL
server that pytest-postgresql starts in a temporary directory.
"""

import os

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from portal import roles

from .factories import (
    AssignmentFactory,
    CommunityFactory,
    GridFactory,
    PersonFactory,
    StationFactory,
    UserFactory,
    square,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run inside one unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

if os.environ.get("GRIDWATCH_TEST_DB") == "postgresql":
    from pytest_postgresql import factories

    postgresql_proc = factories.postgresql_proc(port=None)

    @pytest.fixture(scope="session")
    def django_db_modify_db_settings(postgresql_proc):
        from django.conf import settings
        from django.db import connections

        settings.DATABASES["default"].update(
            {
                "ENGINE": "django.db.backends.postgresql",
                "NAME": "gridwatch",
                "USER": postgresql_proc.user,
                "PASSWORD": postgresql_proc.password or "",
                "HOST": postgresql_proc.host,
                "PORT": postgresql_proc.port,
                "OPTIONS": {},
                "CONN_MAX_AGE": 0,
            }
        )
        # The SQLite connection object may already exist; drop it so the next
        # use builds a PostgreSQL one from the settings above.
        connections["default"].close()
        del connections["default"]
        # modelsearch sets its PostgreSQL weights at start-up only when the
        # database already is PostgreSQL; here it was SQLite then.
        from modelsearch.backends.database.postgres import weights

        if not weights.BOOSTS_WEIGHTS:
            weights.set_weights()


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.SMS_SENDER = "portal.sms.OutboxSender"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.MAP_TILE_URL = ""
    # Public pages are cached only where a test turns it on
    # (tests/portal/test_page_cache.py): other tests change data the cache
    # does not track (reports, activities) between two requests.
    settings.PAGE_CACHE_SECONDS = 0
    from django.core.cache import cache

    from portal.sms import OutboxSender

    cache.clear()
    OutboxSender.outbox.clear()


# --- Places ------------------------------------------------------------------


@pytest.fixture
def station(db):
    return StationFactory(code="XH", name="西湖派出所")


@pytest.fixture
def other_station(db):
    return StationFactory(code="GS", name="古荡派出所")


@pytest.fixture
def community(station):
    return CommunityFactory(code="XH-WY", name="文一社区", station=station)


@pytest.fixture
def grid_a(community):
    return GridFactory(
        code="XH-01", name="文一第一网格", community=community, boundary=square(0, 0)
    )


@pytest.fixture
def grid_b(community):
    return GridFactory(
        code="XH-02", name="文一第二网格", community=community, boundary=square(1, 0)
    )


@pytest.fixture
def grid_other_station(other_station):
    community = CommunityFactory(code="GS-XY", name="学院社区", station=other_station)
    return GridFactory(
        code="GS-01", name="学院第一网格", community=community, boundary=square(5, 5)
    )


# --- Personas ----------------------------------------------------------------


TOTP_SECRETS = {}


def with_totp(user):
    """Give a staff user a TOTP authenticator, as the admin requires."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    TOTP_SECRETS[user.pk] = secret
    return user


def totp_code(user):
    """The current six-digit code of a user made by with_totp()."""
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(TOTP_SECRETS[user.pk], counter))


@pytest.fixture
def resident(db):
    return UserFactory(
        email="resident@example.com", display_name="居民小王", groups=[roles.RESIDENT]
    )


@pytest.fixture
def volunteer(db):
    return UserFactory(email="volunteer@example.com", groups=[roles.VOLUNTEER])


@pytest.fixture
def team_leader(db):
    return with_totp(
        UserFactory(email="leader@example.com", groups=[roles.TEAM_LEADER])
    )


@pytest.fixture
def officer_a(grid_a):
    user = with_totp(
        UserFactory(email="officer.a@example.com", groups=[roles.COMMUNITY_OFFICER])
    )
    person = PersonFactory(name="王建国", user=user)
    AssignmentFactory(person=person, grid=grid_a)
    return user


@pytest.fixture
def officer_b(grid_b):
    user = with_totp(
        UserFactory(email="officer.b@example.com", groups=[roles.COMMUNITY_OFFICER])
    )
    person = PersonFactory(name="李秀英", user=user)
    AssignmentFactory(person=person, grid=grid_b)
    return user


@pytest.fixture
def supervisor(station):
    user = with_totp(
        UserFactory(email="supervisor@example.com", groups=[roles.STATION_SUPERVISOR])
    )
    PersonFactory(name="赵所长", user=user, role="community_officer")
    return user


@pytest.fixture
def mediator(db):
    return with_totp(UserFactory(email="mediator@example.com", groups=[roles.MEDIATOR]))


@pytest.fixture
def bureau_admin(db):
    return with_totp(
        UserFactory(email="admin@example.com", groups=[roles.BUREAU_ADMIN])
    )


# --- Browser -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def _page_tree_after_flush(request):
    """Transactional tests (browser tests, concurrency) start from a flushed
    database: groups come back through post_migrate, but the pages the
    migrations made do not: put the home page, grid index and root collection back."""
    marker = request.node.get_closest_marker("django_db")
    if (
        not (marker and marker.kwargs.get("transaction"))
        and "live_server" not in request.fixturenames
    ):
        return
    request.getfixturevalue("transactional_db")
    from django.conf import settings as django_settings
    from wagtail.models import Collection, Locale, Page, Site

    from grids.roles import sync_image_permissions
    from grids.services import grid_index_page
    from portal.models import HomePage

    if not HomePage.objects.exists():
        Locale.objects.get_or_create(language_code=django_settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root")
        )
        home = root.add_child(instance=HomePage(title="网格警务", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    grid_index_page()
    roles.sync_page_permissions()
    sync_image_permissions()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
        "locale": "zh-CN",
        "timezone_id": "Asia/Shanghai",
    }


# --- Redis ---------------------------------------------------------------------


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A real Redis on a free loopback port, for the whole session.

    Yields its URL (redis://127.0.0.1:PORT/0). Needs Debian's redis-server
    (`make system-deps`); without it the tests that use this fixture fail.
    """
    import shutil
    import socket
    import subprocess
    import time

    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = _free_port()
    workdir = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen(
        [
            *(binary, "--port", str(port), "--bind", "127.0.0.1"),
            *("--save", "", "--appendonly", "no", "--dir", str(workdir)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server did not start on port {port}")
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, redis_server):
    """Point the default cache at the session's Redis, emptied for this test."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server,
        }
    }
    from django.core.cache import cache

    cache.clear()
    return redis_server
