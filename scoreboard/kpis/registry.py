from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .sources import SOURCES, CaseSource, ReportSource
from .subjects import subjects_for

LEVELS = OrderedDict(
    [
        ("grid", _("Grid")),
        ("officer", _("Community officer")),
        ("community", _("Community")),
        ("station", _("Station")),
        ("bureau", _("Bureau")),
    ]
)


@dataclass
class SubjectFigures:
    subject_id: int
    name: str
    values: dict = field(default_factory=dict)


def _share(part, whole):
    return None if not whole else 100.0 * (part or 0) / whole


@dataclass(frozen=True)
class KPI:
    """One indicator.

    ``value(parts)`` turns one subject's aggregated components (``parts[source]``
    is the dict of that source's aggregates, empty when the subject had no rows)
    into the figure; ``rows(period, now)`` is the queryset behind the figure
    before it is narrowed to a subject (``source`` says which fact table).
    """

    code: str
    label: str
    unit: str
    definition: str
    source: str
    value: object
    rows_q: object = None  # callable(now) -> Q narrowing the source's rows
    higher_is_better: bool = True

    def rows(self, period, now=None):
        rows = SOURCES[self.source].rows(period)
        if self.rows_q is not None:
            rows = rows.filter(self.rows_q(now or timezone.now()))
        return rows


def _report(name):
    return lambda now: ReportSource.q(name, now)


def _case(name):
    return lambda now: CaseSource.q(name, now)


def _get(source, name):
    return lambda parts: parts[source].get(name)


def _count(source, name):
    return lambda parts: parts[source].get(name) or 0


def _rate(source, part, whole):
    return lambda parts: _share(parts[source].get(part), parts[source].get(whole))


def _per_thousand(parts):
    population = parts["population"].get("population")
    volunteers = parts["ledger"].get("volunteers") or 0
    return None if not population else 1000.0 * volunteers / population


def _coverage(parts):
    return _share(
        parts["checkins"].get("covered_points"), parts["points"].get("points")
    )


def _hours(source, name):
    return lambda parts: float(parts[source].get(name) or 0)


