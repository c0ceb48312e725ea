"""Who may see and work on which reports: the one place that answers it.

Built on grids.access: an officer sees the reports of the grids assigned to
them, a supervisor those of their station (including reports outside every grid
that landed in the station's inbox), a bureau admin everything. Seeing a report
also needs the role's `reports.view_report` permission.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from grids.access import grids_visible_to, sees_everything, supervised_station_ids

from .models import Report


def reports_visible_to(user):
    """A Report queryset of the reports this user may see in the back office."""
    if not user.is_authenticated or not user.has_perm("reports.view_report"):
        return Report.objects.none()
    if sees_everything(user):
        return Report.objects.all()
    grid_ids = grids_visible_to(user).values("pk")
    return Report.objects.filter(
        Q(grid_id__in=grid_ids)
        | Q(grid__isnull=True, station_id__in=supervised_station_ids(user))
    )


def get_report_for_user(user, pk):
    """The report, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(reports_visible_to(user), pk=pk)


def can_reopen(user):
    return user.has_perm("reports.reopen_report")


def can_export(user):
    return user.has_perm("reports.export_report")
