"""Every KPI and a ranking checked against figures worked out by hand.

The month is built in conftest.py (October 2026, read on 10 November). SLA of
the one category: accept within 2 h, resolve within 48 h.

Reports received in October (Beijing time):

    grid A  R1 05 Oct 09:00  accepted +1 h, resolved +24 h, closed, rated 5
            R2 10 Oct 09:00  accepted +3 h, resolved +72 h, resolved, rated 2
            R3 20 Oct 09:00  accepted +0.5 h, in progress (resolve deadline passed)
            R4 31 Oct 23:30  still submitted (both deadlines passed by 10 Nov)
            R5 15 Oct 09:00  rejected before acceptance
            (filed 30 Sep 23:50 and 1 Nov 00:10: outside October)
    grid B  R7 08 Oct 08:00  accepted +1 h, resolved +24 h, closed, rated 4
            R8 12 Oct 10:00  accepted +0.5 h, resolved, rated 1, reopened: in progress
    grid C  none

Grid A:
    received 5
    accepted within SLA: denominator R1 R2 R3 (accepted) + R4 (waiting, late) = 4;
        on time R1 (1 h), R3 (0.5 h) = 2 → 50 %
    median time to accept: 0.5, 1, 3 → 1 h
    median time to resolve: 24, 72 → 48 h
    on-time resolution: denominator R1 R2 (resolved) + R3 R4 (working, late) = 4;
        on time R1 (24 h ≤ 48 h) = 1 → 25 %
    closure rate: finished R1 R2 R5 = 3 of 5 → 60 %
    reopened rate: 0 of 3 ever finished → 0 %
    mean rating: (5 + 2) / 2 = 3.5;  rated share: 2 of 2 resolved → 100 %
Grid B:
    received 2;  accepted within SLA 2 of 2 → 100 %
    median to accept: 0.5, 1 → 0.75 h;  median to resolve: R7 24 h (R8's
        resolution was undone by the reopen) → 24 h
    on-time resolution: R7 (on time) + R8 (working, late) → 1 of 2 → 50 %
    closure: R7 → 1 of 2 → 50 %
    reopened: ever finished R7 + R8 = 2, reopened R8 → 50 %
    mean rating (4 + 1) / 2 = 2.5;  rated share: R7 (resolved) + R8 (rated) → 100 %
Station XH (= A + B) and the bureau (C adds nothing):
    received 7; within SLA 4 of 6 → 66.67 %; median accept of
    0.5 0.5 1 1 3 → 1 h; median resolve of 24 24 72 → 24 h; on time 2 of 6 →
    33.33 %; closure 4 of 7 → 57.14 %; reopened 1 of 5 → 20 %; mean rating
    (5 + 2 + 4 + 1) / 4 = 3; rated 4 of 4 → 100 %

Mediation, cases opened in October:
    grid A  M1 closed with agreement, M2 failed (court), M3 mediating with a
            deadline of 5 Nov (overdue on 10 Nov), M4 accepted (deadline 25 Nov),
            M5 withdrawn → 5 cases; success agreed 1 of settled 2 → 50 %;
            overdue 1; follow-ups visited in October: 20 Oct, 31 Oct → 2
    grid B  M6 agreement, at follow-up → 1 case, 1 of 1 → 100 %, overdue 0;
            its visit on 2 Nov is November's, the open one is not done → 0
    station XH: 6 cases, 2 of 3 → 66.67 %, overdue 1, follow-ups 2

Volunteers, service credited in October:
    grid A  3.0 h + 2.5 h (张志强) + 4.0 h (李红梅, 31 Oct 23:00) = 9.5 h;
            2 volunteers per 2,000 residents → 1.0 per 1,000
    grid B  1.5 h (李红梅); the 2.0 h of 1 Nov is November's → 1.5 h;
            1 per 1,000 residents → 1.0
    grid C  0 h; 0 volunteers of 500 residents → 0.0
    station XH: 11 h; 2 distinct volunteers of 3,000 residents → 0.67
    (the redeemed points are not service)

Patrols (finished, started in October) and patrol points:
    grid A  active points 文一路口, 小区南门, 菜市场 (旧仓库 inactive);
            5 Oct 20:00–22:00 (2 h) checks in 文一路口, 小区南门 (and the
            inactive one); 31 Oct 22:00–1 Nov 00:30 (2.5 h) checks in 文一路口,
            and 菜市场 only on 1 Nov; one still under way and one in September
            do not count → 4.5 h; points covered in October 2 of 3 → 66.67 %
    grid B  10 Oct 09:00–10:00 (1 h) at its one point → 1 h, 100 %
    grid C  no patrols, no points → 0 h, coverage none
    station XH: 5.5 h; 3 of 4 points → 75 %
"""

