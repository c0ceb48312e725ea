"""A one-hour-equivalent soak of the production stack: app server memory must
stay flat after warm-up.

How many requests are "one hour": a sub-bureau of about 300,000 residents. On a
busy day (a publicity campaign, contact-card posters with QR codes on every
building) one resident in 30 opens the portal: 10,000 visits, 15% of them in the
evening peak hour, 1,500 visits of about three app requests each (home or a grid
page, locate my grid, a grid page) — 4,500 requests — and some 30 reports. Three
times that for headroom gives the default: 12,000 requests, one in 100 a report
(120 reports), sent as fast as the stack answers instead of spread over an hour.

The mix cycles through the home page, the grid index, every grid page,
locate-my-grid JSON for every grid and the report form, with every hundredth
request filing a report through the form (wrk with a Lua script, through nginx
over TLS). Before the soak, --warmup requests of the same mix fill every
worker's caches (templates, URL resolvers, the point → grid index). Then the
resident set size of every gunicorn worker of both app servers (VmRSS from
/proc) is read, the soak runs, sampling memory every few seconds, and is read
again. The run is bounded by --requests and by --max-seconds, whichever comes
first.

It prints the requests served, errors, each worker's memory after warm-up and at
the end, and exits with status 1 if any request failed, a worker was replaced,
or any worker grew by more than --max-growth-mib (default 8 MiB: a leak of
4 KiB per request would pass 8 MiB within the ~2,000 requests each of the six
workers, three per app server, serves).

    .venv/bin/python bench/soak.py [--requests 12000] [--max-seconds 600]
"""

import argparse
import os
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "deploy")]

import stack as stack_module  # noqa: E402
import traffic  # noqa: E402
from stack_bench import bench_stack, stack_arguments  # noqa: E402

WRK_SOAK = r"""
-- args: paths file, report every Nth request, CSRF cookie, CSRF form token,
-- Referer, category, latitude, longitude
local paths = {}
local index = 0
local every = 0
local a = {}
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("id", thread_number)
end

function init(args)
  a = args
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  every = tonumber(args[2])
  index = (id or 0) * 7919
end

function request()
  index = index + 1
  if every > 0 and index % every == 0 then
    local lat = tonumber(a[7]) + (math.random() - 0.5) * 0.0004
    local lng = tonumber(a[8]) + (math.random() - 0.5) * 0.0004
    local body = "csrfmiddlewaretoken=" .. a[4]
      .. "&description=soak+report+" .. (id or 0) .. "-" .. index
      .. string.format("&latitude=%.6f&longitude=%.6f", lat, lng)
      .. "&consent=on&confirm_new=on"
    return wrk.format("POST", "/report/?category=" .. a[6], {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["Cookie"] = "csrftoken=" .. a[3],
      ["Referer"] = a[5],
    }, body)
  end
  local path = paths[(index % #paths) + 1]
  if string.sub(path, 1, 14) == "/grids/locate/" then
    return wrk.format("GET", path, {["Accept"] = "application/json"})
  end
  return wrk.format("GET", path)
end
"""


def workers(stack):
    """{pid: (app server, RSS in KiB)} of every gunicorn worker."""
    found = {}
    for name in stack_module.APPS:
        for pid in stack_module.children(stack.pid(name)):
            found[pid] = (name, stack_module.rss_kib(pid))
    return found


def run_mix(stack, site, requests, seconds, connections, report_every):
    """wrk over the mix until `requests` are answered or `seconds` pass."""
    paths = ["/", "/", "/grids/", "/report/"]
    for _, lat, lng, page in site.grids:
        paths += [page, f"/grids/locate/?lat={lat:.6f}&lng={lng:.6f}"]
    listing = traffic.write_paths(paths)
    code, lat, lng, _ = site.grids[0]
    resident = traffic.Resident(stack.url, verify=str(stack.cert))
    token = resident.form_token(site.categories[0])
    threads = 2
    try:
        return traffic.wrk(
            stack.url,
            seconds,
            connections,
            threads,
            WRK_SOAK + traffic.WRK_LIMIT,
            [
                listing, str(report_every), resident.csrf_cookie, token,
                f"{stack.url}/report/", site.categories[0], str(lat), str(lng),
            ],
            requests=requests,
        )
    finally:
        os.unlink(listing)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=12_000)
    parser.add_argument("--warmup", type=int, default=3_000)
    parser.add_argument("--max-seconds", type=float, default=600)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--report-every", type=int, default=100)
    parser.add_argument("--max-growth-mib", type=float, default=8.0)
    stack_arguments(parser)
    options = parser.parse_args(argv)

    with bench_stack(options) as stack:
        site = traffic.Site.discover(stack)
        before_reports = traffic.report_count(stack)
        print(
            f"Soak: warm-up {options.warmup:,} requests, then {options.requests:,} "
            f"(1 in {options.report_every} a report), at most "
            f"{options.max_seconds:g} s, {options.connections} connections",
            flush=True,
        )
        warm = run_mix(
            stack, site, options.warmup, options.max_seconds, options.connections,
            options.report_every,
        )
        after_warmup = workers(stack)
        samples = []
        done = threading.Event()

        def sample():
            while not done.wait(2):
                samples.append(sum(rss for _, rss in workers(stack).values()))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        started = time.monotonic()
        soak = run_mix(
            stack, site, options.requests, options.max_seconds, options.connections,
            options.report_every,
        )
        done.set()
        sampler.join()
        elapsed = time.monotonic() - started
        at_end = workers(stack)
        stored = traffic.report_count(stack) - before_reports

    failures = []
    print(
        f"  warm-up: {warm.requests:,} requests, {warm.rate:.0f}/s"
        f"{', errors ' + str(warm.errors) if warm.errors else ''}\n"
        f"  soak:    {soak.requests:,} requests in {elapsed:.0f} s, "
        f"{soak.rate:.0f}/s, p99 {soak.p99_ms:.0f} ms"
        f"{', errors ' + str(soak.errors) if soak.errors else ', no errors'}; "
        f"reports stored (warm-up and soak): {stored}"
    )
    if samples:
        mib = ", ".join(f"{s / 1024:.0f}" for s in samples[:: max(1, len(samples) // 8)])
        print(f"  all workers' RSS while soaking (MiB): {mib}")
    print("  worker (server)     after warm-up      at end     growth")
    bound = options.max_growth_mib * 1024
    for pid, (name, rss) in sorted(after_warmup.items()):
        if pid not in at_end:
            failures.append(f"worker {pid} of {name} was replaced during the soak")
            continue
        growth = at_end[pid][1] - rss
        print(
            f"  {pid:>7} ({name})   {rss / 1024:9.1f} MiB {at_end[pid][1] / 1024:9.1f} MiB"
            f"  {growth / 1024:+7.1f} MiB"
        )
        if growth > bound:
            failures.append(
                f"worker {pid} of {name} grew {growth / 1024:.1f} MiB "
                f"(bound {options.max_growth_mib:g} MiB)"
            )
    if warm.errors or soak.errors:
        failures.append(f"failed requests: {warm.errors} {soak.errors}")
    if soak.requests < options.requests * 0.99:
        print(f"  (stopped by --max-seconds after {soak.requests:,} requests)")
    for failure in failures:
        print(f"  FAILED {failure}")
    print("  memory flat after warm-up: " + ("no" if failures else "yes"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
