"""Marker layers of the command map, each one query with only the columns it shows.

Reports and cases are read with ``values()`` so no personal field (names, phones,
descriptions, addresses) is even loaded: a marker is a category, a status, an
age in days and a link to the staff page where access is checked again.
"""

from django.urls import reverse
from django.utils import timezone

from mediation.access import cases_visible_to
from mediation.models import Case
from reports.access import reports_visible_to
from reports.models import Report

# A cap per layer keeps the payload bounded; the answer says when it was reached.
MAX_MARKERS = 2000


def _capped(rows):
    rows = list(rows[: MAX_MARKERS + 1])
    return rows[:MAX_MARKERS], len(rows) > MAX_MARKERS


def _age_days(created_at, now):
    return max((now - created_at).days, 0)


def stations(station_queryset):
    rows = (
        station_queryset.exclude(latitude=None)
        .exclude(longitude=None)
        .values("code", "name", "latitude", "longitude")
    )
    return {
        "items": [
            {
                "code": row["code"],
                "name": row["name"],
                "lat": row["latitude"],
                "lng": row["longitude"],
            }
            for row in rows
        ],
        "truncated": False,
    }


def patrol_points(grids):
    from grids.models import PatrolPoint

    rows, truncated = _capped(
        PatrolPoint.objects.filter(grid__in=grids, is_active=True)
        .order_by("grid__code", "name")
        .values("pk", "name", "lat", "lng", "radius_m", "grid__code")
    )
    return {
        "items": [
            {
                "id": row["pk"],
                "name": row["name"],
                "grid": row["grid__code"],
                "lat": row["lat"],
                "lng": row["lng"],
                "radius_m": row["radius_m"],
            }
            for row in rows
        ],
        "truncated": truncated,
    }


def reports(user, grids, category=None, status=""):
    queryset = reports_visible_to(user).open().filter(grid__in=grids)
    if category:
        queryset = queryset.filter(category=category)
    if status:
        queryset = queryset.filter(status=status)
    rows, truncated = _capped(
        queryset.order_by("-created_at").values(
            "pk",
            "reference",
            "status",
            "created_at",
            "latitude",
            "longitude",
            "category__name",
            "grid__centroid_lat",
            "grid__centroid_lng",
        )
    )
    now = timezone.now()
    overdue = set(
        reports_visible_to(user)
        .overdue(now)
        .filter(pk__in=[row["pk"] for row in rows])
        .values_list("pk", flat=True)
    )
    labels = dict(Report.Status.choices)
    return {
        "items": [
            {
                "id": row["pk"],
                "reference": row["reference"],
                "category": row["category__name"],
                "status": row["status"],
                "status_label": str(labels.get(row["status"], row["status"])),
                "age_days": _age_days(row["created_at"], now),
                "overdue": row["pk"] in overdue,
                "lat": row["latitude"] or row["grid__centroid_lat"],
                "lng": row["longitude"] or row["grid__centroid_lng"],
                "url": reverse("report_inbox:edit", args=[row["pk"]]),
            }
            for row in rows
            if (row["latitude"] or row["grid__centroid_lat"]) is not None
        ],
        "truncated": truncated,
    }


def cases(user, grids):
    """Active cases at their grid's centre: a case has no point of its own."""
    rows, truncated = _capped(
        cases_visible_to(user)
        .active()
        .filter(grid__in=grids)
        .order_by("-created_at")
        .values(
            "pk",
            "reference",
            "category",
            "status",
            "risk",
            "created_at",
            "grid__centroid_lat",
            "grid__centroid_lng",
        )
    )
    now = timezone.now()
    categories = dict(Case.Category.choices)
    statuses = dict(Case.Status.choices)
    risks = dict(Case.Risk.choices)
    return {
        "items": [
            {
                "id": row["pk"],
                "reference": row["reference"],
                "category": str(categories.get(row["category"], row["category"])),
                "status": row["status"],
                "status_label": str(statuses.get(row["status"], row["status"])),
                "risk": row["risk"],
                "risk_label": str(risks.get(row["risk"], row["risk"])),
                "age_days": _age_days(row["created_at"], now),
                "lat": row["grid__centroid_lat"],
                "lng": row["grid__centroid_lng"],
                "url": reverse("mediation:case_detail", args=[row["pk"]]),
            }
            for row in rows
            if row["grid__centroid_lat"] is not None
        ],
        "truncated": truncated,
    }
