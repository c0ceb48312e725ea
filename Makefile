# Grid Watch: `make run` serves the portal with demo data; `make test` runs everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PG_CTL := $(firstword $(shell ls -1 /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -rV) $(shell command -v pg_ctl))
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres test-stack system-deps lint messages \
  serve-check serve serve-stop clean

$(STAMP): pyproject.toml
	@# Debian's Python needs python3-venv for `-m venv`; install it when we can.
	$(PYTHON) -m venv $(VENV) || { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	  && apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-*
	touch $@

run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py collectstatic --no-input -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

# A production-like stack on loopback: PostgreSQL, Redis, two gunicorn app servers,
# a task worker and nginx (https://127.0.0.1:8401/). Ctrl-C or `make serve-stop`
# stops it; everything it writes is under var/stack/. See docs/deploy.md.
serve: $(STAMP) system-deps
	$(PY) deploy/stack.py serve

serve-stop:
	$(PY) deploy/stack.py stop

# PostgreSQL (server), Chromium for the browser tests, gettext, CJK fonts for PDFs;
# nginx, Redis, wrk and openssl for the production-like stack (serve, test-stack).
system-deps:
	@if [ -x /usr/bin/chromium ] && [ -n "$(PG_CTL)" ] && command -v msgfmt >/dev/null \
	    && fc-list 2>/dev/null | grep -qi cjk && [ -x /usr/sbin/nginx ] \
	    && [ -x /usr/bin/redis-server ] && [ -x /usr/bin/wrk ] \
	    && command -v openssl >/dev/null; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    postgresql chromium gettext fonts-noto-cjk nginx redis-server wrk openssl \
	    >/dev/null; \
	else \
	  echo "Install as root: apt-get install postgresql chromium gettext" \
	    "fonts-noto-cjk nginx redis-server wrk openssl"; exit 1; \
	fi

test: $(STAMP) system-deps
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/ruff check .
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-stack

test-sqlite: $(STAMP)
	$(PY) -m pytest -q -m "not stack"

# The suite again against a real PostgreSQL server that pytest-postgresql starts in
# a temporary directory; tests/bin/pg_ctl lets it run when we are root.
test-postgres: $(STAMP)
	GRIDWATCH_TEST_DB=postgresql PG_CTL_REAL=$(PG_CTL) \
	  $(PY) -m pytest -q -m "not e2e and not stack" \
	  --postgresql-exec=$(CURDIR)/tests/bin/pg_ctl

# The production-like stack (deploy/stack.py) in a temporary directory: load with
# an app server killed and restarted, backup and restore, the stack benchmarks in
# a small mode. A few minutes.
test-stack: $(STAMP) system-deps
	$(PY) -m pytest -q -m stack tests/deploy

lint: $(STAMP)
	$(VENV)/bin/ruff check .

messages: $(STAMP)
	$(PY) manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore=.venv
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	if [ -x $(PY) ]; then $(PY) deploy/stack.py stop; fi
	rm -rf $(VENV) var db.sqlite3 test-artifacts
