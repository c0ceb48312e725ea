"""Point → grid lookup with a shapely STRtree, built once per process.

Every process keeps its own index and compares a version number stored in the
shared cache on each lookup; a boundary change anywhere bumps the version, so all
app servers rebuild on their next lookup.
"""

import threading
from dataclasses import dataclass

import shapely
from django.core.cache import cache
from shapely import STRtree
from shapely.geometry import shape

from . import geometry

VERSION_KEY = "grids:boundary-version"


@dataclass(frozen=True)
class NearbyGrid:
    grid_id: int
    distance_m: float


class GridIndex:
    def __init__(self, items):
        """items: iterable of (grid_id, shapely geometry)."""
        items = list(items)
        self.grid_ids = [grid_id for grid_id, _ in items]
        self.shapes = [shape for _, shape in items]
        self.tree = STRtree(self.shapes) if self.shapes else None

    def __len__(self):
        return len(self.grid_ids)

    def containing(self, lng, lat):
        """The id of the grid containing the point, or None."""
        if self.tree is None:
            return None
        hits = self.tree.query(shapely.Point(lng, lat), predicate="intersects")
        # Shared edges can hit two grids; the lowest index wins, stable across runs.
        return self.grid_ids[min(hits)] if len(hits) else None

    def nearest(self, lng, lat, count=3, max_distance_m=20_000):
        """The closest grids to a point, nearest first, within max_distance_m."""
        if self.tree is None:
            return []
        point = shapely.Point(lng, lat)
        # Degrees of longitude shrink with latitude; 1.5× keeps the box generous.
        span = max_distance_m / 111_000 * 1.5
        box = shapely.box(lng - span * 2, lat - span, lng + span * 2, lat + span)
        candidates = self.tree.query(box)
        if not len(candidates):
            candidates = [int(self.tree.query_nearest(point)[0])]
        found = [
            NearbyGrid(self.grid_ids[i], geometry.distance_m(self.shapes[i], lng, lat))
            for i in candidates
        ]
        found = [n for n in found if n.distance_m <= max_distance_m]
        return sorted(found, key=lambda n: n.distance_m)[:count]

    def candidates(self, shape):
        """Ids of grids whose bounding boxes meet the given shape."""
        if self.tree is None:
            return []
        return [self.grid_ids[i] for i in self.tree.query(shape)]


_lock = threading.Lock()
_state = {"version": None, "index": None}


def boundaries_changed():
    """Tell every process that its index is stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    _state["version"] = None


def boundary_version():
    """A number shared by all processes that changes whenever a boundary does."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def build_index():
    from .models import Grid

    rows = Grid.objects.exclude(boundary=None).values_list("pk", "boundary")
    return GridIndex((pk, shape(boundary)) for pk, boundary in rows if boundary)


def grid_index():
    version = boundary_version()
    if _state["index"] is None or _state["version"] != version:
        with _lock:
            if _state["index"] is None or _state["version"] != version:
                _state["index"] = build_index()
                _state["version"] = version
    return _state["index"]


def locate(lat, lng):
    """The Grid containing the point, or None."""
    from .models import Grid

    grid_id = grid_index().containing(lng, lat)
    if grid_id is None:
        return None
    return (
        Grid.objects.select_related("community__station", "page")
        .filter(pk=grid_id)
        .first()
    )


def nearest_grids(lat, lng, count=3):
    """[(Grid, distance in metres)] for the closest grids, nearest first."""
    from .models import Grid

    nearby = grid_index().nearest(lng, lat, count=count)
    grids = Grid.objects.select_related("community__station", "page").in_bulk(
        [n.grid_id for n in nearby]
    )
    return [(grids[n.grid_id], n.distance_m) for n in nearby if n.grid_id in grids]
