#!/usr/bin/env python3
"""A production-like Grid Watch stack on one machine, all on loopback.

PostgreSQL, Redis, two gunicorn app servers, a django-tasks-db worker and nginx
in front (TLS with a self-signed certificate made at first start), from Debian
packages plus the project's virtualenv. Everything the stack writes (database,
logs, pid files, generated nginx configuration, certificate, secrets, media) lives
under one directory, var/stack/ unless --dir says otherwise.

    deploy/stack.py start [--seed]   start (migrate, collectstatic; --seed: demo data)
    deploy/stack.py serve            start with demo data, wait for Ctrl-C, stop
    deploy/stack.py stop | status
    deploy/stack.py env              shell exports for manage.py against the stack
    deploy/stack.py manage ARGS...   run manage.py against the stack
    deploy/stack.py kill-app N | start-app N   fault drills: SIGKILL / restart app N

Ports are STACK_PORT_BASE (default 8400) plus fixed offsets: nginx http +0 (it
redirects to https), https +1, app servers +11 and +12, PostgreSQL +32, Redis +79.
They are chosen at the first start and kept in <dir>/stack.json with the secrets.

As root, PostgreSQL runs as the `postgres` user (it refuses root) and nginx's
workers as `www-data`, as Debian's own services do.
"""

import argparse
import contextlib
import json
import os
import secrets
import shlex
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "var" / "stack"
# portal/settings.py: STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_ROOT = ROOT / "var" / "static"
VENV_BIN = Path(sys.executable).parent
OFFSETS = {"http": 0, "https": 1, "app1": 11, "app2": 12, "postgres": 32, "redis": 79}
APPS = ("app1", "app2")
IS_ROOT = os.geteuid() == 0
# Set by the test suite for its own process; never wanted in a production process.
TEST_ONLY_ENV = {"DJANGO_ALLOW_ASYNC_UNSAFE", "GRIDWATCH_TEST_DB"}


def pg_bin(name):
    """A PostgreSQL server program: Debian keeps them out of PATH."""
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    found.sort(key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    if found:
        return str(found[-1])
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} not found: apt-get install postgresql")
    return path


def alive(pid):
    """True while pid runs; reaps it first if it is our own exited child."""
    if not pid:
        return False
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def children(pid):
    """Direct child processes of pid (gunicorn's workers of its master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return sorted(found)


def rss_kib(pid):
    """Resident set size of a process in KiB, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def port_free(port):
    import socket

    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_base(start=20000, stop=60000, step=97):
    """A base whose every stack port is free now (tests run beside `make serve`)."""
    import random

    for _ in range(200):
        base = random.randrange(start, stop, step)
        if all(port_free(base + offset) for offset in OFFSETS.values()):
            return base
    raise RuntimeError("no free port range for the stack")


