"""An officer on a phone (390 × 844): start a patrol, check in at one point by
opening its QR link and at another by location, end the patrol."""

from pathlib import Path

import pytest

from grids.models import Patrol
from tests.browser import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "patrols"


def test_officer_patrols_on_a_phone(page, live_server, officer_a, grid_a, gate, garage):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status >= 400 and errors.append(r.url))
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    # About 10 m from the garage: inside its 50 m radius.
    page.context.set_geolocation({"latitude": 30.20609, "longitude": 120.1060})
    log_in(page.context, live_server, officer_a)

    page.goto(f"{live_server.url}/grids/patrols/")
    page.screenshot(path=ARTIFACTS / "01-patrols.png", full_page=True)
    page.click(f"[data-grid='{grid_a.code}'] button")
    page.wait_for_selector("#patrol-summary[data-status=active]")
    assert page.locator("[data-covered='0']").count() == 2
    page.screenshot(path=ARTIFACTS / "02-started.png", full_page=True)

    page.goto(f"{live_server.url}/grids/patrols/p/{gate.token}/")
    page.screenshot(path=ARTIFACTS / "03-qr-link.png", full_page=True)
    page.click("#scan-check-in")
    page.wait_for_selector(f"[data-point='{gate.pk}'][data-covered='1']")
    page.screenshot(path=ARTIFACTS / "04-qr-checked-in.png", full_page=True)

    page.click(f"[data-point='{garage.pk}'] form.js-patrol-locate button")
    page.wait_for_selector(f"[data-point='{garage.pk}'][data-covered='1']")
    page.screenshot(path=ARTIFACTS / "05-location-checked-in.png", full_page=True)

    page.fill("#end-patrol textarea", "车库照明一处损坏，已通知物业。")
    page.click("#end-patrol button")
    page.wait_for_selector("#patrol-summary[data-status=finished]")
    page.screenshot(path=ARTIFACTS / "06-ended.png", full_page=True)

    patrol = Patrol.objects.get()
    assert (patrol.points_covered, patrol.points_total) == (2, 2)
    assert sorted(patrol.checkins.values_list("method", flat=True)) == [
        "location",
        "qr",
    ]
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert errors == []
