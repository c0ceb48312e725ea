"""The public grids map's popups: contacts and the public summary, nothing else."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from scoreboard.summary import PUBLIC_KPIS
from tests.factories import AssignmentFactory, PersonFactory
from tests.mediation.factories import CaseFactory, PartyFactory
from tests.reports.factories import ReportFactory


def popup_url(grid):
    return reverse("grids:popup", args=[grid.code])


@pytest.fixture
def staffed(grid_a):
    AssignmentFactory(
        person=PersonFactory(name="王建国", work_phone="13800001111"), grid=grid_a
    )
    AssignmentFactory(
        person=PersonFactory(
            name="陈静", role="grid_worker", work_phone="0571-87001234"
        ),
        grid=grid_a,
    )
    AssignmentFactory(
        person=PersonFactory(name="刘洋", role="auxiliary_officer"),
        grid=grid_a,
        start_date=timezone.localdate() - dt.timedelta(days=30),
        end_date=timezone.localdate() - dt.timedelta(days=1),
    )
    return grid_a


def test_popup_lists_who_serves_the_grid_with_work_phones(client, staffed):
    response = client.get(popup_url(staffed))
    assert response.status_code == 200
    data = response.json()
    assert data["code"] == "XH-01"
    assert data["url"] == staffed.page.url
    assert [(c["name"], c["phone"]) for c in data["contacts"]] == [
        ("王建国", "13800001111"),
        ("陈静", "0571-87001234"),
    ]
    assert "public" in response["Cache-Control"]


def test_popup_has_this_months_public_summary(client, staffed):
    ReportFactory(grid=staffed)
    data = client.get(popup_url(staffed)).json()
    assert len(data["summary"]) == len(PUBLIC_KPIS)
    assert all(set(item) == {"label", "value"} for item in data["summary"])
    assert data["summary"][0]["value"].startswith("1")


def test_popup_carries_no_data_of_residents_or_parties(client, staffed):
    ReportFactory(
        grid=staffed,
        reporter_name="张三丰",
        reporter_phone="13812345678",
        is_public=True,
    )
    PartyFactory(case=CaseFactory(grid=staffed), name="陈美玲", phone="13900001111")
    text = client.get(popup_url(staffed)).content.decode()
    for private in [
        "张三丰",
        "13812345678",
        "zhang@example.com",
        "陈美玲",
        "13900001111",
    ]:
        assert private not in text
    assert "reference" not in text and "status" not in text


def test_popup_of_an_unknown_or_unpublished_grid_is_404(client, grid_a):
    assert client.get(reverse("grids:popup", args=["NOPE"])).status_code == 404
    grid_a.page.unpublish()
    assert client.get(popup_url(grid_a)).status_code == 404


def test_public_map_knows_where_the_popups_are(client, grid_a):
    html = client.get(grid_a.page.get_parent().get_parent().url).content.decode()
    assert 'data-popup="/grids/popup/GRIDCODE.json"' in html
    assert "css/grids-map.css" in html


def test_popup_queries_do_not_grow_with_the_people(
    client, grid_a, django_assert_max_num_queries
):
    AssignmentFactory(grid=grid_a)
    client.get(popup_url(grid_a))
    with django_assert_max_num_queries(12) as queries:
        client.get(popup_url(grid_a))
    few = len(queries)
    for _n in range(6):
        AssignmentFactory(grid=grid_a)
    with django_assert_max_num_queries(few):
        client.get(popup_url(grid_a))
