"""gunicorn settings shared by every Grid Watch app server.

Where each server listens, its pid file and its log file are given on the command
line (deploy/stack.py does it for the one-machine stack; a systemd unit does it on
a real server), so one file serves any number of app servers.
"""

import os

wsgi_app = "portal.wsgi:application"

# Plain sync workers, one request at a time each, as gunicorn recommends behind a
# buffering proxy like nginx (which absorbs slow clients): CPU-bound Django gains
# little from threads under the GIL, and a crashing server can then spoil at most
# one response per worker. Three per server suits two servers on a small
# two-core machine; on a machine of its own use 2 × cores + 1.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

timeout = 30
graceful_timeout = 20
# For threaded workers: longer than nginx's upstream keepalive_timeout (60 s), so
# nginx is the side that closes an idle connection; otherwise a request sent just
# as gunicorn closes it fails, and nginx may not retry a POST. (Sync workers close
# every connection after its response.)
keepalive = 75

# nginx on the same machine sets X-Forwarded-Proto; only it is trusted.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Off by default so the soak test sees real memory growth; a deployment that
# wants a safety net sets e.g. GUNICORN_MAX_REQUESTS=20000.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# nginx keeps the access log (with tracking tokens masked) and Django writes the
# request log; a third copy per app server would add nothing.
accesslog = None
capture_output = True
# Worker heartbeats on tmpfs, so a slow disk cannot make a healthy worker look hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn ≥ 27 opens a control socket at one fixed path per user; two app servers
# on one machine would fight over it, and nothing here uses gunicornc.
control_socket_disable = True
