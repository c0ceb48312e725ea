import pytest
from django.urls import reverse

from tests.factories import GridFactory, square

LOCATE = reverse("grids:locate")


@pytest.fixture
def two_grids(grid_a, grid_b):
    return grid_a, grid_b


def test_point_inside_a_grid_redirects_to_its_page(client, two_grids):
    grid_a, _ = two_grids
    response = client.get(LOCATE, {"lat": "30.205", "lng": "120.105"})
    assert response.status_code == 302
    assert response["Location"] == grid_a.page.url


def test_point_in_the_second_grid_finds_the_second_grid(client, two_grids):
    _, grid_b = two_grids
    response = client.get(LOCATE, {"lat": "30.205", "lng": "120.115"})
    assert response["Location"] == grid_b.page.url


def test_json_answer_when_asked_for_json(client, two_grids):
    response = client.get(
        LOCATE, {"lat": "30.205", "lng": "120.105"}, HTTP_ACCEPT="application/json"
    )
    data = response.json()
    assert data["grid"]["code"] == "XH-01"
    assert data["grid"]["station"] == "西湖派出所"
    assert data["grid"]["url"] == two_grids[0].page.url
    assert data["nearest"] == []


def test_outside_every_grid_says_so_and_lists_the_nearest(client, two_grids):
    response = client.get(LOCATE, {"lat": "30.205", "lng": "120.13"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="grid-list nearest"' in html
    # The second grid (ending at 120.12) is nearer than the first.
    assert html.index("文一第二网格") < html.index("文一第一网格")


def test_outside_json_lists_nearest_with_distances(client, two_grids):
    response = client.get(LOCATE, {"lat": "30.205", "lng": "120.13", "format": "json"})
    data = response.json()
    assert data["grid"] is None
    assert [g["code"] for g in data["nearest"]] == ["XH-02", "XH-01"]
    assert 900 < data["nearest"][0]["distance_m"] < 1100


@pytest.mark.parametrize(
    "params",
    [
        {"lat": "abc", "lng": "120.1"},
        {"lat": "95", "lng": "120.1"},
        {"lat": "30.2", "lng": "-181"},
        {"lat": "30.2"},
        {"lat": "nan", "lng": "inf"},
        {"lat": "1e400", "lng": "120"},
        {"lat": "3" * 5000, "lng": "120"},
    ],
)
def test_bad_coordinates_get_a_clear_error(client, two_grids, params):
    response = client.get(LOCATE, params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert b'class="error"' in response.content


def test_bad_coordinates_in_json_name_the_field(client, two_grids):
    response = client.get(LOCATE, {"lat": "x", "lng": "120", "format": "json"})
    assert response.status_code == 400
    assert "lat" in response.json()["errors"]


def test_locate_page_without_parameters_shows_the_form_and_picker(client, community):
    response = client.get(LOCATE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="lat"' in html
    assert "文一社区" in html


def test_a_new_boundary_is_found_without_restarting(client, two_grids, community):
    response = client.get(LOCATE, {"lat": "30.235", "lng": "120.135", "format": "json"})
    assert response.json()["grid"] is None
    GridFactory(
        code="XH-09", name="新建网格", community=community, boundary=square(3, 3)
    )
    response = client.get(LOCATE, {"lat": "30.235", "lng": "120.135", "format": "json"})
    assert response.json()["grid"]["code"] == "XH-09"
