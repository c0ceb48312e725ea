"""gunicorn settings shared by every Grid Watch app server.

Where each server listens, its pid file and its log file are given on the command
line (deploy/stack.py does it for the one-machine stack; a systemd unit does it on
a real server), so one file serves any number of app servers.
"""

import os

wsgi_app = "portal.wsgi:application"

# Threads let one worker overlap database and Redis round trips; two processes per
# server use both cores of a small machine. Tune per machine with the environment.
worker_class = "gthread"
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

timeout = 30
graceful_timeout = 20
# Longer than nginx's upstream keepalive_timeout (60 s): nginx must be the side
# that closes an idle connection, or a request it sends just as gunicorn closes
# the connection fails, and nginx may not retry a POST.
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
