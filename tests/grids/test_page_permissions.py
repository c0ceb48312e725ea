import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission

from portal import roles


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def assert_refused(response):
    """Wagtail turns PermissionDenied in the admin into a redirect to the dashboard."""
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"


def test_officer_edits_the_page_of_their_own_grid(client, officer_a, grid_a):
    client.force_login(officer_a)
    assert client.get(edit_url(grid_a.page)).status_code == 200


def test_officer_of_other_grid_cannot_edit_the_page(client, officer_b, grid_a):
    client.force_login(officer_b)
    assert_refused(client.get(edit_url(grid_a.page)))
    assert_refused(client.post(edit_url(grid_a.page), {"title": "改掉"}))
    grid_a.page.refresh_from_db()
    assert grid_a.page.title == "文一第一网格"


def test_supervisor_edits_every_grid_page_of_the_station(
    client, supervisor, grid_a, grid_b
):
    supervisor.person.station = grid_a.community.station
    supervisor.person.save()
    client.force_login(supervisor)
    assert client.get(edit_url(grid_a.page)).status_code == 200
    assert client.get(edit_url(grid_b.page)).status_code == 200


def test_supervisor_of_another_station_cannot_edit(
    client, supervisor, grid_a, other_station
):
    supervisor.person.station = other_station
    supervisor.person.save()
    client.force_login(supervisor)
    assert_refused(client.get(edit_url(grid_a.page)))


def test_resident_is_kept_out_of_the_page_editor(client, resident, grid_a):
    client.force_login(resident)
    response = client.get(edit_url(grid_a.page))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_station_explorer_lists_only_the_officers_grids(
    client, officer_a, grid_a, grid_b
):
    client.force_login(officer_a)
    station_page = grid_a.page.get_parent()
    html = client.get(f"/admin/pages/{station_page.pk}/").content.decode()
    assert "文一第一网格" in html
    assert "文一第二网格" not in html


@pytest.mark.django_db
def test_wagtail_sample_groups_are_gone_and_roles_have_page_permissions():
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    officer_perms = GroupPagePermission.objects.filter(
        group__name=roles.COMMUNITY_OFFICER
    )
    assert {p.permission.codename for p in officer_perms} == {
        "change_page",
        "publish_page",
    }