def wait_for(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


class Stack:
    """One stack rooted at a directory; every method is safe to call twice."""

    def __init__(self, directory=DEFAULT_DIR, port_base=None, env=None):
        self.dir = Path(directory).resolve()
        self.logs = self.dir / "logs"
        self.run = self.dir / "run"
        self.pg_dir = self.dir / "pg"
        self.pg_data = self.pg_dir / "data"
        self.tls = self.dir / "tls"
        self.cert = self.tls / "cert.pem"
        self.media_root = self.dir / "media"
        self.private_root = self.dir / "private"
        self.config_file = self.dir / "stack.json"
        self.config = self._load_config(port_base)
        if env is not None:
            # Kept with the stack, so a later `stack.py start-app` uses it too.
            self.config["env"] = env

    # --- configuration -----------------------------------------------------

    def _load_config(self, port_base):
        if self.config_file.exists():
            return json.loads(self.config_file.read_text())
        base = port_base or int(os.environ.get("STACK_PORT_BASE", "8400"))
        return {
            "port_base": base,
            "secret_key": secrets.token_urlsafe(50),
            "db_password": secrets.token_urlsafe(24),
        }

    def _save_config(self):
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config_file.touch(mode=0o600)
        self.config_file.write_text(json.dumps(self.config, indent=2))

    def port(self, name):
        return self.config["port_base"] + OFFSETS[name]

    @property
    def url(self):
        return f"https://127.0.0.1:{self.port('https')}"

    def app_url(self, name):
        return f"http://127.0.0.1:{self.port(name)}"

    @property
    def database_url(self):
        password = self.config["db_password"]
        return f"postgres://gridwatch:{password}@127.0.0.1:{self.port('postgres')}/gridwatch"

    def env(self):
        """The environment every Django process of the stack runs with."""
        https = self.url
        stack_env = {
            "DEBUG": "False",
            "SECRET_KEY": self.config["secret_key"],
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "CSRF_TRUSTED_ORIGINS": f"{https},https://localhost:{self.port('https')}",
            "SITE_URL": https,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": f"redis://127.0.0.1:{self.port('redis')}/0",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "MEDIA_ROOT": str(self.media_root),
            "PRIVATE_MEDIA_ROOT": str(self.private_root),
            "LOG_FORMAT": "json",
            # nginx on this machine is the only proxy whose X-Forwarded-For counts.
            "TRUSTED_PROXY_COUNT": "1",
        }
        # Anything the caller exported or gave Stack(env=…) (rate limits for a
        # load run, an SMS sender…) passes through; the stack's wiring wins.
        inherited = {
            key: value
            for key, value in os.environ.items()
            if key not in TEST_ONLY_ENV and not key.startswith("PYTEST_")
        }
        return {**inherited, **self.config.get("env", {}), **stack_env}

    # --- helpers -----------------------------------------------------------

    def _pid_file(self, name):
        return self.run / f"{name}.pid"

    def pid(self, name):
        if name == "postgres":
            path = self.pg_data / "postmaster.pid"
        else:
            path = self._pid_file(name)
        try:
            return int(path.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def running(self, name):
        return alive(self.pid(name))

    def _as_postgres(self, command):
        return ["runuser", "-u", "postgres", "--", *command] if IS_ROOT else command

    def _spawn(self, name, command, env=None):
        """Start a long-running process in its own session, logging to logs/."""
        with open(self.logs / f"{name}.log", "ab") as log:
            process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=env or self.env(),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._pid_file(name).write_text(f"{process.pid}\n")
        return process.pid

    def manage(self, *args, capture=False, check=True):
        """Run manage.py against the stack."""
        return subprocess.run(
            [str(VENV_BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            check=check,
            text=True,
            capture_output=capture,
        )

    def get(self, url, headers=None, timeout=5):
        """(status, body) of a GET; the stack's own certificate is trusted."""
        context = None
        if url.startswith("https:"):
            context = ssl.create_default_context(cafile=str(self.cert))
        request = urllib.request.Request(url, headers=headers or {})
        # Loopback: never through a proxy from the environment.
        opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context)
        )
        try:
            with opener.open(request, timeout=timeout) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            return None, b""

    def app_get(self, name, path, headers=None):
        """GET straight from one app server, as nginx would send it."""
        headers = {"X-Forwarded-Proto": "https", **(headers or {})}
        return self.get(self.app_url(name) + path, headers)

    # --- PostgreSQL --------------------------------------------------------

    def _open_path_for(self, user_dir):
        """Let a service user reach user_dir: o+x on every parent directory."""
        for parent in [user_dir, *user_dir.parents]:
            if parent == Path("/"):
                break
            with contextlib.suppress(OSError):
                parent.chmod(parent.stat().st_mode | 0o001)

    def start_postgres(self):
        if self.running("postgres"):
            return
        self.pg_dir.mkdir(parents=True, exist_ok=True)
        log = self.logs / "postgres.log"
        log.touch()
        if IS_ROOT:
            self._open_path_for(self.pg_dir)
            shutil.chown(self.pg_dir, "postgres")
            shutil.chown(log, "postgres")
        if not (self.pg_data / "PG_VERSION").exists():
            password_file = self.pg_dir / "password"
            password_file.write_text(self.config["db_password"] + "\n")
            if IS_ROOT:
                shutil.chown(password_file, "postgres")
            try:
                subprocess.run(
                    self._as_postgres(
                        [
                            pg_bin("initdb"),
                            "-D", str(self.pg_data),
                            "-U", "gridwatch",
                            f"--pwfile={password_file}",
                            "--auth=scram-sha-256",
                            "--encoding=UTF8",
                            "--locale=C.UTF-8",
                        ]
                    ),
                    cwd="/tmp",
                    check=True,
                    stdout=subprocess.DEVNULL,
                )
            finally:
                password_file.unlink()
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port('postgres')} "
            f"-c unix_socket_directories={self.pg_dir} -c max_connections=100"
        )
        subprocess.run(
            self._as_postgres(
                [
                    pg_bin("pg_ctl"), "-D", str(self.pg_data), "-l", str(log),
                    "-o", options, "-w", "-t", "60", "start",
                ]
            ),
            cwd="/tmp",
            check=True,
            stdout=subprocess.DEVNULL,
        )
        self._create_database()

    def _create_database(self):
        import psycopg

        password = self.config["db_password"]
        dsn = f"postgresql://gridwatch:{password}@127.0.0.1:{self.port('postgres')}"
        with psycopg.connect(f"{dsn}/postgres", autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = 'gridwatch'"
            ).fetchone()
            if not exists:
                connection.execute("CREATE DATABASE gridwatch")

    def stop_postgres(self):
        if not self.running("postgres"):
            return
        subprocess.run(
            self._as_postgres(
                [pg_bin("pg_ctl"), "-D", str(self.pg_data), "-m", "fast", "-w", "stop"]
            ),
            cwd="/tmp",
            check=True,
            stdout=subprocess.DEVNULL,
        )

    # --- Redis -------------------------------------------------------------

    def start_redis(self):
        if self.running("redis"):
            return
        redis_dir = self.dir / "redis"
        redis_dir.mkdir(exist_ok=True)
        # Redis holds only what can be rebuilt (cache, rate-limit counters,
        # sessions): no snapshots, no append-only file.
        subprocess.run(
            [
                "redis-server",
                "--bind", "127.0.0.1",
                "--port", str(self.port("redis")),
                "--daemonize", "yes",
                "--pidfile", str(self._pid_file("redis")),
                "--logfile", str(self.logs / "redis.log"),
                "--dir", str(redis_dir),
                "--save", "",
                "--appendonly", "no",
                "--maxmemory", "256mb",
                "--maxmemory-policy", "allkeys-lru",
            ],
            check=True,
        )
        wait_for(lambda: self.running("redis"), 10, "Redis")
        wait_for(lambda: not port_free(self.port("redis")), 10, "Redis's port")

    # --- app servers and worker --------------------------------------------

    def start_app(self, name):
        if self.running(name):
            return
        self._spawn(
            name,
            [
                str(VENV_BIN / "gunicorn"),
                "--config", str(ROOT / "deploy" / "gunicorn.conf.py"),
                "--bind", f"127.0.0.1:{self.port(name)}",
                "--name", f"gridwatch-{name}",
            ],
        )
        self.wait_app(name)

    def wait_app(self, name, seconds=60):
        def ready():
            if not self.running(name):
                raise RuntimeError(f"{name} exited; see {self.logs / name}.log")
            return self.app_get(name, "/livez")[0] == 200

        wait_for(ready, seconds, f"app server {name}")

    def kill_app(self, name):
        """SIGKILL the app server's master and workers at once: a crash."""
        pid = self.pid(name)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
            wait_for(lambda: not alive(pid), 10, f"{name} to die")

    def start_worker(self):
        if self.running("worker"):
            return
        self._spawn(
            "worker",
            [str(VENV_BIN / "python"), "manage.py", "db_worker", "--queue-name", "*"],
        )

    # --- nginx -------------------------------------------------------------

    def _make_certificate(self):
        if self.cert.exists():
            return
        self.tls.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-days", "365", "-subj", "/CN=Grid Watch local stack",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
                "-keyout", str(self.tls / "key.pem"), "-out", str(self.cert),
            ],
            check=True,
            capture_output=True,
        )
        (self.tls / "key.pem").chmod(0o600)

    def _nginx_config(self):
        nginx_dir = self.dir / "nginx"
        nginx_dir.mkdir(exist_ok=True)
        values = {
            "USER_LINE": "user www-data;" if IS_ROOT else "",
            "RUN": self.run,
            "LOGS": self.logs,
            "NGINX": nginx_dir,
            "TLS": self.tls,
            "STATIC_ROOT": STATIC_ROOT,
            "MEDIA_ROOT": self.media_root,
            "HTTP_PORT": self.port("http"),
            "HTTPS_PORT": self.port("https"),
            "APP1_PORT": self.port("app1"),
            "APP2_PORT": self.port("app2"),
        }
        text = (ROOT / "deploy" / "nginx.conf").read_text()
        for key, value in values.items():
            text = text.replace(f"@@{key}@@", str(value))
        path = self.dir / "nginx.conf"
        path.write_text(text)
        if IS_ROOT:
            # nginx's workers (www-data) read static files and media and write
            # request bodies to their temporary directories.
            self._open_path_for(STATIC_ROOT)
            self._open_path_for(self.media_root)
            for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
                (nginx_dir / sub).mkdir(exist_ok=True)
                shutil.chown(nginx_dir / sub, "www-data")
        return path

    def start_nginx(self):
        if self.running("nginx"):
            return
        self._make_certificate()
        config = self._nginx_config()
        command = ["nginx", "-c", str(config), "-p", str(self.dir / "nginx")]
        subprocess.run([*command, "-t", "-q"], check=True)
        subprocess.run(command, check=True)
        wait_for(lambda: self.running("nginx"), 10, "nginx")
        wait_for(
            lambda: self.get(self.url + "/livez")[0] == 200, 30, "nginx → app servers"
        )

    def stop_nginx(self):
        pid = self.pid("nginx")
        if alive(pid):
            os.kill(pid, signal.SIGQUIT)
            wait_for(lambda: not alive(pid), 15, "nginx to stop")

    # --- the whole stack ---------------------------------------------------

    def _check_ports(self):
        owners = {"https": "nginx", "http": "nginx"}
        busy = [
            f"{name} 127.0.0.1:{self.port(name)}"
            for name in OFFSETS
            if not self.running(owners.get(name, name)) and not port_free(self.port(name))
        ]
        if busy:
            raise SystemExit(
                f"Port in use: {', '.join(busy)}. Another program (or another "
                "stack) has it; choose other ports with STACK_PORT_BASE=… or "
                "--port-base, in a new --dir."
            )

    def start(self, seed=False, admin=False, out=print):
        self._check_ports()
        for path in (self.logs, self.run, self.media_root, self.private_root):
            path.mkdir(parents=True, exist_ok=True)
        self._save_config()
        self._make_certificate()
        out(f"PostgreSQL on 127.0.0.1:{self.port('postgres')}")
        self.start_postgres()
        out(f"Redis on 127.0.0.1:{self.port('redis')}")
        self.start_redis()
        out("migrate, collectstatic" + (", seed_demo" if seed else ""))
        self.manage("migrate", "--no-input", "-v0")
        self.manage("collectstatic", "--no-input", "-v0")
        if seed:
            self.manage("seed_demo", capture=True)
        if admin:
            self.manage("ensure_admin")
        for name in APPS:
            out(f"gunicorn {name} on 127.0.0.1:{self.port(name)}")
            self.start_app(name)
        out("db_worker")
        self.start_worker()
        out(f"nginx on 127.0.0.1:{self.port('https')} (https), :{self.port('http')}")
        self.start_nginx()
        out(f"Grid Watch is up: {self.url}/  (logs in {self.logs})")

    def terminate(self, name):
        """Stop an app server or the worker gracefully (SIGTERM to its group)."""
        pid = self.pid(name)
        if alive(pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGTERM)
            wait_for(lambda: not alive(pid), 30, f"{name} to stop")

    def stop(self, out=print):
        self.stop_nginx()
        for name in ("worker", *APPS):
            self.terminate(name)
        pid = self.pid("redis")
        if alive(pid):
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not alive(pid), 15, "Redis to stop")
        self.stop_postgres()
        out("Grid Watch stack stopped.")

    def status(self):
        """{component: (pid or None, port or None)} for the running pieces."""
        ports = {"nginx": "https", "app1": "app1", "app2": "app2"}
        ports.update(postgres="postgres", redis="redis")
        result = {}
        for name in ("postgres", "redis", "app1", "app2", "worker", "nginx"):
            pid = self.pid(name)
            port = self.port(ports[name]) if name in ports else None
            result[name] = (pid if alive(pid) else None, port)
        return result

    def is_up(self):
        return all(pid for pid, _ in self.status().values())


