"""The staff KPI dashboard over 1,000,000 reports and 1,000,000 ledger entries.

Starts a throwaway PostgreSQL server (as bench/volunteers_leaderboard.py does),
migrates, and builds the data with SQL ``generate_series``: --grids grids in
--stations stations, --reports reports over the last year (accepted, resolved,
rated, some reopened), --entries ledger entries (nine in ten of them points
credited for a verified service log), and a few thousand mediation cases,
follow-ups, patrols and check-ins. Then, in the same run and on the same data,
it times

- ``scoreboard.kpis.compute`` (every KPI of every subject) and the dashboard
  page itself (the view through Django's test client, rendering included), and
- the floor: hand-written SQL aggregates computing the same components (one
  grouped query per fact table, PostgreSQL's ``percentile_cont`` for medians),

checks that both give the same figures, and prints the ratios. Exits with status
1 when the dashboard takes more than --max-ratio (default 2) times the floor.

With DATABASE_URL set to a PostgreSQL database, that database is used instead.
The loader and the floor also run on SQLite (a recursive CTE stands in for
generate_series, window functions for the median), which tests/bench uses to
keep this script working; timings there mean nothing.

    .venv/bin/python bench/scoreboard_dashboard.py [--reports 1000000 --entries 1000000]
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LEVEL_TIMINGS = [("grid", "month"), ("station", "month"), ("grid", "year")]


# --- SQL that differs between PostgreSQL and SQLite ----------------------------

SQL = {
    "postgresql": {
        "series": "SELECT n FROM generate_series(1::bigint, {count}) AS s(n)",
        "ago": "(CAST(%(now)s AS timestamptz) - ({seconds}) * INTERVAL '1 second')",
        "plus": "({at} + ({seconds}) * INTERVAL '1 second')",
        "hours": "(EXTRACT(EPOCH FROM ({end} - {start})) / 3600.0)",
    },
    "sqlite": {
        "series": (
            "WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s "
            "WHERE n < {count}) SELECT n FROM s"
        ),
        "ago": "datetime(%(now)s, '-' || ({seconds}) || ' seconds')",
        "plus": "datetime({at}, '+' || ({seconds}) || ' seconds')",
        "hours": "((julianday({end}) - julianday({start})) * 24.0)",
    },
}


def sql(name, **parts):
    from django.db import connection

    return SQL[connection.vendor][name].format(**parts)


def _now_param():
    """Now, as the database compares it (SQLite: UTC text, whole seconds)."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now().replace(microsecond=0)
    if connection.vendor == "sqlite":
        return now.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return now


# --- Loading ---------------------------------------------------------------------


