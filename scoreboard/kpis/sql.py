"""SQL pieces the KPIs share: durations in hours and a median that works on both
databases.

PostgreSQL computes an exact median with ``percentile_cont(0.5)``. SQLite has no
percentile aggregate, so there the median comes from a histogram: one query
counts rows per (subject, whole minute), and the median is read off those
aggregated rows in Python (interpolating between the two middle values like
``percentile_cont``). Durations are therefore exact on PostgreSQL and rounded to
the minute on SQLite; the figures shown are rounded to 0.1 hour either way.
"""

from django.db import connection
from django.db.models import Aggregate, Count, F, FloatField, Func


class HoursBetween(Func):
    """``end - start`` in hours, NULL when either end is NULL."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start, **extra):
        super().__init__(
            F(end) if isinstance(end, str) else end,
            F(start) if isinstance(start, str) else start,
            **extra,
        )

    def as_sql(self, compiler, connection, **extra_context):
        template = "(EXTRACT(EPOCH FROM (%(expressions)s)) / 3600.0)"
        return super().as_sql(
            compiler, connection, template=template, arg_joiner=" - ", **extra_context
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "((julianday(%(expressions)s)) * 24.0)"
        return super().as_sql(
            compiler,
            connection,
            template=template,
            arg_joiner=") - julianday(",
            **extra_context,
        )


class Minutes(Func):
    """A duration in hours rounded to whole minutes (the SQLite histogram bucket)."""

    output_field = FloatField()
    template = "ROUND(%(expressions)s * 60.0)"


class Median(Aggregate):
    """PostgreSQL's exact median; SQLite uses :func:`histogram_medians` instead."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def exact_medians():
    return connection.vendor == "postgresql"


def median_of_histogram(buckets):
    """Median of ``[(value, count), ...]`` sorted by value, as percentile_cont does."""
    total = sum(count for _value, count in buckets)
    if not total:
        return None
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value, count in buckets:
        if low is None and low_rank < seen + count:
            low = value
        if high_rank < seen + count:
            high = value
            break
        seen += count
    return (low + high) / 2


def histogram_medians(queryset, subject, hours):
    """``{subject: median hours}`` from one grouped query (minutes as buckets)."""
    rows = (
        queryset.annotate(_subject=subject, _minutes=Minutes(hours))
        .filter(_minutes__isnull=False)
        .values("_subject", "_minutes")
        .annotate(_n=Count("pk"))
        .order_by("_subject", "_minutes")
    )
    buckets = {}
    for row in rows:
        buckets.setdefault(row["_subject"], []).append((row["_minutes"], row["_n"]))
    return {key: median_of_histogram(b) / 60.0 for key, b in buckets.items()}
