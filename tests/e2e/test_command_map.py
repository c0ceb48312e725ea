"""A station supervisor logs in with TOTP and opens the command map (一张图):
grids coloured by reports received, clustered report markers, the charts, and a
grid's figures in the side panel; at desktop (1366 × 900) and phone (390 × 844)
sizes, and printed to A4."""

import io

import pytest
from allauth.account.models import EmailAddress
from pypdf import PdfReader

from grids.models import PatrolPoint
from scoreboard.map import choropleth
from scoreboard.periods import Period
from tests.conftest import totp_code
from tests.factories import AssignmentFactory, GridFactory, PersonFactory, square
from tests.mediation.factories import CaseFactory
from tests.reports.factories import CategoryFactory, ReportFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
REPORTS = {"XH-01": 3, "XH-02": 1, "XH-03": 0}


@pytest.fixture
def station_map(station, community, grid_a, grid_b, supervisor):
    grid_c = GridFactory(
        code="XH-03", name="文一第三网格", community=community, boundary=square(2, 0)
    )
    supervisor.person.station = station
    supervisor.person.save()
    EmailAddress.objects.create(
        user=supervisor, email=supervisor.email, verified=True, primary=True
    )
    categories = [
        CategoryFactory(code="fire", name="消防隐患"),
        CategoryFactory(code="noise", name="噪声扰民"),
    ]
    grids = {"XH-01": grid_a, "XH-02": grid_b, "XH-03": grid_c}
    for code, count in REPORTS.items():
        for n in range(count):
            ReportFactory(grid=grids[code], category=categories[n % 2])
    CaseFactory(grid=grid_a)
    PatrolPoint.objects.create(
        grid=grid_b,
        name="文一路88号消防通道",
        lat=grid_b.centroid_lat,
        lng=grid_b.centroid_lng,
    )
    return grids


