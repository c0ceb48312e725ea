"""The dashboard flags priorities not updated for 90 days to the grid's officer."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grids.models import GridPriority
from grids.wagtail_hooks import StalePrioritiesPanel
from portal.models import User
from tests.factories import AssignmentFactory, GridFactory

DASHBOARD = reverse("wagtailadmin_home")


def priority(grid, title, age_days):
    updated = timezone.localdate() - timedelta(days=age_days)
    return GridPriority.objects.create(
        page=grid.page, title=title, set_on=updated, updated_on=updated
    )


def test_officer_sees_stale_priorities_of_their_grids_only(
    client, officer_a, grid_a, grid_b
):
    priority(grid_a, "电动车充电安全排查", 120)
    priority(grid_a, "老旧小区防盗", 10)
    priority(grid_b, "夜市噪音治理", 200)
    client.force_login(officer_a)
    html = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Priorities not updated for three months" in html
    assert "电动车充电安全排查" in html
    assert reverse("wagtailadmin_pages:edit", args=[grid_a.page.pk]) in html
    assert "老旧小区防盗" not in html
    assert "夜市噪音治理" not in html


def test_no_panel_without_stale_priorities(client, officer_a, grid_a):
    priority(grid_a, "老旧小区防盗", 90)
    client.force_login(officer_a)
    html = client.get(DASHBOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Priorities not updated for three months" not in html


@pytest.mark.parametrize("grids", [2, 20])
def test_stale_panel_query_count_does_not_grow(
    rf, officer_a, community, grids, django_assert_max_num_queries
):
    person = officer_a.person
    for n in range(grids):
        grid = GridFactory(community=community)
        AssignmentFactory(person=person, grid=grid)
        priority(grid, f"重点工作{n}", 100 + n)
    request = rf.get(DASHBOARD)
    request.user = User.objects.get(pk=officer_a.pk)  # no cached groups
    with django_assert_max_num_queries(5):
        html = StalePrioritiesPanel(request.user).render_html({"request": request})
    assert html.count('class="stale-priority"') == grids