@contextlib.contextmanager
def running(directory=DEFAULT_DIR, seed=True, port_base=None, env=None, out=print):
    """The stack in directory, started if needed and then stopped again.

    port_base and env apply when the directory holds no stack yet.
    """
    fresh = not (Path(directory) / "stack.json").exists()
    stack = Stack(directory, port_base, env if fresh else None)
    started = not stack.is_up()
    if started:
        stack.start(seed=seed, out=out)
    try:
        yield stack
    finally:
        if started:
            stack.stop(out=out)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dir", default=str(DEFAULT_DIR), help="default var/stack")
    parser.add_argument("--port-base", type=int, default=None)
    commands = parser.add_subparsers(dest="command", required=True)
    start = commands.add_parser("start", help="start (and migrate, collectstatic)")
    start.add_argument("--seed", action="store_true", help="load the demo data")
    commands.add_parser("serve", help="start with demo data until Ctrl-C")
    commands.add_parser("stop")
    commands.add_parser("status", help="exit status 0 only if all is running")
    commands.add_parser("env", help="shell exports for manage.py")
    manage = commands.add_parser("manage", help="manage.py against the stack")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    for name in ("kill-app", "start-app"):
        drill = commands.add_parser(name, help="fault drill (SIGKILL / restart)")
        drill.add_argument("number", type=int, choices=[1, 2])
    options = parser.parse_args(argv)
    stack = Stack(options.dir, options.port_base)

    if options.command == "start":
        stack.start(seed=options.seed)
    elif options.command == "serve":
        return serve(stack)
    elif options.command == "stop":
        stack.stop()
    elif options.command == "status":
        return print_status(stack)
    elif options.command == "env":
        for key, value in stack.env().items():
            if os.environ.get(key) != value:
                print(f"export {key}={shlex.quote(value)}")
    elif options.command == "manage":
        return stack.manage(*options.args, check=False).returncode
    elif options.command == "kill-app":
        stack.kill_app(f"app{options.number}")
    elif options.command == "start-app":
        stack.start_app(f"app{options.number}")
    return 0


def serve(stack):
    """`make serve`: start with demo data, keep running until Ctrl-C or SIGTERM."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        stack.start(seed=True, admin=True)
        print("Press Ctrl-C (or run `make serve-stop`) to stop.", flush=True)
        while stack.is_up():
            time.sleep(1)
        print("A part of the stack stopped; see `deploy/stack.py status`.")
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        stack.stop()


def print_status(stack):
    up = True
    for name, (pid, port) in stack.status().items():
        where = f"127.0.0.1:{port}" if port else ""
        state = f"running (pid {pid})" if pid else "stopped"
        up = up and bool(pid)
        print(f"{name:9} {state:22} {where}")
    if stack.running("nginx"):
        status, body = stack.get(stack.url + "/healthz")
        print(f"{stack.url}/healthz → {status} {body.decode(errors='replace')}")
    return 0 if up else 3


if __name__ == "__main__":
    sys.exit(main())
