"""A resident on a phone (390 × 844): home → find my grid → contact cards → call."""

import pytest

from tests.factories import AssignmentFactory, PersonFactory, make_image

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

INSIDE_GRID_A = {"latitude": 30.205, "longitude": 120.105}
MIN_TAP_PX = 44


@pytest.fixture
def staffed_grid(grid_a, grid_b):
    AssignmentFactory(
        person=PersonFactory(
            name="王建国", work_phone="13800001111", photo=make_image("wang")
        ),
        grid=grid_a,
    )
    AssignmentFactory(
        person=PersonFactory(
            name="陈静", role="grid_worker", work_phone="0571-87001234", photo=None
        ),
        grid=grid_a,
    )
    return grid_a


def has_no_horizontal_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def check_map_draws_boundaries_without_tiles(page, boundaries):
    page.wait_for_selector("#map[data-loaded]")
    assert page.get_attribute("#map", "data-loaded") == str(boundaries)
    assert page.locator("#map path.leaflet-interactive").count() == boundaries
    assert page.locator("#map .leaflet-tile").count() == 0


def test_resident_finds_the_grid_by_coordinates_and_calls_the_officer(
    page, live_server, staffed_grid, artifacts, browser_errors
):
    page.goto(live_server.url + "/")
    page.screenshot(path=artifacts / "01-home.png", full_page=True)
    assert has_no_horizontal_scroll(page)

    page.locator("a.nav-locate").click()
    page.wait_for_url("**/grids/locate/")
    page.fill("#id_lat", str(INSIDE_GRID_A["latitude"]))
    page.fill("#id_lng", str(INSIDE_GRID_A["longitude"]))
    page.screenshot(path=artifacts / "02-locate.png", full_page=True)
    assert has_no_horizontal_scroll(page)
    page.locator("#locate-form button[type=submit]").click()

    page.wait_for_url(f"**{staffed_grid.page.url}")
    cards = page.locator(".contact-card")
    assert cards.count() == 2
    assert cards.first.locator(".person-name").inner_text() == "王建国"
    check_map_draws_boundaries_without_tiles(page, boundaries=1)
    page.screenshot(path=artifacts / "03-grid-page.png", full_page=True)
    assert has_no_horizontal_scroll(page)

    phone = cards.first.locator("a.phone-link")
    assert phone.is_visible()
    assert phone.get_attribute("href") == "tel:13800001111"
    assert phone.bounding_box()["height"] >= MIN_TAP_PX
    supervision = page.locator(".supervision a.phone-link")
    assert supervision.get_attribute("href").startswith("tel:")
    assert supervision.bounding_box()["height"] >= MIN_TAP_PX
    url = page.url
    phone.tap()
    assert page.url == url
    assert cards.first.is_visible()

    assert browser_errors == []


def test_resident_finds_the_grid_with_the_browsers_location(
    page, context, live_server, staffed_grid, artifacts, browser_errors
):
    context.grant_permissions(["geolocation"], origin=live_server.url)
    context.set_geolocation(INSIDE_GRID_A)
    page.goto(live_server.url + "/grids/locate/")
    page.locator("#use-location").click()
    page.wait_for_url(f"**{staffed_grid.page.url}")
    assert page.locator(".contact-card").count() == 2
    assert browser_errors == []


def test_grid_index_map_draws_every_boundary_without_tiles(
    page, live_server, grid_a, grid_b, grid_other_station, artifacts, browser_errors
):
    page.goto(live_server.url + grid_a.page.get_parent().get_parent().url)
    check_map_draws_boundaries_without_tiles(page, boundaries=3)
    page.screenshot(path=artifacts / "04-grid-index.png", full_page=True)
    assert has_no_horizontal_scroll(page)
    assert browser_errors == []
