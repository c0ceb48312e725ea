"""Point → grid lookup: the STRtree index against a brute-force scan.

Builds 10,000 grid polygons in memory (a jittered lattice whose cells share their
edges, like real grids), looks up random points with ``grids.locate.GridIndex`` and
with a scan that tests every polygon in turn, and prints the median
time per lookup of each. Both must give the same answers, and the index must be at
least --min-ratio times faster, or the script exits with status 1.

For scale it also prints the physical floor, one point-in-polygon test (the least
any lookup has to do), and a vectorised scan (shapely.contains over a NumPy array
of all polygons), the fastest scan without an index.

    .venv/bin/python bench/locate_bench.py [--polygons 10000] [--points 2000]
"""

import argparse
import math
import random
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from grids.locate import GridIndex  # noqa: E402

# A 0.5° × 0.5° area around Hangzhou: 10,000 cells are about 500 m across.
WEST, SOUTH, SPAN = 119.9, 30.0, 0.5


def lattice_polygons(count, rng):
    """count (rounded down to a square) quadrilaterals tiling the area."""
    side = math.isqrt(count)
    step = SPAN / side
    vertices = [
        [
            (
                WEST
                + i * step
                + (rng.uniform(-0.2, 0.2) * step if 0 < i < side else 0),
                SOUTH
                + j * step
                + (rng.uniform(-0.2, 0.2) * step if 0 < j < side else 0),
            )
            for j in range(side + 1)
        ]
        for i in range(side + 1)
    ]
    return [
        shapely.Polygon(
            [
                vertices[i][j],
                vertices[i + 1][j],
                vertices[i + 1][j + 1],
                vertices[i][j + 1],
            ]
        )
        for i in range(side)
        for j in range(side)
    ]


def random_points(count, rng):
    """Points over the area and a 2 % margin around it, so a few miss every grid."""
    margin = SPAN * 0.02
    return [
        (
            rng.uniform(WEST - margin, WEST + SPAN + margin),
            rng.uniform(SOUTH - margin, SOUTH + SPAN + margin),
        )
        for _ in range(count)
    ]


def scan(shapes, lng, lat):
    """Brute force: test every polygon. The predicate and the tie-break (lowest
    index) are GridIndex's, so a point on a shared edge gets the same answer."""
    point = shapely.Point(lng, lat)
    hits = [i for i, shape in enumerate(shapes) if shape.intersects(point)]
    return hits[0] if hits else None


def vectorised_scan(array, lng, lat):
    hits = np.flatnonzero(shapely.intersects(array, shapely.Point(lng, lat)))
    return int(hits[0]) if len(hits) else None


def timed(lookup, points):
    """(median seconds per call, answers)."""
    times, answers = [], []
    for lng, lat in points:
        started = time.perf_counter_ns()
        answers.append(lookup(lng, lat))
        times.append(time.perf_counter_ns() - started)
    return statistics.median(times) / 1e9, answers


def floor(shapes, points):
    """Median time of a single point-in-polygon test."""
    pairs = [(shapes[i % len(shapes)], shapely.Point(p)) for i, p in enumerate(points)]
    times = []
    for shape, point in pairs:
        started = time.perf_counter_ns()
        shape.intersects(point)
        times.append(time.perf_counter_ns() - started)
    return statistics.median(times) / 1e9


def show(seconds):
    if seconds >= 1e-3:
        return f"{seconds * 1e3:8.2f} ms"
    return f"{seconds * 1e6:8.1f} µs"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polygons", type=int, default=10_000)
    parser.add_argument("--points", type=int, default=2_000)
    parser.add_argument("--min-ratio", type=float, default=50.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    rng = random.Random(args.seed)
    shapes = lattice_polygons(args.polygons, rng)
    points = random_points(args.points, rng)
    started = time.perf_counter()
    index = GridIndex(enumerate(shapes))
    build = time.perf_counter() - started

    index_median, index_answers = timed(index.containing, points)
    scan_median, scan_answers = timed(lambda lng, lat: scan(shapes, lng, lat), points)
    array = np.array(shapes)
    vector_median, vector_answers = timed(
        lambda lng, lat: vectorised_scan(array, lng, lat), points
    )
    one_test = floor(shapes, points)
    ratio = scan_median / index_median
    misses = sum(answer is None for answer in index_answers)

    print(f"Point → grid lookup: {len(shapes):,} polygons, {len(points):,} points")
    print(f"  ({misses} points outside every polygon; index built in {show(build)})")
    print(f"  STRtree index (GridIndex.containing)  median {show(index_median)}")
    print(f"  brute-force scan (every polygon)      median {show(scan_median)}")
    print(
        f"  ratio scan / index                    {ratio:8.0f}×  (required ≥ {args.min_ratio:g}×)"
    )
    print(
        f"  vectorised scan (shapely over array)  median {show(vector_median)}"
        f"  ({vector_median / index_median:.0f}× the index)"
    )
    print(
        f"  floor: one point-in-polygon test      median {show(one_test)}"
        f"  (the index takes {index_median / one_test:.0f}× the floor)"
    )

    if not index_answers == scan_answers == vector_answers:
        wrong = sum(a != b for a, b in zip(index_answers, scan_answers, strict=True))
        print(f"FAIL: the index and the scan disagree on {wrong} points")
        return 1
    if ratio < args.min_ratio:
        print(f"FAIL: the index is only {ratio:.1f}× faster than the scan")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
