"""The station's contact cards printed to PDF by headless Chromium: A6 cards, four
to an A4 sheet, one card per grid."""

import io
import math
import re

import pytest
from pypdf import PdfReader

from tests.factories import AssignmentFactory, GridFactory, PersonFactory, make_image

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

A4_PT = (595, 842)
MM_PX = 96 / 25.4
GRIDS = 6


@pytest.fixture
def station_grids(community):
    grids = []
    for n in range(1, GRIDS + 1):
        grid = GridFactory(
            code=f"XH-C{n:02d}", name=f"文一第{n}网格", community=community
        )
        for role in ("community_officer", "auxiliary_officer", "grid_worker"):
            AssignmentFactory(
                person=PersonFactory(role=role, photo=make_image(f"p{n}{role}")),
                grid=grid,
            )
        grids.append(grid)
    return grids


def test_station_cards_print_one_a6_card_per_grid_four_to_an_a4_page(
    page, live_server, station, station_grids, artifacts, browser_errors
):
    page.goto(live_server.url + station.page.url + "cards/")
    page.screenshot(path=artifacts / "05-station-cards-screen.png", full_page=True)

    page.emulate_media(media="print")
    for card in page.locator(".print-card").all():
        box = card.bounding_box()
        assert box["width"] == pytest.approx(105 * MM_PX, abs=1)
        assert box["height"] == pytest.approx(148.5 * MM_PX, abs=1)
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts / "station-cards.pdf").write_bytes(pdf)

    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == math.ceil(GRIDS / 4)
    for sheet in reader.pages:
        size = (float(sheet.mediabox.width), float(sheet.mediabox.height))
        assert size == pytest.approx(A4_PT, abs=1)
    codes = [re.findall(r"XH-C\d\d", sheet.extract_text()) for sheet in reader.pages]
    assert codes == [
        ["XH-C01", "XH-C02", "XH-C03", "XH-C04"],
        ["XH-C05", "XH-C06"],
    ]
    assert browser_errors == []
