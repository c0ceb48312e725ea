"""Rankings pages, the monthly publication, and the xlsx exports."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from scoreboard.kpis import KPIS, compute
from scoreboard.models import Ranking, SchemeWeight, ScoringScheme
from scoreboard.periods import Period
from scoreboard.services import compute_ranking, snapshot_version
from tests.reports.factories import ReportFactory

from .conftest import OCTOBER

RANKINGS = reverse("scoreboard_rankings")


@pytest.fixture
def version(db):
    scheme = ScoringScheme.objects.create(name="网格月度考核")
    SchemeWeight.objects.create(scheme=scheme, kpi="reports_received", weight=1)
    return snapshot_version(scheme)


@pytest.fixture
def published(version, grid_a, grid_b):
    ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    ranking = compute_ranking(version, "grid", OCTOBER, publish=True)
    return ranking


def _workbook(response):
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    return load_workbook(io.BytesIO(response.content))


def test_the_monthly_job_publishes_last_months_rankings(version, grid_a, officer_a):
    call_command("publish_monthly_rankings", "--today", "2026-11-01")
    rankings = Ranking.objects.order_by("level")
    assert [(r.level, r.period_key, r.published) for r in rankings] == [
        ("grid", "2026-10", True),
        ("officer", "2026-10", True),
        ("station", "2026-10", True),
    ]
    call_command("publish_monthly_rankings", "--today", "2026-11-20")
    assert Ranking.objects.count() == 3


def test_a_published_ranking_is_never_recomputed(published, grid_a):
    ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    again = compute_ranking(published.version, "grid", OCTOBER, publish=True)
    assert again.pk == published.pk
    assert again.entries.get(subject_id=grid_a.pk).values["reports_received"] == 1


def test_officer_sees_published_rankings_and_only_their_grids_rows(
    client, officer_a, published, grid_a, version
):
    unpublished = compute_ranking(version, "grid", Period.parse("month", "2026-09"))
    client.force_login(officer_a)
    html = client.get(RANKINGS).content.decode()
    assert f'data-ranking="{published.pk}"' in html
    assert f'data-ranking="{unpublished.pk}"' not in html
    detail = client.get(reverse("scoreboard_ranking", args=[published.pk]))
    rows = detail.content.decode()
    assert f'data-subject="{grid_a.pk}"' in rows and rows.count("data-subject=") == 1
    hidden = reverse("scoreboard_ranking", args=[unpublished.pk])
    assert client.get(hidden).status_code == 404


def test_bureau_admin_computes_and_publishes(client, bureau_admin, version, grid_a):
    client.force_login(bureau_admin)
    response = client.post(
        reverse("scoreboard_compute_ranking"),
        {"scheme": version.scheme.pk, "level": "grid", "key": "2026-10"},
    )
    ranking = Ranking.objects.get()
    assert response.status_code == 302 and not ranking.published
    client.post(reverse("scoreboard_publish_ranking", args=[ranking.pk]))
    ranking.refresh_from_db()
    assert ranking.published and ranking.published_at


def test_computing_with_a_bad_period_is_a_form_error(client, bureau_admin, version):
    client.force_login(bureau_admin)
    response = client.post(
        reverse("scoreboard_compute_ranking"),
        {"scheme": version.scheme.pk, "level": "grid", "key": "十月"},
    )
    assert response.status_code == 400
    assert "key" in response.context["compute_form"].errors
    assert not Ranking.objects.exists()


def test_officers_cannot_compute_or_publish(client, officer_a, version, published):
    client.force_login(officer_a)
    client.post(
        reverse("scoreboard_compute_ranking"),
        {"scheme": version.scheme.pk, "level": "grid", "key": "2026-09"},
    )
    assert Ranking.objects.count() == 1
    draft = compute_ranking(version, "station", OCTOBER)
    client.post(reverse("scoreboard_publish_ranking", args=[draft.pk]))
    draft.refresh_from_db()
    assert not draft.published


def test_ranking_list_queries_do_not_grow(
    client, bureau_admin, version, grid_a, django_assert_max_num_queries
):
    client.force_login(bureau_admin)
    compute_ranking(version, "grid", OCTOBER, publish=True)
    client.get(RANKINGS)
    with django_assert_max_num_queries(30) as few:
        client.get(RANKINGS)
    for month in range(1, 9):
        compute_ranking(version, "grid", Period.parse("month", f"2026-{month:02d}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(RANKINGS)


def test_kpi_export_has_every_subject_and_kpi(client, bureau_admin, grid_a, grid_b):
    ReportFactory(grid=grid_a, created_at=OCTOBER.start)
    client.force_login(bureau_admin)
    response = client.get(
        reverse("scoreboard_dashboard"),
        {"level": "grid", "kind": "month", "key": "2026-10", "format": "xlsx"},
    )
    book = _workbook(response)
    sheet = book["kpis"]
    assert sheet.max_column == 1 + len(KPIS)
    names = [sheet.cell(row=r, column=1).value for r in range(2, sheet.max_row + 1)]
    assert names == [grid_a.name, grid_b.name]
    column = 1 + list(KPIS).index("reports_received") + 1
    assert sheet.cell(row=2, column=column).value == 1
    assert sheet.cell(row=3, column=column).value == 0
    codes = [row[0].value for row in book["definitions"].iter_rows(min_row=2)]
    assert codes == list(KPIS)
    expected = {f.name: f.values for f in compute("grid", OCTOBER)}
    closure = 1 + list(KPIS).index("closure_rate") + 1
    assert (
        sheet.cell(row=2, column=closure).value == expected[grid_a.name]["closure_rate"]
    )


def test_ranking_export(client, bureau_admin, published, grid_a, grid_b):
    client.force_login(bureau_admin)
    response = client.get(
        reverse("scoreboard_ranking", args=[published.pk]), {"format": "xlsx"}
    )
    sheet = _workbook(response)["ranking"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    # rank, name, score, points (reports received), value (reports received)
    assert rows == [[1, grid_a.name, 100.0, 100.0, 1], [2, grid_b.name, 0.0, 0.0, 0]]
    assert response["Content-Disposition"].endswith('ranking-grid-2026-10-v1.xlsx"')


def test_export_is_scoped_and_needs_the_permission(
    client, officer_a, supervisor, station, published, grid_a
):
    client.force_login(officer_a)
    url = reverse("scoreboard_ranking", args=[published.pk])
    response = client.get(url, {"format": "xlsx"})
    assert response.status_code == 302  # officers view but do not export
    supervisor.person.station = station
    supervisor.person.save()
    client.force_login(supervisor)
    sheet = _workbook(client.get(url, {"format": "xlsx"}))["ranking"]
    assert sheet.max_row == 3  # heading + the station's two grids


def test_publish_job_as_a_task(version, grid_a):
    from scoreboard.tasks import publish_monthly_rankings

    result = publish_monthly_rankings.enqueue(dt.date(2026, 11, 3).isoformat())
    assert len(result.return_value) == 3


def test_draft_ranking_page_offers_publishing_to_bureau_admins(
    client, bureau_admin, version, grid_a
):
    draft = compute_ranking(version, "grid", OCTOBER)
    client.force_login(bureau_admin)
    html = client.get(reverse("scoreboard_ranking", args=[draft.pk])).content.decode()
    assert reverse("scoreboard_publish_ranking", args=[draft.pk]) in html
    assert 'data-published="0"' in html
