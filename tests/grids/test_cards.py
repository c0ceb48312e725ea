import re

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import AssignmentFactory, GridFactory, PersonFactory, make_image


def qr_codes_per_card():
    """The grid page's QR code, and the report form's once the reports app has one."""
    try:
        reverse("reports:submit")
    except NoReverseMatch:
        return 1
    return 2


def cards_in(html):
    return re.findall(r'<section class="print-card".*?</section>', html, re.S)


def staff_grid(grid, count=2):
    for n in range(count):
        AssignmentFactory(
            person=PersonFactory(work_phone=f"1390000{n:04d}", photo=make_image()),
            grid=grid,
        )


@pytest.mark.django_db
def test_grid_card_shows_people_phones_supervision_phone_and_a_qr_code(client, grid_a):
    AssignmentFactory(
        person=PersonFactory(
            name="王建国", work_phone="13800001111", photo=make_image()
        ),
        grid=grid_a,
    )
    response = client.get(grid_a.page.url + "card/")
    html = response.content.decode()
    assert response.status_code == 200
    [card] = cards_in(html)
    assert 'data-grid="XH-01"' in card
    assert "王建国" in card
    assert 'href="tel:13800001111"' in card
    assert 'href="tel:0571-12345678"' in card  # supervision phone from site settings
    assert card.count("<svg") == qr_codes_per_card()
    assert "<img" in card


@pytest.mark.django_db
def test_station_cards_page_has_one_card_with_a_qr_code_per_grid_of_the_station(
    client, station, grid_a, grid_b, grid_other_station
):
    staff_grid(grid_a)
    response = client.get(station.page.url + "cards/")
    cards = cards_in(response.content.decode())
    assert response.status_code == 200
    assert [re.search(r'data-grid="([^"]+)"', c)[1] for c in cards] == [
        "XH-01",
        "XH-02",
    ]
    assert all(card.count("<svg") == qr_codes_per_card() for card in cards)
    assert "GS-01" not in response.content.decode()


@pytest.mark.django_db
def test_grid_without_people_points_to_the_station_duty_phone(client, grid_b):
    html = client.get(grid_b.page.url + "card/").content.decode()
    assert 'href="tel:0571-87000000"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("grids", [2, 8])
def test_station_cards_query_count_does_not_grow_with_grids(
    client, station, community, grids, django_assert_max_num_queries
):
    for _ in range(grids):
        staff_grid(GridFactory(community=community), count=3)
    url = station.page.url + "cards/"
    client.get(url)  # renditions are made on the first view
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert len(cards_in(response.content.decode())) == grids
