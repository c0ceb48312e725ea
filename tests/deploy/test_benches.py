"""The stack benchmarks run in a small mode on the test stack, so they cannot rot.

Their figures are their own business (a shared CI machine is noise); here they
must run, print their ratios and find no failed request.
"""

import importlib.util

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.stack


def load(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stack_bench_prints_cached_uncached_and_bare_rates(stack, capsys):
    bench = load("stack_bench")
    argv = ["--stack-dir", str(stack.dir), "--seconds", "2", "--rounds", "1"]
    assert bench.main([*argv, "--min-ratio", "0"]) == 0
    output = capsys.readouterr().out
    for target in ("bare Django view", "cached grid page", "uncached grid page"):
        assert target in output
    assert "cached grid page / bare view" in output


def test_reports_load_files_reports_without_a_failure(stack, capsys):
    bench = load("reports_load")
    argv = ["--stack-dir", str(stack.dir), "--seconds", "2", "--connections", "4"]
    assert bench.main(argv) == 0
    output = capsys.readouterr().out
    assert output.count("ratio") == 2
    assert "FAILED" not in output


def test_soak_reads_worker_memory_before_and_after(stack, capsys):
    bench = load("soak")
    argv = ["--stack-dir", str(stack.dir), "--warmup", "300", "--requests", "600"]
    # A few hundred requests do not warm every cache: a loose bound here.
    assert bench.main([*argv, "--max-growth-mib", "64", "--report-every", "20"]) == 0
    output = capsys.readouterr().out
    assert "after warm-up" in output and "no errors" in output
    assert "memory flat after warm-up: yes" in output