def log_in(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", "correct-horse-battery")
    page.click("form button[type=submit]")
    page.fill("input[name=code]", totp_code(user))
    page.click("form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def grid_fills(page):
    return page.eval_on_selector_all(
        "#command-map path[data-grid]",
        "paths => Object.fromEntries(paths.map(p => [p.dataset.grid, p.getAttribute('fill')]))",
    )


def chart_has_ink(page, canvas_id):
    """True when the canvas has painted pixels and Chart.js owns it."""
    return page.evaluate(
        """id => {
            const canvas = document.getElementById(id);
            if (!window.Chart.getChart(canvas)) return false;
            const data = canvas.getContext('2d').getImageData(
                0, 0, canvas.width, canvas.height).data;
            for (let i = 3; i < data.length; i += 4) { if (data[i] > 0) return true; }
            return false;
        }""",
        canvas_id,
    )


def test_supervisor_sees_grids_coloured_by_a_kpi_with_charts_and_figures(
    page, live_server, settings, station_map, supervisor, artifacts, browser_errors
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    page.set_viewport_size(DESKTOP)
    log_in(page, live_server, supervisor)

    month = Period.containing("month").key
    page.goto(
        f"{live_server.url}/admin/scoreboard/map/"
        f"?measure=reports_received&period=month:{month}"
    )
    page.wait_for_selector("#command-map[data-loaded='3']")
    page.wait_for_selector("#command-map[data-layers-loaded]")
    page.wait_for_selector("#chart-reports[data-rendered='12']")
    page.wait_for_selector("#chart-categories[data-rendered='2']")

    fills = grid_fills(page)
    palette = choropleth.WORST_TO_BEST
    assert fills == {"XH-01": palette[4], "XH-02": palette[1], "XH-03": palette[0]}
    assert len(set(fills.values())) == 3
    legend = page.eval_on_selector_all(
        "#map-legend li", "items => items.map(i => i.dataset.colour)"
    )
    assert legend == [*palette, choropleth.NO_DATA]
    assert page.get_attribute("#command-map", "data-count-reports") == "4"
    assert page.get_attribute("#command-map", "data-count-cases") == "1"
    assert page.get_attribute("#command-map", "data-count-patrol-points") == "1"
    assert page.locator("#command-map .cm-cluster, #command-map .cm-report").count()
    for chart in ("chart-reports", "chart-service", "chart-categories"):
        assert chart_has_ink(page, chart)
    assert page.locator("#chart-categories-table tbody tr td").all_inner_texts() == [
        "3",
        "1",
    ]

    page.locator("#command-map path[data-grid='XH-01']").click(
        position={"x": 6, "y": 6}
    )
    page.wait_for_selector("#grid-panel[data-grid='XH-01']")
    received = page.locator("#grid-panel tr[data-kpi='reports_received'] td")
    assert received.inner_text().startswith("3")
    explain = page.locator("#grid-panel tr[data-kpi='reports_received'] a")
    assert "/admin/scoreboard/explain/reports_received/" in explain.get_attribute(
        "href"
    )
    page.screenshot(path=artifacts / "command-map-desktop.png")
    page.click(".map-grid-list summary")
    assert page.locator("#map-grid-table tbody tr").count() == 3
    page.click("#map-grid-table tr[data-grid='XH-02'] button")
    page.wait_for_selector("#grid-panel[data-grid='XH-02']")
    page.locator("#chart-reports-figure").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "command-map-desktop-charts.png")

    page.set_viewport_size(PHONE)
    page.reload()
    page.wait_for_selector("#command-map[data-loaded='3']")
    page.wait_for_selector("#chart-reports[data-rendered='12']")
    page.screenshot(path=artifacts / "command-map-phone.png")
    page.locator("#chart-reports-figure").scroll_into_view_if_needed()
    page.screenshot(path=artifacts / "command-map-phone-charts.png")
    page.select_option("#id_measure", "median_accept_hours")
    page.wait_for_selector("#command-map[data-measure='median_accept_hours']")
    page.select_option("#id_measure", "reports_received")
    page.wait_for_selector("#command-map[data-measure='reports_received']")
    assert grid_fills(page) == fills
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )

    page.set_viewport_size(DESKTOP)
    page.emulate_media(media="print")
    assert page.locator("#map-filters").is_hidden()
    assert page.locator("#chart-reports-table tbody tr").count() == 2
    page.screenshot(path=artifacts / "command-map-print.png", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "command-map-print.pdf").write_bytes(pdf)
    sheets = PdfReader(io.BytesIO(pdf)).pages
    assert len(sheets) >= 2
    assert month in sheets[0].extract_text()
    assert month in sheets[1].extract_text()
    sheet = sheets[0]
    assert (float(sheet.mediabox.width), float(sheet.mediabox.height)) == (
        pytest.approx(595, abs=1),
        pytest.approx(842, abs=1),
    )
    assert browser_errors == []


def test_public_map_card_shows_contacts_and_the_service_summary(
    page, live_server, grid_a, grid_b, artifacts, browser_errors
):
    AssignmentFactory(
        person=PersonFactory(name="王建国", work_phone="13800001111"), grid=grid_a
    )
    ReportFactory(grid=grid_a, reporter_name="张三丰", reporter_phone="13812345678")
    page.goto(live_server.url + grid_a.page.get_parent().get_parent().url)
    page.wait_for_selector("#map[data-loaded='2']")

    page.locator("#map path.leaflet-interactive").first.click(position={"x": 6, "y": 6})
    card = page.locator("#map-panel[data-loaded='XH-01']")
    card.wait_for()
    phone = card.locator("a.phone-link")
    assert phone.get_attribute("href") == "tel:13800001111"
    assert phone.bounding_box()["height"] >= 44
    assert card.locator(".map-panel-summary dt").count() >= 4
    assert "张三丰" not in card.inner_text()
    assert card.locator("a.button").get_attribute("href") == grid_a.page.url
    page.screenshot(path=artifacts / "public-map-grid-card-phone.png")
    assert browser_errors == []
