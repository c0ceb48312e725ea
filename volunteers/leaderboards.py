"""Leaderboards: earned points (verified service only) summed per volunteer or team.

Each board is one aggregate over the ledger (served by the covering indexes on
LedgerEntry) plus one query for the names of the rows shown.
"""

from django.db.models import Sum
from django.utils import timezone

from portal.masking import mask_name

from .models import LedgerEntry, Team, Volunteer

BOARD_SIZE = 20


def period_start(period, now=None):
    now = timezone.localtime(now)
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "month":
        return midnight.replace(day=1)
    if period == "year":
        return midnight.replace(month=1, day=1)
    return None


def earned(period, team=None):
    entries = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EARN)
    start = period_start(period)
    if start is not None:
        entries = entries.filter(created_at__gte=start)
    if team is not None:
        entries = entries.filter(team=team)
    return entries


def volunteer_totals(period, team=None, size=BOARD_SIZE):
    """[(volunteer_id, points)] best first: the query the bench times."""
    return list(
        earned(period, team)
        .values_list("volunteer")
        .annotate(points=Sum("amount"))
        .order_by("-points", "volunteer")[:size]
    )


def volunteer_board(period, team=None, size=BOARD_SIZE):
    rows = volunteer_totals(period, team, size)
    names = dict(
        Volunteer.objects.filter(pk__in=[pk for pk, _ in rows]).values_list(
            "pk", "real_name"
        )
    )
    return [
        {"rank": rank, "name": mask_name(names.get(pk, "")), "points": points}
        for rank, (pk, points) in enumerate(rows, start=1)
    ]


def team_board(period, size=BOARD_SIZE):
    rows = list(
        earned(period)
        .filter(team__isnull=False)
        .values_list("team")
        .annotate(points=Sum("amount"))
        .order_by("-points", "team")[:size]
    )
    teams = Team.objects.in_bulk([pk for pk, _ in rows])
    return [
        {"rank": rank, "team": teams[pk], "points": points}
        for rank, (pk, points) in enumerate(rows, start=1)
        if pk in teams
    ]