def load(reports, entries, grids, stations, volunteers):
    """Places with Django, the big tables with one INSERT … SELECT each."""
    from django.db import connection

    from grids.models import Community, Grid, PatrolPoint, Station
    from reports.models import Category
    from tests.volunteers.factories import VolunteerFactory
    from volunteers.models import Volunteer

    station_rows = Station.objects.bulk_create(
        Station(code=f"BS{i:02d}", name=f"压测{i}派出所") for i in range(stations)
    )
    communities = Community.objects.bulk_create(
        Community(code=f"BC{i:02d}", name=f"压测{i}社区", station=s)
        for i, s in enumerate(station_rows)
    )
    Grid.objects.bulk_create(
        Grid(
            code=f"BG{i:04d}",
            name=f"压测第{i}网格",
            community=communities[i % stations],
            population=1000 + (i * 37) % 4000,
        )
        for i in range(grids)
    )
    grid_ids = list(Grid.objects.order_by("pk").values_list("pk", flat=True))
    PatrolPoint.objects.bulk_create(
        PatrolPoint(
            grid_id=g, name=f"必巡点{k}", lat=30.2, lng=120.1, token=f"b{g}-{k}"
        )
        for g in grid_ids
        for k in range(4)
    )
    category = Category.objects.create(
        code="bench", name="压测", hours_to_accept=2, hours_to_resolve=72
    )
    first = VolunteerFactory()
    for _ in range(volunteers - 1):
        VolunteerFactory(community=first.community)
    volunteer_ids = list(Volunteer.objects.order_by("pk").values_list("pk", flat=True))
    params = {
        "now": _now_param(),
        "grids": grid_ids,
        "ng": len(grid_ids),
        "vols": volunteer_ids,
        "nv": len(volunteer_ids),
        "category": category.pk,
    }
    _load_mediation_and_patrols(max(reports // 100, 50), grid_ids)
    with connection.cursor() as cursor:
        _load_reports(cursor, reports, params)
        _load_ledger(cursor, entries, params)
        if connection.vendor == "postgresql":
            for table in (
                "reports_report",
                "reports_reportupdate",
                "volunteers_servicelog",
                "volunteers_ledgerentry",
                "mediation_case",
                "grids_patrol",
                "grids_patrolcheckin",
            ):
                cursor.execute(f"ANALYZE {table}")
    return grid_ids


def _pick(array, count, n="n"):
    """The n-th element of an array parameter, spread evenly (1-based)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return f"(%({array})s)[1 + ({n} * 7919) %% %({count})s]"
    # SQLite has no arrays: the ids are consecutive, so offset from the first.
    return f"(%({array}_first)s + ({n} * 7919) %% %({count})s)"


def _arrays_for_sqlite(params):
    from django.db import connection

    if connection.vendor == "sqlite":
        params["grids_first"] = min(params["grids"])
        params["vols_first"] = min(params["vols"])
        assert params["grids"] == list(
            range(params["grids_first"], params["grids_first"] + params["ng"])
        )
        assert params["vols"] == list(
            range(params["vols_first"], params["vols_first"] + params["nv"])
        )


def _load_reports(cursor, count, params):
    """Reports over the last year, in whole minutes so medians are exact on both
    databases: 95 % accepted 10–300 min after filing, 70 % resolved within
    1–150 h, 60 % of those rated, 1 in 50 reopened after resolution."""
    _arrays_for_sqlite(params)
    created = sql("ago", seconds="60 * ((n * 104729) %% 525600)")
    accepted = sql("plus", at="c", seconds="60 * (10 + (n * 13) %% 290)")
    resolved = sql("plus", at="c", seconds="3600 * (1 + (n * 17) %% 150)")
    accept_due = sql("plus", at="c", seconds="7200")
    resolve_due = sql("plus", at="c", seconds="259200")
    cursor.execute(
        f"""
        INSERT INTO reports_report
            (token_hash, category_id, description, answers, public_description,
             is_public, address, grid_id, station_id, status, transferred_to,
             needs_review, supporters, reporter_name, reporter_phone,
             reporter_email, show_name_publicly, rating, rating_comment,
             created_at, updated_at, accept_due_at, reply_due_at, resolve_due_at,
             accepted_at, resolved_at, closed_at)
        SELECT 'bench' || n, %(category)s, '压测', '{{}}', '', FALSE, '', g.id,
               cm.station_id,
               CASE WHEN n %% 20 = 0 THEN 'submitted'
                    WHEN n %% 10 >= 7 THEN 'in_progress'
                    WHEN n %% 10 >= 4 THEN 'closed' ELSE 'resolved' END,
               '', FALSE, 1, '', '', '', FALSE,
               CASE WHEN n %% 20 <> 0 AND n %% 10 < 7 AND n %% 5 < 3
                    THEN 1 + n %% 5 END,
               '', c, c, {accept_due}, {accept_due}, {resolve_due},
               CASE WHEN n %% 20 <> 0 THEN {accepted} END,
               CASE WHEN n %% 20 <> 0 AND n %% 10 < 7 THEN {resolved} END,
               CASE WHEN n %% 20 <> 0 AND n %% 10 >= 4 AND n %% 10 < 7
                    THEN {resolved} END
        FROM (SELECT n, {_pick("grids", "ng")} AS grid_id, {created} AS c
              FROM ({sql("series", count=count)}) AS series) AS s
        JOIN grids_grid g ON g.id = s.grid_id
        JOIN grids_community cm ON cm.id = g.community_id
        """,
        params,
    )
    cursor.execute(
        """
        INSERT INTO reports_reportupdate
            (report_id, kind, created_at, from_status, to_status, public_reply,
             internal_note)
        SELECT id, 'status', updated_at, 'resolved', 'in_progress', '', ''
        FROM reports_report WHERE status = 'in_progress' AND id %% 3 = 0
        """,
        {},
    )


def _load_ledger(cursor, count, params):
    """Nine in ten entries credit a verified service log (its own log, 1–4 h);
    the rest are redemptions."""
    earned = count - count // 10
    when = sql("ago", seconds="60 * ((n * 7907) %% 525600)")
    ended = sql("plus", at="c", seconds="3600 * (1 + n %% 4)")
    cursor.execute(
        f"""
        INSERT INTO volunteers_servicelog
            (volunteer_id, source, grid_id, kind, description, place, started_at,
             ended_at, hours, photo, points_rule, points_value, status,
             needs_review, review_note, reject_reason, created_at)
        SELECT {_pick("vols", "nv")}, 'self', {_pick("grids", "ng")}, 'patrol',
               '压测', '压测', c, {ended}, 1 + n %% 4, '', 'per_hour', 10,
               'verified', FALSE, '', '', c
        FROM (SELECT n, {when} AS c FROM ({sql("series", count=earned)}) AS series) AS s
        """,
        params,
    )
    cursor.execute(
        f"""
        INSERT INTO volunteers_ledgerentry
            (volunteer_id, kind, amount, balance_after, source_key, reason,
             service_log_id, created_at)
        SELECT volunteer_id, 'earn', 10 * CAST(hours AS INTEGER),
               10 * CAST(hours AS INTEGER), 'log:' || id, description, id,
               {sql("plus", at="ended_at", seconds="3600")}
        FROM volunteers_servicelog
        """,
        {},
    )
    cursor.execute(
        f"""
        INSERT INTO volunteers_ledgerentry
            (volunteer_id, kind, amount, balance_after, source_key, reason,
             created_at)
        SELECT {_pick("vols", "nv")}, 'redeem', -10, 0, 'bench-redeem:' || n,
               '压测', {when}
        FROM ({sql("series", count=count - earned)}) AS series
        """,
        params,
    )


def _load_mediation_and_patrols(count, grid_ids):
    """Cases, follow-ups, patrols and check-ins: tens of thousands at most, so
    bulk_create (which also fills any column a later migration adds)."""
    from datetime import timedelta

    from django.utils import timezone

    from grids.models import Patrol, PatrolCheckin, PatrolPoint
    from mediation.models import Case, FollowUp
    from portal.models import User

    now = timezone.now().replace(second=0, microsecond=0)

    def ago(n):
        return now - timedelta(minutes=(n * 7901) % 525600)

    statuses = ["failed", "mediating", "follow_up", "accepted"]
    cases = Case.objects.bulk_create(
        Case(
            source="walk_in",
            category="neighbour",
            grid_id=grid_ids[(n * 7919) % len(grid_ids)],
            summary="压测",
            status=statuses[n % 4],
            deadline=ago(n).date() if n % 4 in (1, 3) else None,
            referred_to="court" if n % 4 == 0 else "",
            created_at=ago(n),
        )
        for n in range(1, count + 1)
    )
    FollowUp.objects.bulk_create(
        FollowUp(
            case=case, due_on=case.created_at.date(), visited_on=case.created_at.date()
        )
        for case in cases
        if case.status == "follow_up"
    )
    patroller = User.objects.order_by("pk").first()
    patrols = Patrol.objects.bulk_create(
        Patrol(
            grid_id=grid_ids[(n * 7919) % len(grid_ids)],
            patroller=patroller,
            kind="officer",
            started_at=ago(n),
            ended_at=ago(n) + timedelta(minutes=30 + n % 150),
            status="finished",
            points_total=4,
            points_covered=2,
        )
        for n in range(1, count + 1)
    )
    points = {}
    for point in PatrolPoint.objects.values("pk", "grid_id"):
        points.setdefault(point["grid_id"], []).append(point["pk"])
    PatrolCheckin.objects.bulk_create(
        PatrolCheckin(
            patrol=patrol,
            point_id=point,
            checked_at=patrol.started_at + timedelta(minutes=10),
            method="qr",
        )
        for patrol in patrols
        for point in points[patrol.grid_id][patrol.pk % 2 :: 2]
    )


# --- The floor: hand-written aggregates ----------------------------------------


def _subject(level, table, alias):
    """(join, subject column) for a fact table whose grid column is alias.grid_id."""
    if level == "grid":
        return "", f"{alias}.grid_id"
    if table == "reports":
        return "", f"{alias}.station_id"
    return (
        f"JOIN grids_grid sg ON sg.id = {alias}.grid_id "
        "JOIN grids_community sc ON sc.id = sg.community_id",
        "sc.station_id",
    )


def _median_sql(level, expr):
    """Per-subject median of expr over the period's reports."""
    from django.db import connection

    join, subject = _subject(level, "reports", "r")
    where = "r.created_at >= %(start)s AND r.created_at < %(end)s"
    if connection.vendor == "postgresql":
        return None
    return f"""
        SELECT s, AVG(v) FROM (
            SELECT {subject} AS s, v,
                   ROW_NUMBER() OVER (PARTITION BY {subject} ORDER BY v) AS rn,
                   COUNT(*) OVER (PARTITION BY {subject}) AS cnt
            FROM (SELECT r.*, ROUND({expr} * 60.0) / 60.0 AS v FROM reports_report r
                  WHERE {where}) AS r {join}
            WHERE v IS NOT NULL AND {subject} IS NOT NULL
        ) AS ranked
        WHERE rn IN ((cnt + 1) / 2, (cnt + 2) / 2)
        GROUP BY s
    """


def hand_written(level, period, now):
    """The same components as kpis.sources, by hand: {source: {subject: {...}}}."""
    from django.db import connection

    pg = connection.vendor == "postgresql"
    adapt = connection.ops.adapt_datetimefield_value
    p = {"start": adapt(period.start), "end": adapt(period.end), "now": adapt(now)}
    p["first"], p["last"] = period.first_day, period.last_day
    p["today"] = now.date() if pg else now.date().isoformat()
    accept_h = sql("hours", end="r.accepted_at", start="r.created_at")
    resolve_h = sql("hours", end="r.resolved_at", start="r.created_at")
    reopened = (
        "EXISTS (SELECT 1 FROM reports_reportupdate u WHERE u.report_id = r.id "
        "AND u.kind = 'status' AND u.to_status = 'in_progress' AND u.from_status IN "
        "('resolved', 'closed', 'rejected', 'duplicate', 'transferred'))"
    )
    finished = (
        "r.status IN ('resolved', 'closed', 'rejected', 'duplicate', 'transferred')"
    )
    medians = (
        f""", percentile_cont(0.5) WITHIN GROUP (ORDER BY {accept_h}),
              percentile_cont(0.5) WITHIN GROUP (ORDER BY {resolve_h})"""
        if pg
        else ""
    )
    out = {}
    join, subject = _subject(level, "reports", "r")
    rows = _fetch(
        f"""
        SELECT {subject},
          COUNT(*),
          COUNT(*) FILTER (WHERE r.accepted_at IS NOT NULL OR
                           (r.status = 'submitted' AND r.accept_due_at < %(now)s)),
          COUNT(*) FILTER (WHERE r.accepted_at <= r.accept_due_at),
          COUNT(*) FILTER (WHERE r.resolved_at IS NOT NULL OR
                           (r.status IN ('submitted', 'accepted', 'in_progress')
                            AND r.resolve_due_at < %(now)s)),
          COUNT(*) FILTER (WHERE r.resolved_at <= r.resolve_due_at),
          COUNT(*) FILTER (WHERE {finished}),
          COUNT(*) FILTER (WHERE {finished} OR {reopened}),
          COUNT(*) FILTER (WHERE {reopened}),
          COUNT(*) FILTER (WHERE r.rating IS NOT NULL),
          COUNT(*) FILTER (WHERE r.resolved_at IS NOT NULL OR r.rating IS NOT NULL),
          AVG(r.rating) {medians}
        FROM reports_report r {join}
        WHERE r.created_at >= %(start)s AND r.created_at < %(end)s
          AND {subject} IS NOT NULL
        GROUP BY {subject}
        """,
        p,
    )
    names = [
        "received",
        "accept_due",
        "accept_on_time",
        "resolve_due",
        "resolve_on_time",
        "finished",
        "ever_finished",
        "reopened",
        "rated",
        "rateable",
        "mean_rating",
    ]
    if pg:
        names += ["accept_hours", "resolve_hours"]
    out["reports"] = {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}
    if not pg:
        for name, expr in (("accept_hours", accept_h), ("resolve_hours", resolve_h)):
            for s, value in _fetch(_median_sql(level, expr), p):
                out["reports"][s][name] = value

    join, subject = _subject(level, "cases", "c")
    rows = _fetch(
        f"""
        SELECT {subject}, COUNT(*),
          COUNT(*) FILTER (WHERE a.id IS NOT NULL OR c.referred_to <> ''),
          COUNT(*) FILTER (WHERE a.id IS NOT NULL),
          COUNT(*) FILTER (WHERE c.status IN ('accepted', 'mediating')
                           AND c.deadline < %(today)s)
        FROM mediation_case c LEFT JOIN mediation_agreement a ON a.case_id = c.id
        {join}
        WHERE c.created_at >= %(start)s AND c.created_at < %(end)s
        GROUP BY {subject}
        """,
        p,
    )
    out["cases"] = {
        r[0]: dict(zip(["cases", "settled", "agreed", "overdue"], r[1:], strict=True))
        for r in rows
    }
    join, subject = _subject(level, "follow_ups", "fc")
    out["follow_ups"] = _grouped(
        f"""SELECT {subject}, COUNT(*) FROM mediation_followup f
            JOIN mediation_case fc ON fc.id = f.case_id {join}
            WHERE f.visited_on >= %(first)s AND f.visited_on <= %(last)s
            GROUP BY {subject}""",
        p,
        ["follow_ups"],
    )
    join, subject = _subject(level, "ledger", "sl")
    out["ledger"] = _grouped(
        f"""SELECT {subject}, SUM(sl.hours), COUNT(DISTINCT e.volunteer_id)
            FROM volunteers_ledgerentry e
            JOIN volunteers_servicelog sl ON sl.id = e.service_log_id {join}
            WHERE e.kind = 'earn' AND e.created_at >= %(start)s
              AND e.created_at < %(end)s AND {subject} IS NOT NULL
            GROUP BY {subject}""",
        p,
        ["volunteer_hours", "volunteers"],
    )
    grid_subject = "gg.id" if level == "grid" else "gc.station_id"
    out["population"] = _grouped(
        f"""SELECT {grid_subject}, SUM(gg.population) FROM grids_grid gg
            JOIN grids_community gc ON gc.id = gg.community_id GROUP BY {grid_subject}""",
        p,
        ["population"],
    )
    join, subject = _subject(level, "patrols", "pa")
    hours = sql("hours", end="pa.ended_at", start="pa.started_at")
    out["patrols"] = _grouped(
        f"""SELECT {subject}, COUNT(*), SUM({hours}) FROM grids_patrol pa {join}
            WHERE pa.status = 'finished' AND pa.started_at >= %(start)s
              AND pa.started_at < %(end)s
            GROUP BY {subject}""",
        p,
        ["patrols", "patrol_hours"],
    )
    join, subject = _subject(level, "points", "pp")
    out["points"] = _grouped(
        f"""SELECT {subject}, COUNT(*) FROM grids_patrolpoint pp {join}
            WHERE pp.is_active GROUP BY {subject}""",
        p,
        ["points"],
    )
    join, subject = _subject(level, "checkins", "cp")
    out["checkins"] = _grouped(
        f"""SELECT {subject}, COUNT(DISTINCT ci.point_id) FROM grids_patrolcheckin ci
            JOIN grids_patrolpoint cp ON cp.id = ci.point_id {join}
            WHERE cp.is_active AND ci.checked_at >= %(start)s
              AND ci.checked_at < %(end)s
            GROUP BY {subject}""",
        p,
        ["covered_points"],
    )
    return out


def _fetch(query, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def _grouped(query, params, names):
    return {r[0]: dict(zip(names, r[1:], strict=True)) for r in _fetch(query, params)}


def hand_figures(level, period, now):
    """The floor's figures: hand SQL, then each KPI's arithmetic per subject."""
    from scoreboard.kpis import KPIS
    from scoreboard.kpis.registry import _round
    from scoreboard.kpis.subjects import subjects_for

    aggregated = hand_written(level, period, now)
    figures = {}
    for subject_id, _name, _code in subjects_for(level, period).rows:
        parts = {
            source: rows.get(subject_id, {}) for source, rows in aggregated.items()
        }
        figures[subject_id] = {
            code: _round(kpi.value(parts)) for code, kpi in KPIS.items()
        }
    return figures


def portal_figures(level, period, now):
    from scoreboard.kpis import compute

    return {f.subject_id: f.values for f in compute(level, period, now=now)}


def same(portal, hand):
    """Equal figures (to 0.01: the hand SQL rounds nothing until the end)."""
    if portal.keys() != hand.keys():
        return False
    for subject, values in portal.items():
        for code, value in values.items():
            other = hand[subject][code]
            if (value is None) != (other is None):
                return False
            if value is not None and abs(float(value) - float(other)) > 0.011:
                return False
    return True


# --- Timing --------------------------------------------------------------------


def median_ms(functions, runs):
    """Median times of the functions, run in turn so load affects all alike."""
    for fn in functions:
        fn()  # warm: every side is measured hot
    times = [[] for _ in functions]
    for _ in range(runs):
        for fn, bucket in zip(functions, times, strict=True):
            started = time.perf_counter()
            fn()
            bucket.append((time.perf_counter() - started) * 1000)
    return [statistics.median(t) for t in times]


def dashboard_client():
    from django.test import Client

    from portal import roles
    from tests.conftest import with_totp
    from tests.factories import UserFactory

    client = Client()
    client.force_login(with_totp(UserFactory(groups=[roles.BUREAU_ADMIN])))
    return client


def measure(runs, out=print):
    """Time compute, the dashboard view and the floor; returns the worst ratio of
    the dashboard view to the floor. Raises AssertionError on different figures."""
    from django.urls import reverse
    from django.utils import timezone

    from scoreboard.periods import Period

    client = dashboard_client()
    url = reverse("scoreboard_dashboard")
    now = timezone.now()
    worst = 0.0
    out(
        f"{'level / period':<18}{'compute ms':>12}{'dashboard ms':>14}"
        f"{'hand SQL ms':>13}{'compute×':>10}{'dashboard×':>12}"
    )
    for level, kind in LEVEL_TIMINGS:
        # The current period minus one: a complete month or year of data.
        period = Period.containing(kind).previous()
        portal = portal_figures(level, period, now)
        hand = hand_figures(level, period, now)
        assert same(portal, hand), f"different figures for {level} {kind}"
        query = {"level": level, "kind": kind, "key": period.key}

        def view(query=query):
            response = client.get(url, query)
            assert response.status_code == 200
            return response

        compute_ms, view_ms, floor_ms = median_ms(
            [
                lambda level=level, period=period: portal_figures(level, period, now),
                view,
                lambda level=level, period=period: hand_figures(level, period, now),
            ],
            runs,
        )
        ratio = view_ms / floor_ms
        worst = max(worst, ratio)
        out(
            f"{level + ' ' + kind:<18}{compute_ms:>12.1f}{view_ms:>14.1f}"
            f"{floor_ms:>13.1f}{compute_ms / floor_ms:>10.2f}{ratio:>12.2f}"
        )
    return worst


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=1_000_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--grids", type=int, default=300)
    parser.add_argument("--stations", type=int, default=12)
    parser.add_argument("--volunteers", type=int, default=500)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args(argv)

    from bench.volunteers_leaderboard import start_server

    executor = None
    workdir = tempfile.mkdtemp(prefix="gw-bench-")
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        executor = start_server(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    try:
        import django

        django.setup()
        from django.conf import settings

        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        settings.ALLOWED_HOSTS = ["*"]
        from django.core.management import call_command

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        load(args.reports, args.entries, args.grids, args.stations, args.volunteers)
        print(
            f"loaded {args.reports:,} reports, {args.entries:,} ledger entries, "
            f"{args.grids} grids in {time.perf_counter() - started:.1f} s"
        )
        worst = measure(args.runs)
        print(f"worst dashboard ratio {worst:.2f} (limit {args.max_ratio})")
        return 0 if worst <= args.max_ratio else 1
    finally:
        if executor is not None:
            from django.db import connections

            connections.close_all()
            executor.stop()


if __name__ == "__main__":
    sys.exit(main())
