"""The public "grid service" summary on grid pages: this month's figures, no
personal data, two queries (reports, patrols)."""

from django.utils import timezone

from scoreboard.summary import PUBLIC_KPIS
from scoreboard.wagtail_hooks import grid_service_section
from tests.reports.factories import ReportFactory


def test_grid_page_shows_this_months_service_figures(client, grid_a):
    report = ReportFactory(grid=grid_a, created_at=timezone.now())
    report.accept(None)
    report.resolve(None, public_reply="已处理")
    ReportFactory(grid=grid_a, created_at=timezone.now())
    html = client.get(grid_a.page.url).content.decode()
    assert 'id="grid-service"' in html
    for code in PUBLIC_KPIS:
        assert f'data-kpi="{code}"' in html
    assert "张三丰" not in html and "13812345678" not in html


def test_the_section_takes_two_queries(rf, grid_a, django_assert_max_num_queries):
    ReportFactory(grid=grid_a, created_at=timezone.now())
    with django_assert_max_num_queries(2):
        html = grid_service_section(rf.get("/"), grid_a)
    assert 'data-kpi="reports_received"' in html


def test_other_grids_reports_do_not_count(rf, grid_a, grid_b):
    ReportFactory(grid=grid_b, created_at=timezone.now())
    html = grid_service_section(rf.get("/"), grid_a)
    assert '<div data-kpi="reports_received"><dt>' in html
    received = html.split('data-kpi="reports_received"')[1].split("</dd>")[0]
    assert "<dd>0 <small>" in received
