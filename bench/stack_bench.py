"""Requests per second on the production stack: cached and uncached grid page
against the bare Django view, in one run, through nginx.

All four targets are measured with the same client (wrk over TLS on loopback,
same connections and threads) against the same stack (deploy/stack.py: nginx,
two gunicorn app servers, PostgreSQL, Redis), in alternating rounds so a
change in the machine's load hits them alike:

- nginx static file: the proxy alone, no Python — the ceiling of this machine;
- bare Django view (/livez): the whole middleware stack, no database or cache;
- cached grid page: an anonymous visitor's GET, answered from the shared page
  cache in Redis (portal/page_cache.py) before sessions, CSRF and auth run;
- uncached grid page: the same page with a query string, which the page cache
  never stores, so every request renders it from PostgreSQL.

It prints each rate and its ratio to the bare view, and exits with status 1 if
the cached page reaches less than --min-ratio (0.70) of the bare view or if any
request failed.

    .venv/bin/python bench/stack_bench.py [--seconds 20] [--connections 16]

The stack lives in var/stack-bench/ (ports 8500…), is started if it is not
running (the first start loads the demo data) and is stopped again afterwards.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))

import stack as stack_module  # noqa: E402
import traffic  # noqa: E402

BENCH_DIR = ROOT / "var" / "stack-bench"
BENCH_PORT_BASE = 8500


def stack_arguments(parser):
    parser.add_argument("--stack-dir", default=str(BENCH_DIR))
    parser.add_argument("--port-base", type=int, default=BENCH_PORT_BASE)


def bench_stack(options):
    """The stack to measure: running already, or started for this run."""
    return stack_module.running(
        options.stack_dir,
        seed=True,
        port_base=options.port_base,
        env=traffic.LOAD_ENV,
        out=lambda line: print(f"  [stack] {line}", flush=True),
    )


def measure(targets, seconds, connections, rounds):
    """{name: WrkResult summed over rounds}, targets measured in turn."""
    totals = {}
    for _ in range(rounds):
        for name, url in targets.items():
            result = traffic.wrk(url, seconds / rounds, connections, threads=2)
            total = totals.get(name)
            if total is None:
                totals[name] = result
            else:
                total.requests += result.requests
                total.seconds += result.seconds
                for kind, count in result.errors.items():
                    total.errors[kind] = total.errors.get(kind, 0) + count
                total.p50_ms = max(total.p50_ms, result.p50_ms)
                total.p99_ms = max(total.p99_ms, result.p99_ms)
    return totals


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="per target")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--min-ratio", type=float, default=0.70)
    stack_arguments(parser)
    options = parser.parse_args(argv)

    with bench_stack(options) as stack:
        site = traffic.Site.discover(stack)
        page = site.grids[0][3]
        client = traffic.Resident(stack.url, verify=str(stack.cert))
        css = re.search(r'href="(/static/[^"]+\.css)"', client.get("/").text).group(1)
        # Fill the page cache and check both grid-page targets are what they say.
        client.get(page)
        cached = client.get(page).headers.get("X-Page-Cache")
        uncached = client.get(page + "?bench=uncached").headers.get("X-Page-Cache")
        if cached != "hit" or uncached is not None:
            print(f"page cache not as expected: cached={cached} uncached={uncached}")
            return 1
        targets = {
            "nginx static file": stack.url + css,
            "bare Django view": stack.url + "/livez",
            "cached grid page": stack.url + page,
            "uncached grid page": stack.url + page + "?bench=uncached",
        }
        print(
            f"Stack benchmark: wrk, {options.connections} connections over TLS "
            f"through nginx to 2 app servers, {options.seconds:g} s per target "
            f"in {options.rounds} rounds; grid page {page}",
            flush=True,
        )
        results = measure(targets, options.seconds, options.connections, options.rounds)

    bare = results["bare Django view"].rate
    failed = 0
    for name, result in results.items():
        ratio = result.rate / bare if bare else 0
        failed += result.failed
        errors = f"  errors {result.errors}" if result.errors else ""
        print(
            f"  {name:20} {result.rate:9.1f} req/s  {ratio:6.2f}× bare  "
            f"p50 {result.p50_ms:6.1f} ms  p99 {result.p99_ms:7.1f} ms{errors}"
        )
    ratio = results["cached grid page"].rate / bare if bare else 0
    print(
        f"  cached grid page / bare view = {ratio:.2f} "
        f"(required ≥ {options.min_ratio:.2f}): "
        + ("OK" if ratio >= options.min_ratio else "TOO SLOW")
    )
    if failed:
        print(f"  {failed} requests failed")
    return 0 if ratio >= options.min_ratio and not failed else 1


if __name__ == "__main__":
    sys.exit(main())
