import pytest
from django.urls import reverse

from tests.factories import (
    AssignmentFactory,
    CommunityFactory,
    GridFactory,
    PersonFactory,
)

SEARCH = reverse("grids:search")


@pytest.fixture
def places(station):
    wenyi = CommunityFactory(
        code="WY", name="文一社区", station=station, subdistrict="文新街道"
    )
    cuiyuan = CommunityFactory(
        code="CY", name="翠苑社区", station=station, subdistrict="翠苑街道"
    )
    first = GridFactory(
        code="WY-01", name="文一第一网格", community=wenyi, streets="文一西路\n学院路"
    )
    second = GridFactory(
        code="CY-01", name="翠苑第一网格", community=cuiyuan, streets="翠苑一区"
    )
    AssignmentFactory(person=PersonFactory(name="欧阳明"), grid=second)
    return first, second


def _names(response):
    return [grid.name for grid in response.context["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("文一", ["文一第一网格"]),
        ("翠苑社区", ["翠苑第一网格"]),
        ("学院路", ["文一第一网格"]),
        ("欧阳明", ["翠苑第一网格"]),
        ("文新街道", ["文一第一网格"]),
        ("西湖派出所", ["翠苑第一网格", "文一第一网格"]),
        ("网格 翠苑", ["翠苑第一网格"]),
    ],
)
def test_search_by_chinese_names(client, places, query, expected):
    response = client.get(SEARCH, {"q": query})
    assert sorted(_names(response)) == sorted(expected)


def test_search_for_an_unknown_name_says_nothing_was_found(client, places):
    response = client.get(SEARCH, {"q": "不存在的地方"}, HTTP_ACCEPT_LANGUAGE="en")
    assert _names(response) == []
    assert b"Nothing found" in response.content


def test_an_officer_who_left_is_not_found(client, places, station):
    grid = places[0]
    AssignmentFactory(
        person=PersonFactory(name="司马光"),
        grid=grid,
        start_date="2020-01-01",
        end_date="2021-01-01",
    )
    assert _names(client.get(SEARCH, {"q": "司马光"})) == []


def test_community_picker_lists_its_grids(client, places):
    community = places[1].community
    response = client.get(SEARCH, {"community": community.pk})
    assert _names(response) == ["翠苑第一网格"]


def test_overlong_query_is_refused_without_error(client, places):
    response = client.get(SEARCH, {"q": "文" * 500})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["q"]
