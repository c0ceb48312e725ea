import pytest

from grids.models import GridIndexPage, GridPage, StationPage
from tests.factories import CommunityFactory, GridFactory, StationFactory


def test_a_new_grid_gets_a_page_under_its_station(grid_a):
    page = GridPage.objects.get(grid=grid_a)
    station_page = page.get_parent().specific
    assert isinstance(station_page, StationPage)
    assert station_page.station == grid_a.community.station
    assert isinstance(station_page.get_parent().specific, GridIndexPage)
    assert page.url == "/grids/xh/xh-01/"
    assert page.live


def test_renaming_a_grid_renames_its_page(grid_a):
    grid_a.name = "文一新网格"
    grid_a.save()
    assert GridPage.objects.get(grid=grid_a).title == "文一新网格"


def test_moving_a_grid_to_another_station_moves_its_page(grid_a):
    other = CommunityFactory(
        code="GS-C1", station=StationFactory(code="GS", name="古荡派出所")
    )
    grid_a.community = other
    grid_a.save()
    page = GridPage.objects.get(grid=grid_a)
    assert page.get_parent().specific.station.code == "GS"
    assert page.url == "/grids/gs/xh-01/"


@pytest.mark.django_db
def test_station_page_lists_its_grids_and_index_lists_stations(client, grid_a, grid_b):
    GridFactory(code="ZZ-01", name="别处网格")
    station_html = client.get("/grids/xh/").content.decode()
    assert "文一第一网格" in station_html and "文一第二网格" in station_html
    assert "别处网格" not in station_html
    index_html = client.get("/grids/").content.decode()
    assert "西湖派出所" in index_html and "别处网格" in index_html


@pytest.mark.django_db
def test_boundaries_geojson_has_one_feature_per_grid(client, grid_a, grid_b):
    data = client.get("/grids/boundaries.geojson").json()
    assert {f["properties"]["code"] for f in data["features"]} == {"XH-01", "XH-02"}
    one = client.get("/grids/boundaries.geojson", {"grid": "XH-02"}).json()
    assert [f["properties"]["url"] for f in one["features"]] == ["/grids/xh/xh-02/"]
