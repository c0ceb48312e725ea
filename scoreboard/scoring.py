"""The scoring formula (赋分), a pure function of KPI values and a scheme's rules.

For each KPI in the scheme, with weight *w*, optional cap *c* and target *t*:

1. **Cap.** A value better than the cap counts as the cap (higher-is-better
   KPIs: ``min(v, c)``; lower-is-better: ``max(v, c)``), so no subject wins a
   KPI by piling up far more than is useful.
2. **Normalise to 0–100 points**, direction aware:

   - *range* (default): across the subjects that have a value,
     ``100 × (v − worst) / (best − worst)``; when every subject has the same
     value, all get 100.
   - *target*: higher-is-better ``100 × min(v / t, 1)``; lower-is-better
     ``100`` when ``v ≤ t``, else ``100 × t / v``.

3. **Weighted mean.** ``score = Σ wₖ·pointsₖ / Σ wₖ`` over the KPIs the subject
   has a value for. A KPI with no value (no reports to rate, no cases to settle)
   is left out of that subject's mean and the other weights count for it: having
   nothing to measure is neither a penalty nor full marks. A subject with no
   value for any KPI gets no score and no rank ("no data").

4. **Rank** by score, highest first, on scores rounded to 0.01; equal scores
   share a rank and the next rank skips (1, 2, 2, 4).
"""

from dataclasses import dataclass

from .kpis import KPIS


@dataclass
class Scored:
    subject_id: int
    name: str
    values: dict
    points: dict
    score: float | None
    rank: int | None = None


def _capped(value, cap, higher_is_better):
    if cap is None:
        return value
    return min(value, cap) if higher_is_better else max(value, cap)


def _target_points(value, target, higher_is_better):
    if higher_is_better:
        return 100.0 * min(value / target, 1.0)
    if value <= target:
        return 100.0
    return 100.0 * target / value


def kpi_points(values, rule, normalisation):
    """{subject_id: points 0–100 or None} for one KPI across all subjects."""
    kpi = KPIS[rule["kpi"]]
    better = kpi.higher_is_better
    capped = {
        sid: None if v is None else _capped(float(v), rule.get("cap"), better)
        for sid, v in values.items()
    }
    present = [v for v in capped.values() if v is not None]
    if normalisation == "target" and rule.get("target"):
        target = float(rule["target"])
        return {
            sid: None if v is None else _target_points(v, target, better)
            for sid, v in capped.items()
        }
    if not present:
        return dict.fromkeys(capped)
    best, worst = (
        (max(present), min(present)) if better else (min(present), max(present))
    )
    if best == worst:
        return {sid: None if v is None else 100.0 for sid, v in capped.items()}
    return {
        sid: None if v is None else 100.0 * (v - worst) / (best - worst)
        for sid, v in capped.items()
    }


def score(figures, rules):
    """Score and rank ``figures`` (``kpis.SubjectFigures``) under ``rules``."""
    weights = [w for w in rules["weights"] if w["kpi"] in KPIS]
    per_kpi = {
        w["kpi"]: kpi_points(
            {f.subject_id: f.values.get(w["kpi"]) for f in figures},
            w,
            rules["normalisation"],
        )
        for w in weights
    }
    scored = []
    for f in figures:
        points, total, weight_sum = {}, 0.0, 0.0
        for w in weights:
            p = per_kpi[w["kpi"]][f.subject_id]
            points[w["kpi"]] = None if p is None else round(p, 2)
            if p is not None:
                total += w["weight"] * p
                weight_sum += w["weight"]
        value = round(total / weight_sum, 2) if weight_sum else None
        scored.append(Scored(f.subject_id, f.name, dict(f.values), points, value))
    return rank(scored)


def rank(scored):
    """Competition ranking (1, 2, 2, 4); unscored subjects last, without a rank."""
    ordered = sorted(
        scored, key=lambda s: (s.score is None, -(s.score or 0), s.name, s.subject_id)
    )
    previous, previous_rank = None, 0
    for position, item in enumerate(ordered, start=1):
        if item.score is None:
            continue
        if item.score != previous:
            previous, previous_rank = item.score, position
        item.rank = previous_rank
    return ordered
