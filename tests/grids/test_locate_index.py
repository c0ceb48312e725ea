"""GridIndex gives the brute-force answer (not its speed: see bench/locate_bench.py)."""

import random

import shapely
from shapely.geometry import shape

from grids import demo, geometry
from grids.locate import GridIndex

POINTS = 500


def demo_shapes():
    cells = demo.cell_polygons(random.Random(demo.SEED))
    return [shape(polygon) for polygon in cells.values()]


def random_points(rng, margin=0.01):
    return [
        (
            rng.uniform(demo.WEST - margin, demo.EAST + margin),
            rng.uniform(demo.SOUTH - margin, demo.NORTH + margin),
        )
        for _ in range(POINTS)
    ]


def test_containing_matches_a_brute_force_scan_on_random_points():
    shapes = demo_shapes()
    index = GridIndex(enumerate(shapes))
    points = random_points(random.Random(1))
    inside = 0
    for lng, lat in points:
        point = shapely.Point(lng, lat)
        expected = next((i for i, s in enumerate(shapes) if s.intersects(point)), None)
        assert index.containing(lng, lat) == expected
        inside += expected is not None
    assert 0 < inside < POINTS  # the margin puts some points outside every grid


def test_a_point_on_a_shared_edge_belongs_to_one_grid_every_time():
    shapes = demo_shapes()
    index = GridIndex(enumerate(shapes))
    a, b = shapes[0], shapes[1]
    edge = a.intersection(b)
    point = edge.interpolate(0.5, normalized=True)
    assert index.containing(point.x, point.y) == 0


def test_nearest_grid_to_an_outside_point_is_the_closest_by_brute_force():
    shapes = demo_shapes()
    index = GridIndex(enumerate(shapes))
    rng = random.Random(2)
    for _ in range(50):
        lng, lat = (
            rng.uniform(demo.EAST + 0.001, demo.EAST + 0.05),
            rng.uniform(demo.SOUTH, demo.NORTH),
        )
        distances = [geometry.distance_m(s, lng, lat) for s in shapes]
        nearest = index.nearest(lng, lat, count=3)
        assert nearest[0].distance_m == min(distances)
        assert [n.distance_m for n in nearest] == sorted(distances)[:3]
