"""A station supervisor opens the KPI dashboard on a phone, taps a figure and
reads its definition and the reports behind it."""

import pytest
from allauth.account.models import EmailAddress

from tests.conftest import totp_code
from tests.reports.factories import ReportFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_supervisor_reads_a_figure_on_a_phone(
    page, live_server, supervisor, station, grid_a, grid_b, artifacts, browser_errors
):
    supervisor.person.station = station
    supervisor.person.save()
    EmailAddress.objects.create(
        user=supervisor, email=supervisor.email, verified=True, primary=True
    )
    report = ReportFactory(grid=grid_a)
    ReportFactory(grid=grid_b)
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", supervisor.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form button[type=submit]")
    page.fill("input[name=code]", totp_code(supervisor))
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)

    page.goto(f"{live_server.url}/admin/scoreboard/?level=grid&kind=month")
    rows = page.locator("table.scoreboard-table tbody tr")
    assert rows.count() == 2
    page.screenshot(path=str(artifacts / "scoreboard-dashboard-phone.png"))
    cell = page.locator(
        f'tr[data-subject="{grid_a.pk}"] td[data-kpi="reports_received"] a'
    )
    assert cell.inner_text().strip() == "1"
    cell.click()
    page.wait_for_selector("#kpi-value")
    assert page.locator("#kpi-value").get_attribute("data-value") == "1.0"
    assert report.reference in page.locator("table.scoreboard-rows").inner_text()
    page.screenshot(
        path=str(artifacts / "scoreboard-explain-phone.png"), full_page=True
    )
    assert browser_errors == []
