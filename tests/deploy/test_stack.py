"""Load and faults on the production stack: an app server dies mid-run.

Residents (Python threads, each with its own keep-alive connection to nginx)
open public pages, look up their grid and file reports through the real form
with its CSRF token, while app server 1 is SIGKILLed (master and workers: a
crash) and started again. nginx must hide the crash: no request may end in a
5xx or a dropped connection, every report acknowledged with a tracking link
must be in PostgreSQL, and both app servers must serve the same data.
"""

import hashlib
import random
import re
import threading
import time
import uuid

import pytest
import requests

from .conftest import stack_module, traffic

pytestmark = pytest.mark.stack

RESIDENTS = 8
SECONDS = 36
KILL_AT = 10
DOWN_FOR = 3
COUNTS = re.compile(r'<p class="counts">(.*?)</p>', re.S)


def resident(stack, site, tally, stop, number):
    rng = random.Random(number)
    client = traffic.Resident(stack.url, verify=str(stack.cert))
    form_token = None
    while not stop.is_set():
        roll = rng.random()
        code, lat, lng, page = rng.choice(site.grids)
        category = rng.choice(site.categories)
        expected = 200
        try:
            if roll < 0.15:
                what = "home"
                response = client.get("/")
            elif roll < 0.30:
                what = "grids"
                response = client.get("/grids/")
            elif roll < 0.55:
                what = "grid page"
                response = client.get(page)
            elif roll < 0.70:
                what = "locate"
                response = client.get(
                    f"/grids/locate/?lat={lat}&lng={lng}",
                    headers={"Accept": "application/json"},
                )
                if response.json()["grid"]["code"] != code:
                    tally.record(what, "wrong grid", expected)
                    continue
            else:
                if form_token is None:
                    what = "report form"
                    form_token = client.form_token(category)
                what, expected = "report", 201
                response, token, _ = client.submit_report(
                    category,
                    lat + rng.uniform(-2e-4, 2e-4),
                    lng + rng.uniform(-2e-4, 2e-4),
                    f"负载测试：路灯不亮 {number}-{rng.random():.9f}",
                    token=form_token,
                )
                if response.status_code == 201 and token is None:
                    tally.record(what, "no tracking link", expected)
                    continue
                tally.record(what, response.status_code, expected, token)
                continue
            tally.record(what, response.status_code, expected)
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            tally.record(what, type(error).__name__, expected)


def test_no_request_fails_and_no_report_is_lost_when_an_app_server_dies(
    stack, site, capsys
):
    before = traffic.report_count(stack)
    tally = traffic.Tally()
    stop = threading.Event()
    clients = [
        threading.Thread(target=resident, args=(stack, site, tally, stop, n))
        for n in range(RESIDENTS)
    ]
    started = time.monotonic()
    for client in clients:
        client.start()

    time.sleep(KILL_AT)
    crashed_pid = stack.pid("app1")
    crashed_workers = len(stack_module.children(crashed_pid))
    served_before_crash = tally.requests
    killed_at = time.monotonic()
    stack.kill_app("app1")
    time.sleep(DOWN_FOR)
    served_while_down = tally.requests - served_before_crash
    stack.start_app("app1")
    restarted_at = time.monotonic()
    served_before_restart = tally.requests
    time.sleep(max(5.0, SECONDS - (restarted_at - started)))
    stop.set()
    for client in clients:
        client.join(timeout=90)
    elapsed = time.monotonic() - started

    stored = traffic.stored_token_hashes(stack)
    acknowledged = {hashlib.sha256(t.encode()).hexdigest() for t in tally.tokens}
    new_reports = traffic.report_count(stack) - before
    # A response whose headers had already left app1 when it died cannot be
    # retried by nginx or any proxy (the client has them): the connection is cut.
    # At most one per worker of app1, at the moment of the crash; anything else
    # (a 5xx, a refused connection, a wrong answer) is a failure.
    cut = [
        f for f in tally.failures
        if f[1] in ("ChunkedEncodingError", "ConnectionError")
        and abs(f[2] - killed_at) < 2
    ]
    failures = [f[:2] for f in tally.failures if f not in cut]
    with capsys.disabled():
        print(
            f"\nload + fault run: {tally.requests} requests in {elapsed:.1f} s "
            f"({tally.requests / elapsed:.0f}/s) by {RESIDENTS} residents; "
            f"app1 SIGKILLed at {KILL_AT} s, {served_while_down} served while it "
            f"was down, restarted; by status "
            f"{dict(sorted(tally.by_status.items(), key=str))}\n"
            f"  5xx answers: {sum(n for s, n in tally.by_status.items() if str(s)[0] == '5')}; "
            f"other errors: {len(failures)}; responses cut by the crash after their "
            f"headers had left app1: {len(cut)}\n"
            f"  reports acknowledged: {len(tally.tokens)}, stored: {new_reports} new "
            f"(acknowledged and missing: {len(acknowledged - stored)}; stored but "
            f"not acknowledged (retried or cut POSTs): {new_reports - len(acknowledged)})"
        )

    assert stack.pid("app1") != crashed_pid and stack.running("app1")
    assert served_while_down > 0, "traffic must go on while app1 is down"
    assert tally.requests > served_before_restart, "and after it is back"
    assert failures == []
    assert len(cut) <= crashed_workers
    assert len(tally.tokens) > 50
    assert len(acknowledged) == len(tally.tokens)
    assert acknowledged <= stored
    assert new_reports >= len(acknowledged)


