"""Traffic for the one-machine stack: what residents do, from Python or from wrk.

Used by the load and fault test (tests/deploy/), the stack benchmarks and the soak
(bench/). Python clients (requests) check every answer; wrk measures throughput.
"""

import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

HERE = Path(__file__).resolve().parent
TRACKING_LINK = re.compile(r"/report/track/([A-Za-z0-9_-]{20,})/")
REFERENCE = re.compile(r'id="reference">(R\d{4}-\d+)<')
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Environment that lifts the report form's per-IP and per-contact limits: load
# runs send every report through one proxy address.
LOAD_ENV = {
    "REPORTS_RATE_LIMIT_IP": "1000000",
    "REPORTS_RATE_LIMIT_CONTACT": "1000000",
}


@dataclass
class Site:
    """What a load run needs to know about the seeded site."""

    categories: list
    # (code, latitude, longitude, page path) of every grid with a boundary
    grids: list = field(default_factory=list)

    @classmethod
    def discover(cls, stack):
        with psycopg.connect(stack.database_url) as connection:
            categories = [
                code
                for (code,) in connection.execute(
                    "SELECT code FROM reports_category WHERE is_active ORDER BY code"
                )
            ]
            centroids = connection.execute(
                "SELECT code, centroid_lat, centroid_lng FROM grids_grid "
                "WHERE centroid_lat IS NOT NULL ORDER BY code"
            ).fetchall()
        client = Resident(stack.url, verify=str(stack.cert))
        grids = []
        for code, lat, lng in centroids:
            response = client.get(
                f"/grids/locate/?lat={lat}&lng={lng}",
                headers={"Accept": "application/json"},
            )
            found = response.json().get("grid") or {}
            if found.get("code") == code:
                grids.append((code, lat, lng, found["url"]))
        if not categories or not grids:
            raise RuntimeError("the stack has no demo data: start it with --seed")
        return cls(categories, grids)


class Resident:
    """One browser's worth of requests (keep-alive, CSRF cookie) to one address.

    base is nginx's https URL or an app server's own http URL; `host` then names
    the public address, so both servers render exactly what nginx would get.
    """

    def __init__(self, base, verify=True, host=None):
        self.base = base.rstrip("/")
        self.session = requests.Session()
        # Loopback only: no proxy from the environment, and no CA bundle from it
        # either (REQUESTS_CA_BUNDLE would override the stack's own certificate).
        self.session.trust_env = False
        self.session.verify = verify
        self.headers = {}
        if host:
            self.headers = {"Host": host, "X-Forwarded-Proto": "https"}
        self.origin = f"https://{host}" if host else self.base
        self.csrf_cookie = None

    def get(self, path, headers=None, timeout=30):
        return self.session.get(
            self.base + path, headers={**self.headers, **(headers or {})},
            timeout=timeout, allow_redirects=False,
        )

    def post(self, path, data, files=None, timeout=60):
        # The CSRF cookie is Secure; a plain-http request to an app server must
        # carry it by hand, as nginx would pass it on.
        headers = {**self.headers, "Referer": self.origin + path}
        if self.csrf_cookie:
            headers["Cookie"] = f"csrftoken={self.csrf_cookie}"
        return self.session.post(
            self.base + path, data=data, files=files, headers=headers,
            timeout=timeout, allow_redirects=False,
        )

    def form_token(self, category):
        response = self.get(f"/report/?category={category}")
        response.raise_for_status()
        self.csrf_cookie = response.cookies.get("csrftoken") or self.csrf_cookie
        return CSRF_FIELD.search(response.text).group(1)

    def submit_report(self, category, lat, lng, description, token=None, photos=()):
        """(response, tracking token or None, reference or None).

        photos: (file name, bytes, content type) of each photo to attach.
        """
        data = {
            "csrfmiddlewaretoken": token or self.form_token(category),
            "description": description,
            "latitude": f"{lat:.6f}",
            "longitude": f"{lng:.6f}",
            "consent": "on",
            # Load reports land close together: skip the "is it one of these?" step.
            "confirm_new": "on",
        }
        files = [("photos", photo) for photo in photos] or None
        response = self.post(f"/report/?category={category}", data, files)
        tracking = TRACKING_LINK.search(response.text) if response.status_code == 201 else None
        reference = REFERENCE.search(response.text) if tracking else None
        return (
            response,
            tracking.group(1) if tracking else None,
            reference.group(1) if reference else None,
        )


def stored_token_hashes(stack):
    with psycopg.connect(stack.database_url) as connection:
        return {h for (h,) in connection.execute("SELECT token_hash FROM reports_report")}


def report_count(stack):
    with psycopg.connect(stack.database_url) as connection:
        return connection.execute("SELECT count(*) FROM reports_report").fetchone()[0]


