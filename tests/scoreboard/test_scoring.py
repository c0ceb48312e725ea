"""The scoring formula's edge cases: ties, missing data, caps, equal values."""

from scoreboard import scoring
from scoreboard.kpis import SubjectFigures


def _figures(values):
    return [
        SubjectFigures(pk, f"网格{pk}", {"closure_rate": v})
        for pk, v in enumerate(values, start=1)
    ]


RULES = {
    "normalisation": "range",
    "period_kind": "month",
    "weights": [{"kpi": "closure_rate", "weight": 1.0, "cap": None, "target": None}],
}


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    scored = scoring.score(_figures([90, 80, 80, 70, None]), RULES)
    assert [(s.subject_id, s.rank) for s in scored] == [
        (1, 1),
        (2, 2),
        (3, 2),
        (4, 4),
        (5, None),
    ]
    assert [s.score for s in scored] == [100.0, 50.0, 50.0, 0.0, None]


def test_when_every_subject_has_the_same_value_all_get_full_points():
    scored = scoring.score(_figures([60, 60]), RULES)
    assert [s.score for s in scored] == [100.0, 100.0]
    assert [s.rank for s in scored] == [1, 1]


def test_a_cap_stops_more_from_scoring_more():
    rules = {**RULES, "weights": [{**RULES["weights"][0], "cap": 80}]}
    scored = scoring.score(_figures([100, 80, 40]), rules)
    assert [s.score for s in scored] == [100.0, 100.0, 0.0]


def test_lower_is_better_kpis_score_in_reverse():
    rules = {
        **RULES,
        "weights": [
            {"kpi": "median_accept_hours", "weight": 1.0, "cap": None, "target": None}
        ],
    }
    figures = [
        SubjectFigures(1, "快", {"median_accept_hours": 1.0}),
        SubjectFigures(2, "慢", {"median_accept_hours": 5.0}),
    ]
    assert [(s.name, s.score) for s in scoring.score(figures, rules)] == [
        ("快", 100.0),
        ("慢", 0.0),
    ]


def test_a_kpi_without_data_is_left_out_of_that_subjects_mean():
    rules = {
        **RULES,
        "weights": [
            {"kpi": "closure_rate", "weight": 3.0, "cap": None, "target": None},
            {"kpi": "mean_rating", "weight": 1.0, "cap": None, "target": None},
        ],
    }
    figures = [
        SubjectFigures(1, "甲", {"closure_rate": 100, "mean_rating": None}),
        SubjectFigures(2, "乙", {"closure_rate": 0, "mean_rating": 4}),
        SubjectFigures(3, "丙", {"closure_rate": 50, "mean_rating": 2}),
    ]
    # closure: 甲 100, 乙 0, 丙 50 points; rating: 乙 100, 丙 0, 甲 none.
    # 甲 = 100 (rating left out); 乙 = (0·3 + 100) / 4 = 25; 丙 = (50·3 + 0) / 4 = 37.5
    scores = {s.name: s.score for s in scoring.score(figures, rules)}
    assert scores == {"甲": 100.0, "乙": 25.0, "丙": 37.5}