def counts(html):
    """The grid page's report counts (total, open, resolved), as numbers."""
    return [int(n) for n in re.findall(r"\d+", COUNTS.search(html).group(1))]


def test_both_app_servers_serve_the_same_data(stack, site):
    host = f"127.0.0.1:{stack.port('https')}"
    one = traffic.Resident(stack.app_url("app1"), host=host)
    two = traffic.Resident(stack.app_url("app2"), host=host)
    code, lat, lng, page = site.grids[-1]

    def fresh(*clients):
        # A query string bypasses the page cache: this is what each server renders
        # now. The page links to its own address, so all get the same one.
        path = f"{page}?fresh={uuid.uuid4().hex}"
        responses = [client.get(path) for client in clients]
        assert [r.status_code for r in responses] == [200] * len(clients)
        return [r.text for r in responses]

    first, second = fresh(one, two)
    assert first == second
    before = counts(first)

    response, token, reference = two.submit_report(
        site.categories[0], lat, lng, "两台服务器：楼道堆放杂物"
    )
    assert response.status_code == 201

    # Filed on app2, seen on app1: its tracking page and the grid's counts.
    tracking = one.get(f"/report/track/{token}/")
    assert tracking.status_code == 200
    assert reference in tracking.text
    first, second = fresh(one, two)
    after = counts(first)
    assert after[0] == before[0] + 1 and after[1] == before[1] + 1
    assert first == second


def test_production_settings_pass_the_deploy_check(stack):
    check = stack.manage(
        "check", "--deploy", "--fail-level", "WARNING", capture=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr


SECURITY_HEADERS = (
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "Referrer-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
)


def test_every_public_page_carries_the_security_headers_through_nginx(stack, site):
    resident = traffic.Resident(stack.url, verify=str(stack.cert))
    page = site.grids[0][3]
    paths = [
        "/",
        "/grids/",
        page,  # from the page cache after the first visit
        page,
        f"{page}?fresh=1",
        "/report/",
        f"/report/?category={site.categories[0]}",
        "/volunteers/",
        "/accounts/login/",
        "/no-such-page/",
    ]
    for path in paths:
        response = resident.get(path)
        assert response.status_code in (200, 404), path
        missing = [h for h in SECURITY_HEADERS if h not in response.headers]
        assert missing == [], (path, missing)
    assert resident.get(page).headers["X-Page-Cache"] == "hit"

    plain = requests.get(
        f"http://127.0.0.1:{stack.port('http')}/grids/", allow_redirects=False
    )
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"{stack.url}/grids/"