import pytest

from scoreboard.kpis import KPIS, compute
from scoreboard.kpis.registry import KPI

from .conftest import NOW, OCTOBER

pytestmark = pytest.mark.django_db

GRID_A = {
    "reports_received": 5,
    "accepted_within_sla": 50.0,
    "median_accept_hours": 1.0,
    "median_resolve_hours": 48.0,
    "on_time_resolution_rate": 25.0,
    "closure_rate": 60.0,
    "reopened_rate": 0.0,
    "mean_rating": 3.5,
    "rated_share": 100.0,
    "mediation_cases": 5,
    "mediation_success_rate": 50.0,
    "mediation_overdue": 1,
    "followups_done": 2,
    "patrol_hours": 4.5,
    "patrol_point_coverage": 66.67,
    "volunteer_hours": 9.5,
    "active_volunteers_per_1000": 1.0,
}
GRID_B = {
    "reports_received": 2,
    "accepted_within_sla": 100.0,
    "median_accept_hours": 0.75,
    "median_resolve_hours": 24.0,
    "on_time_resolution_rate": 50.0,
    "closure_rate": 50.0,
    "reopened_rate": 50.0,
    "mean_rating": 2.5,
    "rated_share": 100.0,
    "mediation_cases": 1,
    "mediation_success_rate": 100.0,
    "mediation_overdue": 0,
    "followups_done": 0,
    "patrol_hours": 1.0,
    "patrol_point_coverage": 100.0,
    "volunteer_hours": 1.5,
    "active_volunteers_per_1000": 1.0,
}
GRID_C = {
    "reports_received": 0,
    "accepted_within_sla": None,
    "median_accept_hours": None,
    "median_resolve_hours": None,
    "on_time_resolution_rate": None,
    "closure_rate": None,
    "reopened_rate": None,
    "mean_rating": None,
    "rated_share": None,
    "mediation_cases": 0,
    "mediation_success_rate": None,
    "mediation_overdue": 0,
    "followups_done": 0,
    "patrol_hours": 0.0,
    "patrol_point_coverage": None,
    "volunteer_hours": 0.0,
    "active_volunteers_per_1000": 0.0,
}
STATION_XH = {
    "reports_received": 7,
    "accepted_within_sla": 66.67,
    "median_accept_hours": 1.0,
    "median_resolve_hours": 24.0,
    "on_time_resolution_rate": 33.33,
    "closure_rate": 57.14,
    "reopened_rate": 20.0,
    "mean_rating": 3.0,
    "rated_share": 100.0,
    "mediation_cases": 6,
    "mediation_success_rate": 66.67,
    "mediation_overdue": 1,
    "followups_done": 2,
    "patrol_hours": 5.5,
    "patrol_point_coverage": 75.0,
    "volunteer_hours": 11.0,
    "active_volunteers_per_1000": 0.67,
}


def _by_id(figures):
    return {f.subject_id: f for f in figures}


def _check(values, expected):
    assert set(expected) <= set(values)
    for code, want in expected.items():
        got = values[code]
        if want is None:
            assert got is None, code
        else:
            assert got == pytest.approx(want, abs=0.01), code


def test_every_kpi_is_checked_by_hand():
    assert set(GRID_A) == set(KPIS)
    assert all(isinstance(kpi, KPI) for kpi in KPIS.values())


def test_grid_figures(month):
    figures = _by_id(compute("grid", OCTOBER, now=NOW))
    _check(figures[month["a"].pk].values, GRID_A)
    _check(figures[month["b"].pk].values, GRID_B)
    _check(figures[month["c"].pk].values, GRID_C)
    assert [f.name for f in compute("grid", OCTOBER, now=NOW)] == [
        "学院第一网格",
        "文一第一网格",
        "文一第二网格",
    ]


def test_station_community_and_bureau_figures(month):
    stations = _by_id(compute("station", OCTOBER, now=NOW))
    _check(stations[month["xh"].pk].values, STATION_XH)
    _check(stations[month["gs"].pk].values, GRID_C)
    communities = _by_id(compute("community", OCTOBER, now=NOW))
    _check(communities[month["wy"].pk].values, STATION_XH)
    (bureau,) = compute("bureau", OCTOBER, now=NOW)
    # Grid C adds 500 residents and nothing else: 2 volunteers per 3,500.
    _check(bureau.values, {**STATION_XH, "active_volunteers_per_1000": 0.57})


