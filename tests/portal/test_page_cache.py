import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from grids.models import Grid
from portal.models import PortalSettings
from tests.factories import AssignmentFactory, PersonFactory, make_image

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture
def officer(grid_a):
    person = PersonFactory(name="王建国", work_phone="13800001111")
    AssignmentFactory(person=person, grid=grid_a)
    return person


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its on-commit callbacks, as a committed edit would."""

    def run(change):
        with django_capture_on_commit_callbacks(execute=True):
            change()

    return run


def test_the_second_anonymous_view_comes_from_the_cache_without_queries(
    client, grid_a, officer, django_assert_num_queries
):
    first = client.get(grid_a.page.url)
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get(grid_a.page.url)
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    for response in (first, second):
        assert "public" in response["Cache-Control"]
        assert "max-age=0" in response["Cache-Control"]
        assert {"Accept-Language", "Cookie"} <= {
            v.strip() for v in response["Vary"].split(",")
        }
        assert not response.cookies
        assert b"csrfmiddlewaretoken" not in response.content


def test_cached_pages_keep_the_security_headers(client, grid_a):
    client.get(grid_a.page.url)
    response = client.get(grid_a.page.url)
    assert response["X-Page-Cache"] == "hit"
    assert "frame-ancestors" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Request-ID"]


@pytest.mark.parametrize("path", ["/", "/grids/", "station"])
def test_home_grid_index_and_station_pages_are_cached(client, grid_a, path):
    url = grid_a.page.get_parent().url if path == "station" else path
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_a_new_work_phone_shows_at_once(client, grid_a, officer, commit):
    assert b"13800001111" in client.get(grid_a.page.url).content
    officer.work_phone = "13900002222"
    commit(officer.save)
    html = client.get(grid_a.page.url).content
    assert b"13900002222" in html and b"13800001111" not in html


def test_a_new_and_an_ended_assignment_show_at_once(client, grid_a, officer, commit):
    client.get(grid_a.page.url)
    commit(lambda: AssignmentFactory(person=PersonFactory(name="新辅警"), grid=grid_a))
    assert "新辅警" in client.get(grid_a.page.url).text

    assignment = officer.assignments.get()
    assignment.start_date = timezone.localdate() - timedelta(days=30)
    assignment.end_date = timezone.localdate()
    commit(assignment.save)
    assert "王建国" not in client.get(grid_a.page.url).text


def test_an_assignment_moved_to_another_grid_leaves_both_pages_fresh(
    client, grid_a, grid_b, officer, commit
):
    assert "王建国" in client.get(grid_a.page.url).text
    assert "王建国" not in client.get(grid_b.page.url).text
    assignment = officer.assignments.get()
    assignment.grid = grid_b
    commit(assignment.save)
    assert "王建国" not in client.get(grid_a.page.url).text
    assert "王建国" in client.get(grid_b.page.url).text


def test_a_replaced_portrait_drops_the_cached_page(client, grid_a, officer, commit):
    officer.photo = make_image()
    commit(officer.save)
    client.get(grid_a.page.url)
    assert client.get(grid_a.page.url)["X-Page-Cache"] == "hit"
    officer.photo.title = "新照片"
    commit(officer.photo.save)
    assert client.get(grid_a.page.url)["X-Page-Cache"] == "miss"


def test_publishing_the_page_shows_the_new_content(client, grid_a, commit):
    client.get(grid_a.page.url)
    page = grid_a.page
    page.office_location = "文一路社区警务室"
    commit(lambda: page.save_revision().publish())
    assert "文一路社区警务室" in client.get(grid_a.page.url).text


def test_a_renamed_grid_shows_on_its_station_page(client, grid_a, commit):
    station_url = grid_a.page.get_parent().url
    client.get(station_url)
    grid = Grid.objects.get(pk=grid_a.pk)
    grid.name = "文一新网格"
    commit(grid.save)
    assert "文一新网格" in client.get(station_url).text


def test_a_new_supervision_phone_shows_on_every_page(client, grid_a, commit):
    client.get(grid_a.page.url)
    portal_settings = PortalSettings.objects.get_or_create(
        site=grid_a.page.get_site()
    )[0]
    portal_settings.supervision_phone = "0571-99998888"
    commit(portal_settings.save)
    assert "0571-99998888" in client.get(grid_a.page.url).text


def test_signed_in_users_always_get_a_fresh_private_page(client, grid_a, resident):
    client.get(grid_a.page.url)  # the anonymous copy is cached
    client.force_login(resident)
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(grid_a.page.url)
        assert len(queries) > 0
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "/accounts/password/change/" in response.text


@pytest.mark.parametrize(
    "extra",
    [{"QUERY_STRING": "utm=1"}, {"HTTP_COOKIE": "messages=abc"}],
    ids=["query string", "messages cookie"],
)
def test_requests_that_may_differ_bypass_the_cache(client, grid_a, extra):
    client.get(grid_a.page.url)
    response = client.get(grid_a.page.url, **extra)
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_each_language_has_its_own_copy(client, grid_a):
    client.get(grid_a.page.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    english = client.get(grid_a.page.url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.text
    chinese = client.get(grid_a.page.url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese["X-Page-Cache"] == "hit"
    assert '<html lang="zh-hans">' in chinese.text


def test_printable_cards_are_not_cached(client, grid_a):
    url = grid_a.page.url + "card/"
    client.get(url)
    assert "X-Page-Cache" not in client.get(url)


def test_entries_expire_after_page_cache_seconds(client, grid_a, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(grid_a.page.url)
    assert "X-Page-Cache" not in client.get(grid_a.page.url)


def test_an_edit_on_one_app_server_reaches_another_through_redis(
    client, grid_a, officer, redis_cache, commit
):
    """The version tokens live in the shared cache: every server checks them."""
    client.get(grid_a.page.url)
    assert client.get(grid_a.page.url)["X-Page-Cache"] == "hit"
    officer.work_phone = "13700003333"
    commit(officer.save)
    response = client.get(grid_a.page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "13700003333" in response.text


class PurgeRecorder(BaseHTTPRequestHandler):
    """A front cache's purge endpoint (as Varnish or nginx's purge module offer)."""

    purged = []

    def do_PURGE(self):  # noqa: N802 (the HTTP method's name)
        self.purged.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def front_cache(settings):
    server = HTTPServer(("127.0.0.1", 0), PurgeRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    PurgeRecorder.purged = []
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{server.server_port}",
        }
    }
    yield PurgeRecorder.purged
    server.shutdown()
    server.server_close()


def test_a_front_cache_is_purged_when_a_grid_page_person_changes(
    client, grid_a, officer, commit, front_cache
):
    response = client.get(grid_a.page.url)
    assert "s-maxage=60" in response["Cache-Control"]
    officer.work_phone = "13600004444"
    commit(officer.save)
    assert grid_a.page.url in front_cache
