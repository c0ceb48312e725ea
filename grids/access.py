"""Which grids and stations a user may work on: the one place that answers it.

- Bureau admins (and superusers) see everything.
- Station supervisors see every grid of their station (``Person.station``).
- Everyone else on staff sees the grids they are currently assigned to.
Other apps build on these (e.g. reports of ``grids_visible_to(user)``).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from wagtail import hooks

from portal import roles

from .models import Assignment, Community, Grid, Patrol, PatrolPoint, Person, Station


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


# --- Patrols ---------------------------------------------------------------------
# Officers and auxiliary officers patrol the grids they are assigned to,
# supervisors every grid of their station. Other apps add people through the
# ``patrol_grids`` hook, ``fn(user) -> Grid queryset`` (volunteers: the grids
# their teams serve); grids never imports them.

PATROL_ROLES = (Person.Role.COMMUNITY_OFFICER, Person.Role.AUXILIARY_OFFICER)


def _patrol_assignments(user):
    return Assignment.objects.current().filter(person__user=user, role__in=PATROL_ROLES)


def _staff_patrol_grids(user):
    if sees_everything(user):
        return Grid.objects.all()
    return Grid.objects.filter(
        Q(community__station_id__in=supervised_station_ids(user))
        | Q(pk__in=_patrol_assignments(user).values("grid_id"))
    )


def _hook_patrol_grids(user):
    return [fn(user) for fn in hooks.get_hooks("patrol_grids")]


def patrol_grids(user):
    """The grids this user may start a patrol on."""
    if not user.is_authenticated:
        return Grid.objects.none()
    condition = Q(pk__in=_staff_patrol_grids(user).values("pk"))
    for grids in _hook_patrol_grids(user):
        condition |= Q(pk__in=grids.values("pk"))
    return Grid.objects.filter(condition)


def patrol_kind(user, grid):
    """The capacity the user patrols `grid` in (a Patrol.Kind), or None if they
    may not patrol it. Staff roles come first: an officer who also volunteers
    patrols their own grid as an officer."""
    if not user.is_authenticated:
        return None
    if _staff_patrol_grids(user).filter(pk=grid.pk).exists():
        roles_here = set(
            _patrol_assignments(user).filter(grid=grid).values_list("role", flat=True)
        )
        if roles_here == {Person.Role.AUXILIARY_OFFICER}:
            return Patrol.Kind.AUXILIARY
        return Patrol.Kind.OFFICER
    if any(grids.filter(pk=grid.pk).exists() for grids in _hook_patrol_grids(user)):
        return Patrol.Kind.VOLUNTEER
    return None


def patrols_visible_to(user):
    """Patrols staff may review: those of the grids they see."""
    if not user.is_authenticated:
        return Patrol.objects.none()
    return Patrol.objects.filter(grid__in=grids_visible_to(user))


def patrol_points_visible_to(user):
    if not user.is_authenticated:
        return PatrolPoint.objects.none()
    return PatrolPoint.objects.filter(grid__in=grids_visible_to(user))


def get_own_patrol(user, pk):
    """The user's own patrol, or 404: nobody acts on someone else's patrol."""
    return get_object_or_404(
        Patrol.objects.select_related("grid__community__station"),
        pk=pk,
        patroller_id=user.pk,
    )
