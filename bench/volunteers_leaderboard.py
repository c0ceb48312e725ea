"""Leaderboards over 1,000,000 ledger entries on PostgreSQL.

Starts a throwaway PostgreSQL server (through tests/bin/pg_ctl, so it also works
as root), migrates, loads volunteers and --entries earned-points ledger rows spread
over two years, then times the portal's leaderboard queries
(volunteers.leaderboards) against a hand-written SQL aggregate over the same
rows, in the same run, and prints the ratio. The hand-written SQL is the floor:
the least work any "top 20 by points in a period" query can do without summary
tables. Exits with status 1 when a ratio exceeds --max-ratio (default 2).

With DATABASE_URL set to a PostgreSQL database, that database is used instead.

    .venv/bin/python bench/volunteers_leaderboard.py [--entries 1000000]
"""

import argparse
import os
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HAND_SQL = """
SELECT volunteer_id, SUM(amount) AS points
FROM volunteers_ledgerentry
WHERE kind = 'earn' {period} {team}
GROUP BY volunteer_id
ORDER BY points DESC, volunteer_id
LIMIT 20
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workdir):
    import psycopg
    from pytest_postgresql.executors.proc import PostgreSQLExecutor

    port = free_port()
    executor = PostgreSQLExecutor(
        executable=str(ROOT / "tests" / "bin" / "pg_ctl"),
        host="127.0.0.1",
        port=port,
        datadir=str(Path(workdir) / "data"),
        unixsocketdir=workdir,
        logfile=str(Path(workdir) / "pg.log"),
        startparams="-w",
        dbname="bench",
        postgres_options="-c fsync=off -c synchronous_commit=off -c shared_buffers=256MB",
    )
    os.environ.setdefault("PG_CTL_REAL", _real_pg_ctl())
    executor.start()
    executor.wait_for_postgres()
    with psycopg.connect(
        host="127.0.0.1", port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute("CREATE DATABASE bench")
    os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/bench"
    return executor


def _real_pg_ctl():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return str(found[-1]) if found else "pg_ctl"


def load(entries, volunteers, teams):
    from django.db import connection

    from tests.volunteers.factories import TeamFactory, VolunteerFactory
    from volunteers.models import Volunteer

    team_ids = [TeamFactory().pk for _ in range(teams)]
    first = VolunteerFactory()
    for _ in range(volunteers - 1):
        VolunteerFactory(community=first.community)
    ids = list(Volunteer.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO volunteers_ledgerentry
                (volunteer_id, kind, amount, balance_after, source_key, reason,
                 team_id, created_at)
            SELECT (%(ids)s)[1 + (g * 7919) %% %(n)s],
                   'earn',
                   1 + (g * 31) %% 50,
                   1 + (g * 31) %% 50,
                   'bench:' || g,
                   'bench',
                   (%(teams)s)[1 + g %% %(t)s],
                   now() - ((g * 104729) %% (730 * 86400)) * interval '1 second'
            FROM generate_series(1::bigint, %(entries)s) AS g
            """,
            {
                "ids": ids,
                "n": len(ids),
                "teams": team_ids,
                "t": len(team_ids),
                "entries": entries,
            },
        )
        cursor.execute("ANALYZE volunteers_ledgerentry")
    return team_ids


def median_ms(first, second, runs):
    """Median times of two functions, run alternately so load affects both alike."""
    first(), second()  # warm the cache: both sides are measured hot
    times = ([], [])
    for _ in range(runs):
        for fn, bucket in zip((first, second), times, strict=True):
            started = time.perf_counter()
            fn()
            bucket.append((time.perf_counter() - started) * 1000)
    return statistics.median(times[0]), statistics.median(times[1])


def hand_written(period, team_id):
    from django.db import connection

    from volunteers import leaderboards

    start = leaderboards.period_start(period)
    sql = HAND_SQL.format(
        period="AND created_at >= %(start)s" if start else "",
        team="AND team_id = %(team)s" if team_id else "",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"start": start, "team": team_id})
        return [tuple(row) for row in cursor.fetchall()]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--volunteers", type=int, default=2000)
    parser.add_argument("--teams", type=int, default=20)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args()

    executor = None
    workdir = tempfile.mkdtemp(prefix="gw-bench-")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        executor = start_server(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    try:
        import django

        django.setup()
        from django.conf import settings

        # Demo accounts need no strong password hashing; it would dominate loading.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        from django.core.management import call_command

        from volunteers import leaderboards
        from volunteers.models import Team

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        team_ids = load(args.entries, args.volunteers, args.teams)
        print(
            f"loaded {args.entries:,} ledger entries, {args.volunteers:,} volunteers, "
            f"{args.teams} teams in {time.perf_counter() - started:.1f} s"
        )
        team = Team.objects.get(pk=team_ids[0])
        worst = 0.0
        print(f"{'board':<22}{'portal ms':>11}{'hand SQL ms':>13}{'ratio':>8}")
        for period in ("month", "year", "all"):
            for label, board_team in (("overall", None), ("one team", team)):
                portal = leaderboards.volunteer_totals(period, team=board_team)
                hand = hand_written(period, board_team and board_team.pk)
                assert portal == hand, f"different answers for {period} {label}"
                ours, floor = median_ms(
                    lambda p=period, t=board_team: leaderboards.volunteer_totals(p, t),
                    lambda p=period, t=board_team: hand_written(p, t and t.pk),
                    args.runs,
                )
                ratio = ours / floor
                worst = max(worst, ratio)
                print(
                    f"{period + ' ' + label:<22}{ours:>11.1f}{floor:>13.1f}{ratio:>8.2f}"
                )
        print(f"worst ratio {worst:.2f} (limit {args.max_ratio})")
        return 0 if worst <= args.max_ratio else 1
    finally:
        if executor is not None:
            from django.db import connections

            connections.close_all()
            executor.stop()


if __name__ == "__main__":
    sys.exit(main())
