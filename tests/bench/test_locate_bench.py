"""The benchmark script runs and agrees with itself (timing is its own business)."""

import importlib.util
import random
from pathlib import Path

import pytest
import shapely

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "locate_bench.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("locate_bench", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_runs_on_a_small_lattice_and_reports_the_ratio(capsys):
    bench = load_bench()
    assert bench.main(["--polygons", "400", "--points", "50", "--min-ratio", "0"]) == 0
    output = capsys.readouterr().out
    assert "400 polygons" in output
    assert "ratio scan / index" in output


def test_lattice_polygons_tile_the_area_without_overlap():
    bench = load_bench()
    shapes = bench.lattice_polygons(400, random.Random(3))
    assert len(shapes) == 400
    assert all(s.is_valid for s in shapes)
    area = bench.SPAN**2
    assert shapely.union_all(shapes).area == pytest.approx(area)
    assert sum(s.area for s in shapes) == pytest.approx(area)
