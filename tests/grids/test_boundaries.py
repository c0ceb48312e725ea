import json

import pytest
from django.core.exceptions import ValidationError

from grids.geometry import parse_boundary
from grids.models import Grid
from tests.factories import square

BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[120.1, 30.2], [120.11, 30.21], [120.11, 30.2], [120.1, 30.21], [120.1, 30.2]]
    ],
}


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("{not json", "invalid_json"),
        ('{"type": "Point", "coordinates": [120.1, 30.2]}', "invalid_type"),
        ('{"type": "Polygon", "coordinates": "nope"}', "invalid_coordinates"),
        ('{"type": "Polygon", "coordinates": []}', "empty"),
        (json.dumps(BOWTIE), "invalid_polygon"),
        (json.dumps(square(0, 0, lng0=30.2, lat0=120.1)), "out_of_range"),
        ("[]", "invalid_type"),
    ],
)
def test_bad_boundaries_are_refused_with_a_reason(value, code):
    with pytest.raises(ValidationError) as excinfo:
        parse_boundary(value)
    assert excinfo.value.code == code


def test_a_feature_wrapping_a_polygon_is_accepted():
    feature = {"type": "Feature", "geometry": square(0, 0), "properties": {}}
    assert parse_boundary(feature).area > 0


def test_overlapping_boundary_is_refused_and_nothing_changes(grid_a, community):
    overlapping = Grid(
        code="XH-99",
        name="重叠网格",
        community=community,
        boundary=square(0.5, 0.5),
    )
    with pytest.raises(ValidationError) as excinfo:
        overlapping.full_clean()
    assert "XH-01" in str(excinfo.value.message_dict["boundary"])
    assert not Grid.objects.filter(code="XH-99").exists()


def test_neighbours_sharing_an_edge_are_fine(grid_a, community):
    neighbour = Grid(
        code="XH-03", name="相邻网格", community=community, boundary=square(0, 1)
    )
    neighbour.full_clean()


def test_editing_a_grid_does_not_count_its_old_self_as_overlap(grid_a):
    grid_a.boundary = square(0, 0, size=0.009)
    grid_a.full_clean()


def test_saving_a_grid_records_its_centre(grid_a):
    assert grid_a.centroid_lng == pytest.approx(120.105)
    assert grid_a.centroid_lat == pytest.approx(30.205)
