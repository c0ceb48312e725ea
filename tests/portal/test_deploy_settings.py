"""Production settings: `check --deploy` is clean with every production variable,
and every public page carries the security headers."""

import pytest
from django.test import Client

from tests.reports.factories import CategoryFactory, report_with_token
from volunteers.models import Certificate

from ..volunteers.factories import ActivityFactory, TeamFactory, VolunteerFactory
from .test_production import PRODUCTION_ENV, SECURITY_SETTINGS, run_in_production

FULL_PRODUCTION_ENV = {
    "DATABASE_URL": "postgres://gridwatch:secret@127.0.0.1:5432/gridwatch",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    "MEDIA_S3_BUCKET": "gridwatch-media",
    "MEDIA_S3_ENDPOINT_URL": "http://127.0.0.1:9000",
    "LOG_FORMAT": "json",
    "CSRF_TRUSTED_ORIGINS": "https://example.org",
    "FRONTEND_CACHE_PURGE_URL": "http://127.0.0.1:6081",
}


def test_check_deploy_is_clean_with_every_production_service_configured():
    result = run_in_production(
        "-c",
        "import os, sys; os.environ.update(" + repr(FULL_PRODUCTION_ENV) + "); "
        "sys.argv = ['manage.py', 'check', '--deploy']; "
        "from django.core.management import execute_from_command_line; "
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'portal.settings'); "
        "execute_from_command_line(sys.argv)",
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_debug_false_turns_on_https_hsts_and_secure_cookies():
    import json

    names = json.dumps(SECURITY_SETTINGS + ["SECURE_REDIRECT_EXEMPT"])
    result = run_in_production(
        "-c",
        "import json, portal.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))",
    )
    values = json.loads(result.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ALLOWED_HOSTS"] == PRODUCTION_ENV["ALLOWED_HOSTS"].split(",")


@pytest.fixture
def public_urls(grid_a, station, community):
    """Every kind of public page, with the objects it needs."""
    category = CategoryFactory(code="safety")
    _report, token = report_with_token(grid=grid_a, category=category)
    team = TeamFactory(slug="xh-patrol", station=station)
    team.grids.add(grid_a)
    activity = ActivityFactory(team=team, grid=grid_a)
    certificate = Certificate.objects.create(
        number="ZY20260101ABCDEF",
        volunteer=VolunteerFactory(community=community),
        issuer="西湖派出所",
        hours=3,
        log_count=1,
        content="反诈宣传",
    )
    grid_page = grid_a.page
    station_page = grid_page.get_parent()
    return [
        "/",
        "/grids/",
        station_page.url,
        station_page.url + "cards/",
        grid_page.url,
        grid_page.url + "card/",
        "/grids/locate/",
        f"/grids/locate/?lat={grid_a.centroid_lat}&lng={grid_a.centroid_lng}",
        "/grids/search/?q=文一",
        "/grids/boundaries.geojson",
        "/report/",
        f"/report/?category={category.code}",
        f"/report/track/{token}/",
        "/volunteers/",
        "/volunteers/teams/",
        f"/volunteers/teams/{team.slug}/",
        "/volunteers/activities/",
        f"/volunteers/activities/{activity.pk}/",
        "/volunteers/leaderboard/",
        f"/volunteers/verify/{certificate.token}/",
        "/open311/v2/services.json",
        "/open311/v2/requests.json",
        "/open311/v2/openapi.json",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/healthz",
        "/livez",
        "/no-such-page/",
    ]


@pytest.fixture
def production_client(settings):
    """The security settings of DEBUG=False, applied to this test process."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.ALLOWED_HOSTS = ["example.org"]
    settings.PAGE_CACHE_SECONDS = 60
    return Client(HTTP_HOST="example.org", HTTP_X_FORWARDED_PROTO="https")


def assert_security_headers(url, response):
    assert response.status_code < 500, url
    csp = response.get("Content-Security-Policy", "")
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp, url
    assert "max-age=31536000" in response.get("Strict-Transport-Security", ""), url
    assert response.get("X-Content-Type-Options") == "nosniff", url
    assert response.get("Referrer-Policy") == "same-origin", url
    assert response.get("X-Frame-Options") == "DENY", url


@pytest.mark.django_db
def test_every_public_page_has_the_security_headers(production_client, public_urls):
    statuses = {}
    # Twice: the second time some pages come from the page cache.
    for _ in range(2):
        for url in public_urls:
            response = production_client.get(url)
            assert_security_headers(url, response)
            statuses[url] = response.status_code
    assert statuses["/no-such-page/"] == 404
    assert all(
        status == 200
        for url, status in statuses.items()
        if url not in ("/no-such-page/",) and "locate/?" not in url
    ), statuses


@pytest.mark.django_db
def test_pages_served_from_the_cache_keep_the_headers(production_client, grid_a):
    production_client.get(grid_a.page.url)
    response = production_client.get(grid_a.page.url)
    assert response["X-Page-Cache"] == "hit"
    assert_security_headers(grid_a.page.url, response)
