import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "False",
    "SECRET_KEY": "k3Jd9-vQ2mZ8xR7wP4tL6nB1cY5hF0gS3aE9uI2oK7jD4lX8qW1zV6pN5rT0yM",
    "ALLOWED_HOSTS": "example.org",
}
SECURITY_SETTINGS = [
    "DEBUG",
    "ALLOWED_HOSTS",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
]


def run_in_production(*args):
    env = {**os.environ, **PRODUCTION_ENV}
    # Set for Playwright by tests/conftest.py; production never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture(scope="module")
def production_settings():
    """The security settings portal.settings computes with production's environment."""
    names = json.dumps(SECURITY_SETTINGS)
    result = run_in_production(
        "-c",
        "import json, portal.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))",
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_prints_no_warnings():
    result = run_in_production("manage.py", "check", "--deploy")
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


@pytest.fixture
def production_client(settings, production_settings):
    for name, value in production_settings.items():
        setattr(settings, name, tuple(value) if name.endswith("HEADER") else value)
    return Client(HTTP_HOST="example.org")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/signup/", "/admin/", "/no-such-page/"]
)
def test_every_production_response_has_the_security_headers(production_client, path):
    response = production_client.get(path, secure=True)
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors" in csp and "script-src 'self'" in csp
    assert "max-age=31536000" in response["Strict-Transport-Security"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_in_production(production_client):
    response = production_client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://example.org/accounts/login/"


@pytest.mark.django_db
def test_page_privacy_form_offers_no_shared_password(client, bureau_admin):
    from wagtail.models import Page

    client.force_login(bureau_admin)
    page = Page.objects.filter(depth=2).first()
    response = client.get(f"/admin/pages/{page.pk}/privacy/")
    assert response.status_code == 200
    html = response.json()["html"]  # the privacy dialog's form
    assert 'value="login"' in html
    assert 'value="password"' not in html


def test_spreadsheet_exports_escape_formulae(settings):
    assert settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT is True
