import io

import pytest
import shapely
from django.core.management import call_command
from shapely.geometry import shape
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from grids import demo, geometry
from grids.locate import locate
from grids.models import Assignment, Community, Grid, GridPriority, Person, Station
from portal.models import AlertPage, PortalSettings
from portal.phones import validate_phone


def snapshot():
    """Everything seed_demo writes, in a form that shows any change."""
    return {
        "counts": [
            model.objects.count()
            for model in (
                Station,
                Community,
                Grid,
                Person,
                Assignment,
                GridPriority,
                Image,
                Page,
                Revision,
                AlertPage,
            )
        ],  # fmt: skip
        "grids": list(
            Grid.objects.values_list("code", "community__code", "boundary", "streets")
        ),
        "people": list(Person.objects.values_list("name", "role", "work_phone")),
        "assignments": list(
            Assignment.objects.values_list("person__name", "grid__code", "role")
        ),
    }


@pytest.mark.django_db
def test_seed_demo_builds_one_sub_bureau_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    first = snapshot()
    call_command("seed_demo", stdout=io.StringIO())
    assert snapshot() == first

    assert Station.objects.count() == 3
    assert Community.objects.count() == 12
    grids = list(Grid.objects.select_related("page", "community__station"))
    assert len(grids) == 60
    assert all(grid.page.live for grid in grids)
    assert all(
        grid.page.get_parent().specific.station == grid.community.station
        for grid in grids
    )

    # The boundaries tile the demo rectangle: no overlaps, no gaps.
    shapes = [shape(grid.boundary) for grid in grids]
    assert all(s.is_valid for s in shapes)
    tree = shapely.STRtree(shapes)
    for i, s in enumerate(shapes):
        for j in tree.query(s):
            if j != i:
                assert geometry.overlap_m2(s, shapes[j]) < geometry.OVERLAP_TOLERANCE_M2
    area = (demo.EAST - demo.WEST) * (demo.NORTH - demo.SOUTH)
    assert shapely.union_all(shapes).area == pytest.approx(area)
    assert sum(s.area for s in shapes) == pytest.approx(area)
    centre = grids[17]
    assert locate(centre.centroid_lat, centre.centroid_lng) == centre

    # Every grid has its community officer and grid worker; officers serve 2–3 grids.
    current = Assignment.objects.current()
    for role in (Person.Role.COMMUNITY_OFFICER, Person.Role.GRID_WORKER):
        assert set(current.filter(role=role).values_list("grid", flat=True)) == {
            grid.pk for grid in grids
        }
    for officer in Person.objects.filter(role=Person.Role.COMMUNITY_OFFICER):
        served = current.filter(person=officer).count()
        assert served in (0, 2, 3)  # 0: the officer who has moved on
    people = list(Person.objects.select_related("photo"))
    assert all(person.photo and person.work_phone for person in people)
    for person in people:
        validate_phone(person.work_phone)
    police = [p for p in people if p.role != Person.Role.GRID_WORKER]
    assert all(p.station_id for p in police)
    assert all(
        p.badge_number
        for p in police
        if p.role in (Person.Role.COMMUNITY_OFFICER, Person.Role.AUXILIARY_OFFICER)
    )

    assert any(priority.is_stale for priority in GridPriority.objects.all())
    assert AlertPage.objects.live().count() >= 3
    site_settings = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    assert site_settings.bureau_name == demo.BUREAU_NAME
    validate_phone(site_settings.supervision_phone)
