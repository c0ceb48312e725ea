"""Concurrent report submission against gunicorn + PostgreSQL, as a ratio of the
bare Django view served by the same server in the same run.

wrk files reports through the real form (/report/, with a CSRF token, category,
place and consent; Lua varies the text and the point) with many connections at
once, first straight to one gunicorn app server, then through nginx to both;
before each it measures the bare view (/livez) on the same target with the
same client and connections. Every report is a PostgreSQL transaction
(reference number, routing to the grid, timeline entry, queued notification).

It prints reports per second, the bare view's rate and their ratio, and how many
reports PostgreSQL holds afterwards against how many were acknowledged. No
request may fail: any error or non-2xx answer is printed and the exit status
is 1.

    .venv/bin/python bench/reports_load.py [--seconds 15] [--connections 16]

The stack lives in var/stack-bench/ (ports 8500…), started with the report
form's rate limits lifted (every request comes from one address), and is
stopped again afterwards if this run started it.
"""

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "deploy")]

import traffic  # noqa: E402
from stack_bench import bench_stack, stack_arguments  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=15, help="per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--target", choices=["app1", "nginx", "both"], default="both",
        help="one gunicorn app server directly, nginx in front of both, or both",
    )
    stack_arguments(parser)
    options = parser.parse_args(argv)

    failures = []
    with bench_stack(options) as stack:
        site = traffic.Site.discover(stack)
        targets = {"app1": stack.app_url("app1"), "nginx": stack.url}
        if options.target != "both":
            targets = {options.target: targets[options.target]}
        print(
            f"Report submission: wrk, {options.connections} connections, "
            f"{options.seconds:g} s per measurement",
            flush=True,
        )
        for name, url in targets.items():
            headers = "" if url.startswith("https:") else (
                f'wrk.headers["Host"] = "127.0.0.1:{stack.port("https")}"\n'
                'wrk.headers["X-Forwarded-Proto"] = "https"\n'
            )
            bare = traffic.wrk(
                url + "/livez", options.seconds, options.connections, script=headers
            )
            before = traffic.report_count(stack)
            reports = traffic.wrk_reports(
                stack, site, url, options.seconds, options.connections
            )
            stored = traffic.report_count(stack) - before
            acknowledged = reports.requests - reports.errors.get("status", 0)
            label = "gunicorn app1 directly" if name == "app1" else "nginx → 2 servers"
            ratio = reports.rate / bare.rate if bare.rate else 0
            print(
                f"  {label:24} reports {reports.rate:7.1f}/s "
                f"(p50 {reports.p50_ms:.0f} ms, p99 {reports.p99_ms:.0f} ms)  "
                f"bare view {bare.rate:7.1f}/s  ratio {ratio:.3f}\n"
                f"  {'':24} acknowledged {acknowledged}, stored {stored}"
            )
            for result, what in ((bare, "bare view"), (reports, "reports")):
                if result.errors:
                    failures.append(f"{label}, {what}: {result.errors}")
            if stored < acknowledged:
                failures.append(f"{label}: {acknowledged - stored} reports lost")
    for failure in failures:
        print(f"  FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
