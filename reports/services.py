"""Operations on reports that touch several rows: filing, routing, SLA sweeps."""

import math
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grids.locate import locate, nearest_grids
from grids.models import Assignment, Person, Station

from .models import InvalidTransition, Report, ReportPhoto, ReportUpdate

DUPLICATE_RADIUS_M = 100
DUPLICATE_DAYS = 14
AUTO_CLOSE_DAYS = 7


def distance_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(min(1.0, a)))


def route(latitude=None, longitude=None, grid=None):
    """(grid, station) for a report: the chosen or containing grid, else the
    nearest grid's station with no grid. Returns (None, None) if nothing fits."""
    if grid is None and latitude is not None and longitude is not None:
        grid = locate(latitude, longitude)
        if grid is None:
            nearest = nearest_grids(latitude, longitude, count=1)
            if nearest:
                return None, nearest[0][0].community.station
            return None, Station.objects.order_by("pk").first()
    if grid is None:
        return None, None
    return grid, grid.community.station


def community_officer(grid):
    """The user account of the grid's current community officer, if any."""
    if grid is None:
        return None
    assignment = (
        Assignment.objects.current()
        .filter(grid=grid, role=Person.Role.COMMUNITY_OFFICER)
        .exclude(person__user=None)
        .select_related("person__user")
        .order_by("start_date", "pk")
        .first()
    )
    return assignment.person.user if assignment else None


def submit_report(*, category, description, grid, station, photos=(), **fields):
    """File a report with its photos and first timeline entry.

    ``photos`` are cleaned files (portal.uploads.clean_image); ``fields`` are
    further Report fields (coordinates, address, reporter details, answers).
    Returns (report, tracking token); the token is not stored, only its hash.
    """
    report = Report(
        category=category,
        description=description,
        grid=grid,
        station=station,
        assigned_to=community_officer(grid),
        **fields,
    )
    token = report.issue_token()
    with transaction.atomic():
        report.save()
        for photo in photos:
            ReportPhoto.objects.create(report=report, image=photo)
        ReportUpdate.objects.create(
            report=report,
            kind=ReportUpdate.Kind.STATUS,
            author=report.reporter,
            to_status=Report.Status.SUBMITTED,
        )
        from . import tasks

        transaction.on_commit(lambda: tasks.notify_new_report.enqueue(report.pk))
    return report, token


def escalate_to_mediation(report, by, public_reply="", internal_note=""):
    """Open a mediation case for the report and mark the report handed over.

    Needs a report in a grid (cases belong to grids); the caller holds the row
    lock. Returns the timeline entry.
    """
    from mediation.services import open_case_from_report

    if report.grid_id is None:
        raise InvalidTransition(
            _("Only reports inside a grid can be handed to mediation."),
            code="no_grid",
        )
    if report.status not in (Report.Status.ACCEPTED, Report.Status.IN_PROGRESS):
        raise InvalidTransition(
            _("Accept the report before handing it to mediation."),
            code="invalid_transition",
        )
    with transaction.atomic():
        case = open_case_from_report(
            reference=report.reference,
            grid=report.grid,
            summary=f"{report.category.name}: {report.description}",
            opened_by=by,
        )
        return report.escalate(
            by, case, public_reply=public_reply, internal_note=internal_note
        )


def find_duplicates(category, latitude, longitude, now=None, limit=5):
    """Open reports of the category within ~100 m from the last 14 days."""
    if latitude is None or longitude is None:
        return []
    now = now or timezone.now()
    lat_span = DUPLICATE_RADIUS_M / 111_000
    lng_span = lat_span / max(0.1, math.cos(math.radians(latitude)))
    candidates = (
        Report.objects.open()
        .filter(
            category=category,
            created_at__gte=now - timedelta(days=DUPLICATE_DAYS),
            latitude__range=(latitude - lat_span, latitude + lat_span),
            longitude__range=(longitude - lng_span, longitude + lng_span),
        )
        .select_related("category")
        .order_by("-created_at")[:50]
    )
    found = []
    for report in candidates:
        metres = distance_m(latitude, longitude, report.latitude, report.longitude)
        if metres <= DUPLICATE_RADIUS_M:
            report.distance_m = metres
            found.append(report)
    return sorted(found, key=lambda r: r.distance_m)[:limit]


def close_stale_resolved(now=None):
    """Close reports resolved 7+ days ago that nobody rated; returns the count."""
    now = now or timezone.now()
    stale = Report.objects.filter(
        status=Report.Status.RESOLVED,
        needs_review=False,
        resolved_at__lt=now - timedelta(days=AUTO_CLOSE_DAYS),
    )
    closed = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            report = Report.objects.select_for_update().get(pk=pk)
            if report.status == Report.Status.RESOLVED and not report.needs_review:
                report.close(
                    None, internal_note=_("Closed automatically after 7 days.")
                )
                closed += 1
    return closed


def flag_overdue(now=None):
    """Mark newly overdue reports and tell their station supervisors once each."""
    from . import tasks

    now = now or timezone.now()
    pending = Report.objects.overdue(now).filter(overdue_notified_at=None)
    pks = list(pending.values_list("pk", flat=True))
    Report.objects.filter(pk__in=pks).update(overdue_notified_at=now)
    for pk in pks:
        tasks.notify_overdue.enqueue(pk)
    return len(pks)
