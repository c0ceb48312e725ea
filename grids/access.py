"""Which grids and stations a user may work on: the one place that answers it.

- Bureau admins (and superusers) see everything.
- Station supervisors see every grid of their station (``Person.station``).
- Everyone else on staff sees the grids they are currently assigned to.
Other apps build on these (e.g. reports of ``grids_visible_to(user)``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from portal import roles

from .models import Assignment, Community, Grid, Person, Station


def sees_everything(user):
    return user.is_authenticated and (
        user.is_superuser or roles.user_has_role(user, roles.BUREAU_ADMIN)
    )


def supervised_station_ids(user):
    if not roles.user_has_role(user, roles.STATION_SUPERVISOR):
        return []
    person = getattr(user, "person", None)
    return [person.station_id] if person and person.station_id else []


def grids_visible_to(user):
    """A Grid queryset of the grids this user may see and work on."""
    if not user.is_authenticated:
        return Grid.objects.none()
    if sees_everything(user):
        return Grid.objects.all()
    station_ids = supervised_station_ids(user)
    assigned = Assignment.objects.current().filter(person__user=user).values("grid_id")
    return Grid.objects.filter(
        community__station_id__in=station_ids
    ) | Grid.objects.filter(pk__in=assigned)


def stations_visible_to(user):
    if sees_everything(user):
        return Station.objects.all()
    return Station.objects.filter(
        Q(pk__in=grids_visible_to(user).values("community__station_id"))
        | Q(pk__in=supervised_station_ids(user))
    )


def communities_visible_to(user):
    """Communities of the user's grids, and every community of a supervised station."""
    if sees_everything(user):
        return Community.objects.all()
    return Community.objects.filter(
        Q(pk__in=grids_visible_to(user).values("community_id"))
        | Q(station_id__in=supervised_station_ids(user))
    )


def people_visible_to(user):
    """The user, the people serving the user's grids, and a supervised station's staff."""
    if sees_everything(user):
        return Person.objects.all()
    if not user.is_authenticated:
        return Person.objects.none()
    serving = Assignment.objects.filter(grid__in=grids_visible_to(user))
    return Person.objects.filter(
        Q(pk__in=serving.values("person_id"))
        | Q(user=user)
        | Q(station_id__in=supervised_station_ids(user))
    )


def assignments_visible_to(user):
    if sees_everything(user):
        return Assignment.objects.all()
    return Assignment.objects.filter(grid__in=grids_visible_to(user))


def can_work_on_grid(user, grid):
    return grids_visible_to(user).filter(pk=grid.pk).exists()


def get_grid_for_user(user, pk):
    """The grid, or 404 if it does not exist or the user may not see it."""
    return get_object_or_404(grids_visible_to(user), pk=pk)


def require_grid(user, grid):
    if not can_work_on_grid(user, grid):
        raise PermissionDenied
