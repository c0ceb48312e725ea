"""Case counts by category, source, outcome and month, for the admin report."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from .models import Case


def _labelled(rows, key, choices):
    labels = dict(choices)
    return [(labels.get(row[key], row[key]), row["n"]) for row in rows]


def case_statistics(cases):
    """Tables of (label, count) by category, source, outcome and month."""
    by_category = cases.values("category").annotate(n=Count("pk")).order_by("-n")
    by_source = cases.values("source").annotate(n=Count("pk")).order_by("-n")
    by_month = (
        cases.annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    outcomes = cases.aggregate(
        agreed=Count("pk", filter=Q(agreement__isnull=False)),
        failed=Count("pk", filter=~Q(referred_to="")),
        withdrawn=Count("pk", filter=Q(status=Case.Status.WITHDRAWN)),
        total=Count("pk"),
    )
    running = outcomes["total"] - outcomes["agreed"] - outcomes["failed"]
    running -= outcomes["withdrawn"]
    settled = outcomes["agreed"] + outcomes["failed"]
    return {
        "total": outcomes["total"],
        "by_category": _labelled(by_category, "category", Case.Category.choices),
        "by_source": _labelled(by_source, "source", Case.Source.choices),
        "by_outcome": [
            (_("Agreement reached"), outcomes["agreed"]),
            (_("Mediation failed"), outcomes["failed"]),
            (_("Withdrawn"), outcomes["withdrawn"]),
            (_("Still in progress"), running),
        ],
        "by_month": [(f"{row['month']:%Y-%m}", row["n"]) for row in by_month],
        "success_rate": round(100 * outcomes["agreed"] / settled) if settled else None,
    }
