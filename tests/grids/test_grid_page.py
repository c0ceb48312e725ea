import pytest
from django.utils import timezone

from tests.factories import AssignmentFactory, PersonFactory, make_image


@pytest.mark.django_db
def test_grid_page_shows_contact_cards_with_tel_links(client, grid_a):
    AssignmentFactory(
        person=PersonFactory(name="王建国", work_phone="13800001111"), grid=grid_a
    )
    response = client.get(grid_a.page.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "王建国" in html
    assert 'href="tel:13800001111"' in html
    assert "0571-12345678" in html  # supervision phone from site settings


@pytest.mark.django_db
def test_ended_assignment_disappears_on_its_end_date(client, grid_a):
    today = timezone.localdate()
    AssignmentFactory(
        person=PersonFactory(name="离任民警"),
        grid=grid_a,
        start_date=today - timezone.timedelta(days=30),
        end_date=today,
    )
    assert "离任民警" not in client.get(grid_a.page.url).content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("people", [2, 20])
def test_grid_page_query_count_does_not_grow_with_people(
    client, grid_a, people, django_assert_max_num_queries
):
    for _ in range(people):
        AssignmentFactory(person=PersonFactory(photo=make_image()), grid=grid_a)
    client.get(grid_a.page.url)  # renditions are made on the first view
    with django_assert_max_num_queries(24):
        response = client.get(grid_a.page.url)
    assert response.content.decode().count('class="contact-card"') == people
