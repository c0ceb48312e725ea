from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

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


@dataclass(frozen=True)
class KPI:
    code: str
    label: str
    unit: str
    definition: str
    higher_is_better: bool = True


KPIS = OrderedDict(
    (kpi.code, kpi)
    for kpi in [
        KPI("reports_received", _("Reports received"), _("reports"), ""),
        KPI("accepted_within_sla", _("Accepted within SLA"), "%", ""),
        KPI("median_accept_hours", _("Median time to accept"), _("hours"), "", False),
        KPI("median_resolve_hours", _("Median time to resolve"), _("hours"), "", False),
        KPI("on_time_resolution_rate", _("On-time resolution rate"), "%", ""),
        KPI("closure_rate", _("Closure rate"), "%", ""),
        KPI("reopened_rate", _("Reopened rate"), "%", "", False),
        KPI("mean_rating", _("Mean rating"), _("of 5"), ""),
        KPI("rated_share", _("Reporters who rated"), "%", ""),
        KPI("mediation_cases", _("Mediation cases"), _("cases"), ""),
        KPI("mediation_success_rate", _("Mediation success rate"), "%", ""),
        KPI("mediation_overdue", _("Overdue cases"), _("cases"), "", False),
        KPI("followups_done", _("Follow-ups done"), _("visits"), ""),
        KPI("patrol_hours", _("Patrol hours"), _("hours"), ""),
        KPI("patrol_point_coverage", _("Patrol point coverage"), "%", ""),
        KPI("volunteer_hours", _("Volunteers' verified hours"), _("hours"), ""),
        KPI(
            "active_volunteers_per_1000",
            _("Active volunteers per 1,000 residents"),
            _("per 1,000"),
            "",
        ),
    ]
)


def compute(level, period):
    """Every subject of ``level`` with every KPI's value over ``period``.

    Stub until the aggregations land: subjects are real, values are None.
    """
    from grids.models import Grid

    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    return [
        SubjectFigures(grid.pk, grid.name, {code: None for code in KPIS})
        for grid in Grid.objects.only("pk", "name")
    ]