KPIS = OrderedDict(
    (kpi.code, kpi)
    for kpi in [
        KPI(
            "reports_received",
            _("Reports received"),
            pgettext_lazy("unit", "reports"),
            _("Reports residents filed in the period for the subject's grids."),
            "reports",
            _count("reports", "received"),
        ),
        KPI(
            "accepted_within_sla",
            _("Accepted within SLA"),
            "%",
            _(
                "Of the reports received in the period that have been accepted, or "
                "are still waiting past their accept deadline, the share accepted "
                "by the deadline set by the category. Reports rejected, merged or "
                "transferred before acceptance are left out."
            ),
            "reports",
            _rate("reports", "accept_on_time", "accept_due"),
            _report("accept_due"),
        ),
        KPI(
            "median_accept_hours",
            _("Median time to accept"),
            pgettext_lazy("unit", "hours"),
            _(
                "The median time from submission to acceptance of the reports "
                "received in the period that have been accepted."
            ),
            "reports",
            _get("reports", "accept_hours"),
            _report("accepted"),
            higher_is_better=False,
        ),
        KPI(
            "median_resolve_hours",
            _("Median time to resolve"),
            pgettext_lazy("unit", "hours"),
            _(
                "The median time from submission to resolution of the reports "
                "received in the period that have been resolved."
            ),
            "reports",
            _get("reports", "resolve_hours"),
            _report("resolved"),
            higher_is_better=False,
        ),
        KPI(
            "on_time_resolution_rate",
            _("On-time resolution rate"),
            "%",
            _(
                "Of the reports received in the period that have been resolved, or "
                "are still being worked on past their resolve deadline, the share "
                "resolved by the deadline."
            ),
            "reports",
            _rate("reports", "resolve_on_time", "resolve_due"),
            _report("resolve_due"),
        ),
        KPI(
            "closure_rate",
            _("Closure rate"),
            "%",
            _(
                "The share of the reports received in the period that are finished "
                "now: resolved, closed, rejected, merged as duplicates or "
                "transferred to another agency."
            ),
            "reports",
            _rate("reports", "finished", "received"),
        ),
        KPI(
            "reopened_rate",
            _("Reopened rate"),
            "%",
            _(
                "Of the reports received in the period that were finished at some "
                "point, the share reopened afterwards (by a supervisor or after an "
                "unhappy rating)."
            ),
            "reports",
            _rate("reports", "reopened", "ever_finished"),
            _report("ever_finished"),
            higher_is_better=False,
        ),
        KPI(
            "mean_rating",
            _("Mean rating"),
            _("of 5"),
            _(
                "The mean of the residents' ratings (1–5 stars) of the reports "
                "received in the period."
            ),
            "reports",
            _get("reports", "mean_rating"),
            _report("rated"),
        ),
        KPI(
            "rated_share",
            _("Reporters who rated"),
            "%",
            _(
                "Of the reports received in the period that were resolved, the "
                "share the reporter rated."
            ),
            "reports",
            _rate("reports", "rated", "rateable"),
            _report("rateable"),
        ),
        KPI(
            "mediation_cases",
            _("Mediation cases"),
            pgettext_lazy("unit", "cases"),
            _("Mediation cases opened in the period in the subject's grids."),
            "cases",
            _count("cases", "cases"),
        ),
        KPI(
            "mediation_success_rate",
            _("Mediation success rate"),
            "%",
            _(
                "Of the cases opened in the period whose mediation has ended "
                "(agreement reached or mediation failed), the share that reached "
                "an agreement. Withdrawn and running cases are left out."
            ),
            "cases",
            _rate("cases", "agreed", "settled"),
            _case("settled"),
        ),
        KPI(
            "mediation_overdue",
            _("Overdue cases"),
            pgettext_lazy("unit", "cases"),
            _(
                "Cases opened in the period that are still being mediated past "
                "their deadline today."
            ),
            "cases",
            _count("cases", "overdue"),
            _case("overdue"),
            higher_is_better=False,
        ),
        KPI(
            "followups_done",
            _("Follow-ups done"),
            pgettext_lazy("unit", "visits"),
            _("Follow-up visits to parties made in the period."),
            "follow_ups",
            _count("follow_ups", "follow_ups"),
        ),
        KPI(
            "patrol_hours",
            _("Patrol hours"),
            pgettext_lazy("unit", "hours"),
            _(
                "The hours of patrols started in the period and finished, by officers, "
                "auxiliary officers and volunteer teams."
            ),
            "patrols",
            _hours("patrols", "patrol_hours"),
        ),
        KPI(
            "patrol_point_coverage",
            _("Patrol point coverage"),
            "%",
            _(
                "The share of the active patrol points (必巡点) checked in at least "
                "once in the period."
            ),
            "checkins",
            _coverage,
        ),
        KPI(
            "volunteer_hours",
            _("Volunteers' verified hours"),
            pgettext_lazy("unit", "hours"),
            _(
                "Hours of volunteer service in the subject's grids verified and "
                "credited with points in the period."
            ),
            "ledger",
            _hours("ledger", "volunteer_hours"),
        ),
        KPI(
            "active_volunteers_per_1000",
            _("Active volunteers per 1,000 residents"),
            _("per 1,000"),
            _(
                "Volunteers with verified service in the subject's grids in the "
                "period, per 1,000 residents of those grids."
            ),
            "ledger",
            _per_thousand,
        ),
    ]
)


def compute(level, period, now=None):
    """Every subject of ``level`` with every KPI's value over ``period``.

    One grouped query per source (plus one per median on SQLite), whatever the
    number of subjects. Counts are 0 for a subject without rows; rates, means
    and medians are None when there is nothing to divide by.
    """
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    now = now or timezone.now()
    subjects = subjects_for(level, period)
    aggregated = {
        name: source.aggregate(subjects, period, now)
        for name, source in SOURCES.items()
    }
    figures = []
    for subject_id, name, _code in subjects.rows:
        parts = {
            source: rows.get(subject_id, {}) for source, rows in aggregated.items()
        }
        values = {code: _round(kpi.value(parts)) for code, kpi in KPIS.items()}
        figures.append(SubjectFigures(subject_id, name, values))
    return figures


def compute_one(level, period, subject_id, now=None):
    """One subject's values: the same queries narrowed to its rows (cheap)."""
    now = now or timezone.now()
    subjects = subjects_for(level, period)
    parts = {
        name: source.aggregate(subjects, period, now, subject_id=subject_id).get(
            subject_id, {}
        )
        for name, source in SOURCES.items()
    }
    return {code: _round(kpi.value(parts)) for code, kpi in KPIS.items()}


def _round(value):
    return None if value is None else round(float(value), 2)