class Tally:
    """Thread-safe counts of what a load run saw."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.by_status = {}
        # (what, status or exception name, monotonic time) of every unexpected answer
        self.failures = []
        self.tokens = []  # tracking tokens of acknowledged reports

    def record(self, what, status, expected, token=None):
        with self.lock:
            self.requests += 1
            self.by_status[status] = self.by_status.get(status, 0) + 1
            if status != expected:
                self.failures.append((what, status, time.monotonic()))
            if token:
                self.tokens.append(token)


# --- wrk ----------------------------------------------------------------------

WRK_REPORT = r"""
-- Each wrk thread keeps one CSRF token (given on the command line) and files
-- numbered reports around one grid's centre.
local counter = 0
local args_ = {}
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("id", thread_number)
end

function init(args)
  args_ = args
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  wrk.headers["Cookie"] = "csrftoken=" .. args[1]
  wrk.headers["Referer"] = args[4]
end

function request()
  counter = counter + 1
  local lat = tonumber(args_[2]) + (math.random() - 0.5) * 0.0004
  local lng = tonumber(args_[3]) + (math.random() - 0.5) * 0.0004
  local body = "csrfmiddlewaretoken=" .. args_[5]
    .. "&description=load+test+report+" .. id .. "-" .. counter
    .. string.format("&latitude=%.6f&longitude=%.6f", lat, lng)
    .. "&consent=on&confirm_new=on"
  return wrk.format(nil, nil, nil, body)
end
"""

WRK_PATHS = r"""
-- Cycle through the paths listed (one per line) in the file named by the
-- first argument, from a different starting point in each thread.
local paths = {}
local index = 0
local thread_number = 0

function setup(thread)
  thread_number = thread_number + 1
  thread:set("id", thread_number)
end

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  index = (id or 0) * 7919
end

function request()
  index = index + 1
  return wrk.format("GET", paths[(index % #paths) + 1])
end
"""

WRK_LIMIT = r"""
-- Each thread stops after its share of the requests and says so; wrk itself
-- only stops at its duration, so wrk() interrupts it once every thread is done.
local answered = 0
local limit = tonumber(os.getenv("WRK_REQUESTS_PER_THREAD") or "0")

function response(status, headers, body)
  answered = answered + 1
  if limit > 0 and answered == limit then
    io.write("WRK_THREAD_DONE\n")
    io.flush()
    wrk.thread:stop()
  end
end
"""

WRK_DONE = r"""
function done(summary, latency, requests)
  io.write(string.format(
    "WRK_JSON {\"requests\": %d, \"duration_us\": %d, \"connect\": %d, "
    .. "\"read\": %d, \"write\": %d, \"status\": %d, \"timeout\": %d, "
    .. "\"p50_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    errors: dict
    p50_ms: float
    p99_ms: float

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def failed(self):
        return sum(self.errors.values())


def wrk(url, seconds, connections=8, threads=2, script="", args=(), requests=None):
    """Run wrk against url; script is Lua (the summary printer is added).

    With requests, each thread stops after its share (WRK_LIMIT must be in the
    script) and the run ends when all have, or after seconds at the latest.
    """
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk not found: apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script + WRK_DONE)
    env = dict(os.environ)
    if requests:
        env["WRK_REQUESTS_PER_THREAD"] = str(max(1, requests // threads))
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s",
        "--timeout", "10s", "-s", lua.name, url,
    ]
    if args:
        command += ["--", *args]
    try:
        with subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, env=env
        ) as process:
            lines, finished = [], 0
            for line in process.stdout:
                lines.append(line)
                if line.startswith("WRK_THREAD_DONE"):
                    finished += 1
                    if finished == threads:
                        # wrk prints its summary when interrupted.
                        process.send_signal(signal.SIGINT)
        if process.returncode not in (0, -signal.SIGINT):
            raise RuntimeError(f"wrk failed ({process.returncode}): {''.join(lines)}")
    finally:
        os.unlink(lua.name)
    line = next(x for x in lines if x.startswith("WRK_JSON "))
    data = json.loads(line.removeprefix("WRK_JSON "))
    errors = {k: data[k] for k in ("connect", "read", "write", "status", "timeout")}
    return WrkResult(
        requests=data["requests"],
        seconds=data["duration_us"] / 1e6,
        errors={k: v for k, v in errors.items() if v},
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
    )


def wrk_reports(stack, site, url, seconds, connections=8, threads=2):
    """wrk filing reports through the form at url (nginx or one app server)."""
    code, lat, lng, _ = site.grids[0]
    category = site.categories[0]
    host = None if url.startswith("https:") else f"127.0.0.1:{stack.port('https')}"
    resident = Resident(url, verify=str(stack.cert), host=host)
    token = resident.form_token(category)
    origin = resident.origin
    script = WRK_REPORT
    if host:
        script = (
            f'wrk.headers["Host"] = "{host}"\n'
            'wrk.headers["X-Forwarded-Proto"] = "https"\n' + script
        )
    return wrk(
        f"{url}/report/?category={category}",
        seconds,
        connections,
        threads,
        script,
        [resident.csrf_cookie, str(lat), str(lng), f"{origin}/report/", token],
    )


def write_paths(paths):
    """A temporary file listing paths, for WRK_PATHS; the caller unlinks it."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        listing.write("\n".join(paths) + "\n")
    return listing.name
