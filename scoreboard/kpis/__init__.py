"""Key performance indicators: one registry, computed by SQL aggregation.

``KPIS`` maps a code to a :class:`KPI`; ``compute(level, period)`` returns one
:class:`SubjectFigures` per subject (grid, officer, community, station or the
bureau) with every KPI's value for the period.
"""

from .registry import KPI, KPIS, LEVELS, SubjectFigures, compute, compute_one

__all__ = ["KPI", "KPIS", "LEVELS", "SubjectFigures", "compute", "compute_one"]
