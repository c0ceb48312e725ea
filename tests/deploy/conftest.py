"""The one-machine production stack (deploy/stack.py), started once per test run.

These tests need PostgreSQL, Redis, nginx, wrk and openssl from Debian (`make
system-deps` installs them) and take a few minutes: they are marked `stack` and
`make test-stack` runs them (`make test` does, after the PostgreSQL run).
One stack serves every test here: starting it (initdb, migrate, demo data) is
the slow part, and each test leaves the stack running and its data complete.
"""

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

import stack as stack_module  # noqa: E402
import traffic  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "stack: needs the one-machine production stack (make test-stack)"
    )


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    # GRIDWATCH_STACK_DIR: use a stack that is already running there (started
    # with the same rate-limit environment), e.g. to rerun one test quickly.
    existing = os.environ.get("GRIDWATCH_STACK_DIR")
    if existing:
        yield stack_module.Stack(existing)
        return
    running = stack_module.Stack(
        tmp_path_factory.mktemp("stack"),
        port_base=stack_module.free_port_base(),
        env=traffic.LOAD_ENV,
    )
    try:
        running.start(seed=True, out=lambda line: print(line, flush=True))
        yield running
    finally:
        running.stop(out=lambda line: None)


@pytest.fixture(scope="session")
def site(stack):
    return traffic.Site.discover(stack)
