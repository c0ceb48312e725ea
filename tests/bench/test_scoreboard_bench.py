"""The dashboard benchmark's core runs on small data and agrees with itself:
the portal's figures equal the hand-written SQL's (timings are its own business)."""

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "scoreboard_dashboard.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("scoreboard_dashboard", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_loads_small_data_and_both_sides_agree(db):
    from reports.models import Report
    from volunteers.models import LedgerEntry

    bench = load_bench()
    bench.load(reports=3000, entries=2000, grids=12, stations=3, volunteers=5)
    assert Report.objects.count() == 3000
    assert LedgerEntry.objects.count() == 2000
    assert LedgerEntry.objects.filter(kind="earn").count() == 1800
    lines = []
    worst = bench.measure(runs=1, out=lines.append)
    assert worst > 0
    assert len(lines) == 1 + len(bench.LEVEL_TIMINGS)
    assert lines[1].startswith("grid month")
