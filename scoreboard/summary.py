"""The public "grid service" summary (网格服务概况) on each grid page.

A handful of this month's figures for one grid, with no personal data: one
aggregate query per fact table used (reports and patrols), through the same
components and value functions as the staff KPIs, so the public and staff
figures always agree.
"""

from django.utils import timezone

from .kpis import KPIS
from .kpis.sources import SOURCES
from .periods import Period

PUBLIC_KPIS = [
    "reports_received",
    "closure_rate",
    "on_time_resolution_rate",
    "mean_rating",
    "patrol_hours",
]


def grid_summary(grid, period=None, now=None):
    """[(kpi, value)] for the public KPIs of one grid over ``period``."""
    period = period or Period.containing("month")
    now = now or timezone.now()
    needed = {KPIS[code].source for code in PUBLIC_KPIS}
    parts = {
        name: SOURCES[name]
        .rows(period)
        .filter(**{f"{SOURCES[name].path}_id": grid.pk})
        .aggregate(**SOURCES[name].components(now))
        for name in needed
    }
    return [(KPIS[code], KPIS[code].value(parts)) for code in PUBLIC_KPIS]
