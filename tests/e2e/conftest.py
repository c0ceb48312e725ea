"""Browser-test helpers: where screenshots go, and what the browser complained about.

Browser tests run against pytest-django's live server in another thread, so their
data must be committed: they use ``django_db(transaction=True)``; the root
conftest puts back the rows the migrations made (home page, site, root
collection) after each test's flush.
"""

from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser_errors(page):
    """Console errors (CSP violations among them), script errors and failed loads."""
    errors = []

    def on_console(message):
        if message.type == "error":
            errors.append(f"console: {message.text}")

    def on_response(response):
        if response.status >= 400:
            errors.append(f"HTTP {response.status}: {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script: {error}"))
    page.on("response", on_response)
    return errors