def test_officer_figures_follow_the_officer_in_post(month):
    officers = _by_id(compute("officer", OCTOBER, now=NOW))
    # 王建国 serves A and B; 赵敏 serves C; the former officer and the grid
    # worker are not subjects.
    assert set(officers) == {month["wang"].pk, month["zhao"].pk}
    _check(officers[month["wang"].pk].values, STATION_XH)
    _check(officers[month["zhao"].pk].values, GRID_C)


def test_compute_takes_the_same_queries_for_more_grids(
    month, django_assert_max_num_queries
):
    from tests.factories import GridFactory
    from tests.reports.factories import ReportFactory

    with django_assert_max_num_queries(12):
        compute("grid", OCTOBER, now=NOW)
    for n in range(5):
        grid = GridFactory(code=f"XH-1{n}", community=month["wy"])
        ReportFactory(grid=grid, created_at=OCTOBER.start)
    with django_assert_max_num_queries(12):
        compute("grid", OCTOBER, now=NOW)


# --- The ranking ----------------------------------------------------------------
#
# Scheme v1, normalised across subjects: accepted within SLA × 2, mean rating × 1
# (cap 4.5), median time to accept × 1 (cap 1 h: faster earns no more).
#
#   within SLA    A 50 → 0 points, B 100 → 100 points, C none
#   mean rating   A 3.5 → 100, B 2.5 → 0 (the cap changes neither)
#   median accept A 1.0 h and B 0.75 h are both capped to 1 h → equal → 100 each
#   score A = (2·0 + 100 + 100) / 4 = 50;  B = (2·100 + 0 + 100) / 4 = 75
#   C has no value for any KPI: no score, no rank.   Ranks: B 1, A 2.
#
# Scheme v2, against targets, all weights 1: within SLA target 80, rating 4,
# median accept 2 h (lower is better):
#   A: 50/80 → 62.5; 3.5/4 → 87.5; 1 h ≤ 2 h → 100; score 250/3 = 83.33
#   B: 100/80 → capped at 100; 2.5/4 → 62.5; 0.75 h → 100; score 262.5/3 = 87.5


def _scheme(normalisation, weights):
    from scoreboard.models import SchemeWeight, ScoringScheme
    from scoreboard.services import snapshot_version

    scheme = ScoringScheme.objects.create(
        name=f"网格月度考核-{normalisation}", normalisation=normalisation
    )
    for order, (kpi, weight, cap, target) in enumerate(weights):
        SchemeWeight.objects.create(
            scheme=scheme,
            kpi=kpi,
            weight=weight,
            cap=cap,
            target=target,
            sort_order=order,
        )
    return snapshot_version(scheme)


def _ranks(ranking):
    return {e.subject_id: (e.rank, e.score) for e in ranking.entries.all()}


def test_ranking_across_subjects(month):
    from scoreboard.services import compute_ranking

    version = _scheme(
        "range",
        [
            ("accepted_within_sla", 2, None, None),
            ("mean_rating", 1, 4.5, None),
            ("median_accept_hours", 1, 1.0, None),
        ],
    )
    ranking = compute_ranking(version, "grid", OCTOBER, now=NOW)
    a, b, c = month["a"].pk, month["b"].pk, month["c"].pk
    assert _ranks(ranking) == {b: (1, 75.0), a: (2, 50.0), c: (None, None)}
    entry_a = ranking.entries.get(subject_id=a)
    assert entry_a.points == {
        "accepted_within_sla": 0.0,
        "mean_rating": 100.0,
        "median_accept_hours": 100.0,
    }
    assert entry_a.values["closure_rate"] == 60.0  # the full snapshot is kept


def test_ranking_against_targets(month):
    from scoreboard.services import compute_ranking

    version = _scheme(
        "target",
        [
            ("accepted_within_sla", 1, None, 80),
            ("mean_rating", 1, None, 4),
            ("median_accept_hours", 1, None, 2),
        ],
    )
    ranking = compute_ranking(version, "grid", OCTOBER, now=NOW)
    ranks = _ranks(ranking)
    assert ranks[month["b"].pk] == (1, 87.5)
    assert ranks[month["a"].pk] == (2, 83.33)


def test_one_subjects_figures_equal_the_full_computation(month):
    from scoreboard.kpis import compute_one

    _check(compute_one("grid", OCTOBER, month["a"].pk, now=NOW), GRID_A)
    _check(compute_one("grid", OCTOBER, month["c"].pk, now=NOW), GRID_C)
    _check(compute_one("officer", OCTOBER, month["wang"].pk, now=NOW), STATION_XH)
    _check(compute_one("station", OCTOBER, month["xh"].pk, now=NOW), STATION_XH)
