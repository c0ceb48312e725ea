"""Chart data: twelve months of trends and the period's reports by category.

Each series is one aggregate query grouped by local month (Asia/Shanghai), so
the number of queries does not grow with the data.
"""

from django.db.models import Avg, Count, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.access import reports_visible_to
from volunteers.models import ServiceLog

from ..periods import Period

MONTHS = 12


def last_months(period):
    """The twelve months up to and including the one the period ends in."""
    month = Period.containing("month", period.last_day)
    months = [month]
    for _index in range(MONTHS - 1):
        months.insert(0, months[0].previous())
    return months


def _by_month(queryset, field, aggregate):
    rows = (
        queryset.annotate(month=TruncMonth(field))
        .values("month")
        .annotate(value=aggregate)
        .order_by("month")
    )
    return {
        timezone.localtime(row["month"]).strftime("%Y-%m")
        if timezone.is_aware(row["month"])
        else row["month"].strftime("%Y-%m"): row["value"]
        for row in rows
    }


def _series(values, months, digits=None, missing=0):
    """One value per month; ``missing`` for a month without rows (0 for counts
    and hours, None for a mean: no ratings is no data, not a zero)."""
    out = []
    for month in months:
        value = values.get(month.key, missing)
        if value is not None and digits is not None:
            value = round(float(value), digits)
        out.append(value)
    return out


def trends(user, grids, period):
    months = last_months(period)
    start, end = months[0].start, months[-1].end
    reports = reports_visible_to(user).filter(grid__in=grids)
    received = _by_month(
        reports.filter(created_at__gte=start, created_at__lt=end),
        "created_at",
        Count("pk"),
    )
    closed = _by_month(
        reports.filter(closed_at__gte=start, closed_at__lt=end),
        "closed_at",
        Count("pk"),
    )
    rating = _by_month(
        reports.filter(rated_at__gte=start, rated_at__lt=end, rating__isnull=False),
        "rated_at",
        Avg("rating"),
    )
    hours = _by_month(
        ServiceLog.objects.verified().filter(
            grid__in=grids, started_at__gte=start, started_at__lt=end
        ),
        "started_at",
        Sum("hours"),
    )
    return {
        "labels": [month.key for month in months],
        "series": [
            {
                "key": "received",
                "label": str(_("Reports received")),
                "axis": "count",
                "data": _series(received, months),
            },
            {
                "key": "closed",
                "label": str(_("Reports closed")),
                "axis": "count",
                "data": _series(closed, months),
            },
            {
                "key": "rating",
                "label": str(_("Mean satisfaction (of 5)")),
                "axis": "rating",
                "data": _series(rating, months, 2, missing=None),
            },
            {
                "key": "volunteer_hours",
                "label": str(_("Volunteers' verified hours")),
                "axis": "hours",
                "data": _series(hours, months, 1),
            },
        ],
    }


def categories(user, grids, period):
    rows = (
        reports_visible_to(user)
        .filter(grid__in=grids, created_at__gte=period.start, created_at__lt=period.end)
        .values("category__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "category__name")
    )
    return {
        "labels": [row["category__name"] for row in rows],
        "data": [row["count"] for row in rows],
    }
