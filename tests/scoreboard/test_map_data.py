"""What the command map's endpoints answer: colours, legend, panel figures,
chart series, and a number of queries that does not grow with the data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grids.models import PatrolPoint
from scoreboard.map import choropleth
from scoreboard.map.charts import last_months
from scoreboard.map.layers import MAX_MARKERS
from scoreboard.models import SchemeWeight, ScoringScheme
from scoreboard.periods import Period
from scoreboard.services import compute_ranking, snapshot_version
from tests.factories import GridFactory, square
from tests.mediation.factories import CaseFactory
from tests.reports.factories import CategoryFactory, ReportFactory
from tests.volunteers.factories import ServiceLogFactory

PALETTE = choropleth.WORST_TO_BEST


def this_month():
    return f"month:{Period.containing('month').key}"


def grids_json(client, **params):
    params.setdefault("period", this_month())
    response = client.get(reverse("scoreboard_map_grids"), params)
    assert response.status_code == 200
    return response.json()


def colours(data):
    return {
        f["properties"]["code"]: f["properties"]["colour"] for f in data["features"]
    }


def at_local(day, hour=12):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


# --- Colours ---------------------------------------------------------------------


def test_higher_is_better_runs_from_red_to_blue():
    colours_by_key, legend = choropleth.classify({"a": 0, "b": 2.5, "c": 5, "d": None})
    assert colours_by_key == {
        "a": PALETTE[0],
        "b": PALETTE[2],
        "c": PALETTE[4],
        "d": choropleth.NO_DATA,
    }
    assert [entry["colour"] for entry in legend] == PALETTE
    assert legend[0]["low"] == 0 and legend[-1]["high"] == 5


def test_lower_is_better_turns_the_palette_round():
    colours_by_key, legend = choropleth.classify({"fast": 1, "slow": 9}, False)
    assert colours_by_key == {"fast": PALETTE[4], "slow": PALETTE[0]}
    assert legend[0]["colour"] == PALETTE[4]


def test_one_value_everywhere_is_neither_good_nor_bad():
    colours_by_key, legend = choropleth.classify({"a": 3, "b": 3})
    assert set(colours_by_key.values()) == {PALETTE[2]}
    assert len(legend) == 1


def test_no_values_at_all_leave_every_grid_grey():
    colours_by_key, legend = choropleth.classify({"a": None})
    assert colours_by_key == {"a": choropleth.NO_DATA} and legend == []


@pytest.fixture
def three_grids(community):
    return [
        GridFactory(code=f"XH-1{n}", community=community, boundary=square(n, 3))
        for n in range(3)
    ]


def test_grids_are_coloured_by_reports_received(client, bureau_admin, three_grids):
    quiet, busy, busiest = three_grids
    for grid, count in [(busy, 2), (busiest, 5)]:
        for _n in range(count):
            ReportFactory(grid=grid)
    client.force_login(bureau_admin)

    data = grids_json(client, measure="reports_received")

    values = {
        f["properties"]["code"]: f["properties"]["value"] for f in data["features"]
    }
    assert values == {quiet.code: 0, busy.code: 2, busiest.code: 5}
    assert colours(data) == {
        quiet.code: PALETTE[0],
        busy.code: PALETTE[2],
        busiest.code: PALETTE[4],
    }
    assert data["measure"]["code"] == "reports_received"
    assert len(data["legend"]) == 5


def test_a_rate_without_reports_is_no_data(client, bureau_admin, three_grids):
    ReportFactory(grid=three_grids[0])
    client.force_login(bureau_admin)
    data = grids_json(client, measure="closure_rate")
    assert colours(data)[three_grids[1].code] == choropleth.NO_DATA
    assert colours(data)[three_grids[2].code] == choropleth.NO_DATA


def test_station_level_gives_every_grid_its_stations_value(
    client, bureau_admin, grid_a, grid_b, grid_other_station
):
    ReportFactory(grid=grid_a)
    ReportFactory(grid=grid_a)
    ReportFactory(grid=grid_b)
    client.force_login(bureau_admin)
    data = grids_json(client, measure="reports_received", level="station")
    values = {
        f["properties"]["code"]: f["properties"]["value"] for f in data["features"]
    }
    assert values == {"XH-01": 3, "XH-02": 3, "GS-01": 0}


def test_score_without_a_published_ranking_is_no_data(client, bureau_admin, grid_a):
    client.force_login(bureau_admin)
    data = grids_json(client, measure="score")
    assert colours(data) == {"XH-01": choropleth.NO_DATA}
    assert data["measure"]["code"] == "score"


# --- Side panel ------------------------------------------------------------------


def test_panel_lists_every_kpi_with_its_unit(client, officer_a, grid_a):
    ReportFactory(grid=grid_a)
    client.force_login(officer_a)
    response = client.get(
        reverse("scoreboard_map_grid", args=[grid_a.pk]), {"period": this_month()}
    )
    data = response.json()
    assert data["grid"]["code"] == "XH-01"
    figures = {figure["code"]: figure for figure in data["figures"]}
    assert figures["reports_received"]["value"] == 1
    assert figures["closure_rate"]["unit"] == "%"
    assert all(figure["definition"] for figure in data["figures"])


def test_panel_of_an_unknown_grid_is_404(client, officer_a):
    client.force_login(officer_a)
    assert client.get(reverse("scoreboard_map_grid", args=[9999])).status_code == 404


# --- Charts ----------------------------------------------------------------------


def test_last_months_are_twelve_up_to_the_periods_month():
    months = last_months(Period.parse("quarter", "2026-Q2"))
    assert [m.key for m in months] == [f"2025-{n:02d}" for n in range(7, 13)] + [
        f"2026-{n:02d}" for n in range(1, 7)
    ]


def test_trends_count_by_local_month(client, officer_a, grid_a, grid_b):
    ReportFactory(grid=grid_a, created_at=at_local(dt.date(2026, 9, 30), hour=23))
    ReportFactory(
        grid=grid_a,
        created_at=at_local(dt.date(2026, 10, 1), hour=1),
        status="closed",
        closed_at=at_local(dt.date(2026, 10, 3)),
        rating=4,
        rated_at=at_local(dt.date(2026, 10, 3)),
    )
    ReportFactory(
        grid=grid_a,
        created_at=at_local(dt.date(2026, 10, 5)),
        rating=2,
        rated_at=at_local(dt.date(2026, 10, 9)),
    )
    ReportFactory(grid=grid_b, created_at=at_local(dt.date(2026, 10, 5)))
    ServiceLogFactory(
        grid=grid_a,
        status="verified",
        started_at=at_local(dt.date(2026, 10, 2)),
        ended_at=at_local(dt.date(2026, 10, 2), hour=15),
        hours=3,
    )
    client.force_login(officer_a)

    data = client.get(
        reverse("scoreboard_map_charts"), {"period": "month:2026-10"}
    ).json()

    trends = data["trends"]
    assert trends["labels"][-2:] == ["2026-09", "2026-10"]
    series = {item["key"]: item["data"][-2:] for item in trends["series"]}
    assert series == {
        "received": [1, 2],
        "closed": [0, 1],
        "rating": [None, 3.0],
        "volunteer_hours": [0, 3.0],
    }
    assert data["categories"]["data"] == [1, 1]


def test_categories_of_the_period_are_counted_largest_first(client, officer_a, grid_a):
    fire = CategoryFactory(code="fire", name="消防隐患")
    noise = CategoryFactory(code="noise", name="噪声扰民")
    for category, count in [(fire, 1), (noise, 3)]:
        for _n in range(count):
            ReportFactory(grid=grid_a, category=category)
    client.force_login(officer_a)
    data = client.get(reverse("scoreboard_map_charts")).json()
    assert data["categories"] == {"labels": ["噪声扰民", "消防隐患"], "data": [3, 1]}


# --- Queries ---------------------------------------------------------------------


def fill(community, grids, reports_per_grid):
    made = []
    for _n in range(grids):
        grid = GridFactory(community=community)
        for _r in range(reports_per_grid):
            ReportFactory(grid=grid)
        CaseFactory(grid=grid)
        PatrolPoint.objects.create(
            grid=grid, name="小区北门", lat=grid.centroid_lat, lng=grid.centroid_lng
        )
        made.append(grid)
    return made


def test_json_endpoints_keep_their_number_of_queries_as_data_grows(
    client, bureau_admin, community, django_assert_max_num_queries
):
    grids = fill(community, grids=1, reports_per_grid=1)
    client.force_login(bureau_admin)
    period = {"period": this_month()}
    urls = [
        reverse("scoreboard_map"),
        reverse("scoreboard_map_grids"),
        reverse("scoreboard_map_layers"),
        reverse("scoreboard_map_charts"),
        reverse("scoreboard_map_grid", args=[grids[0].pk]),
    ]
    counts = {}
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, period).status_code == 200
        counts[url] = len(queries)

    fill(community, grids=8, reports_per_grid=6)

    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url, period).status_code == 200


def test_marker_layers_are_capped(client, bureau_admin, grid_a, monkeypatch):
    monkeypatch.setattr("scoreboard.map.layers.MAX_MARKERS", 2)
    for _n in range(3):
        ReportFactory(grid=grid_a)
    client.force_login(bureau_admin)
    data = client.get(reverse("scoreboard_map_layers"), {"layers": "reports"}).json()
    assert len(data["reports"]["items"]) == 2
    assert data["reports"]["truncated"] is True
    assert MAX_MARKERS >= 1000


def test_score_comes_from_the_published_ranking(client, bureau_admin, three_grids):
    quiet, busy, busiest = three_grids
    for grid, count in [(busy, 1), (busiest, 3)]:
        for _n in range(count):
            ReportFactory(grid=grid)
    scheme = ScoringScheme.objects.create(name="月度考核")
    SchemeWeight.objects.create(scheme=scheme, kpi="reports_received", weight=1)
    period = Period.containing("month")
    ranking = compute_ranking(snapshot_version(scheme), "grid", period, publish=True)
    scores = dict(ranking.entries.values_list("subject_id", "score"))
    client.force_login(bureau_admin)

    data = grids_json(client, measure="score")

    values = {f["properties"]["id"]: f["properties"]["value"] for f in data["features"]}
    assert values == {grid.pk: scores[grid.pk] for grid in three_grids}
    assert len(set(colours(data).values())) == 3
    panel = client.get(
        reverse("scoreboard_map_grid", args=[busiest.pk]), {"period": this_month()}
    ).json()
    assert panel["ranking"]["rank"] == 1
    assert panel["ranking"]["of"] == 3
