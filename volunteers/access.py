"""Who may see and act on volunteers' data: the one place that answers it.

- A volunteer sees only their own profile, logs, points and redemptions.
- A team leader manages the teams they lead: its members, applicants who chose
  it, its activities and service logs.
- Officers manage the teams that cover their grids (supervisors: their station's
  teams), activities in their grids, and volunteers living in their communities.
- Nobody verifies their own service (enforced again in ServiceLog._review).
"""

from datetime import timedelta

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from grids.access import grids_visible_to, sees_everything, supervised_station_ids
from grids.models import Grid
from portal import roles

from .models import (
    Activity,
    ActivityType,
    Redemption,
    ServiceLog,
    SignUp,
    Team,
    Volunteer,
)

OFFICER_ROLES = (roles.COMMUNITY_OFFICER, roles.STATION_SUPERVISOR, roles.BUREAU_ADMIN)


def is_officer(user):
    return user.is_authenticated and (
        user.is_superuser or roles.user_has_role(user, *OFFICER_ROLES)
    )


def volunteer_of(user):
    """The user's own Volunteer profile, or None."""
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user).first()


def teams_managed_by(user):
    if not user.is_authenticated:
        return Team.objects.none()
    if sees_everything(user):
        return Team.objects.all()
    condition = Q(leader=user)
    if is_officer(user):
        condition |= Q(grids__in=grids_visible_to(user)) | Q(
            station_id__in=supervised_station_ids(user)
        )
    return Team.objects.filter(pk__in=Team.objects.filter(condition).values("pk"))


def is_leader_of_any_team(user):
    return user.is_authenticated and Team.objects.filter(leader=user).exists()


def volunteers_managed_by(user):
    if not user.is_authenticated:
        return Volunteer.objects.none()
    if sees_everything(user):
        return Volunteer.objects.all()
    teams = teams_managed_by(user)
    condition = Q(memberships__team__in=teams) | Q(preferred_team__in=teams)
    if is_officer(user):
        condition |= Q(community__grids__in=grids_visible_to(user))
    return Volunteer.objects.filter(
        pk__in=Volunteer.objects.filter(condition).values("pk")
    )


def activities_managed_by(user):
    if not user.is_authenticated:
        return Activity.objects.none()
    if sees_everything(user):
        return Activity.objects.all()
    condition = Q(team__in=teams_managed_by(user))
    if is_officer(user):
        condition |= Q(grid__in=grids_visible_to(user))
    return Activity.objects.filter(
        pk__in=Activity.objects.filter(condition).values("pk")
    )


def logs_reviewable_by(user):
    """Service logs the user may verify or reject: never their own."""
    if not user.is_authenticated:
        return ServiceLog.objects.none()
    if sees_everything(user):
        logs = ServiceLog.objects.all()
    else:
        condition = Q(team__in=teams_managed_by(user))
        if is_officer(user):
            condition |= Q(grid__in=grids_visible_to(user))
        logs = ServiceLog.objects.filter(
            pk__in=ServiceLog.objects.filter(condition).values("pk")
        )
    return logs.exclude(volunteer__user=user)


def redemptions_managed_by(user):
    if not user.is_authenticated:
        return Redemption.objects.none()
    return Redemption.objects.filter(volunteer__in=volunteers_managed_by(user)).exclude(
        volunteer__user=user
    )


def get_log_for_reviewer(user, pk):
    return get_object_or_404(logs_reviewable_by(user), pk=pk)


def get_activity_for_manager(user, pk):
    return get_object_or_404(activities_managed_by(user), pk=pk)


def get_own_redemption(user, pk):
    return get_object_or_404(Redemption, pk=pk, volunteer__user=user)


def can_see_log_photo(user, log):
    return log.volunteer.user_id == user.pk or (
        logs_reviewable_by(user).filter(pk=log.pk).exists()
    )


def patrol_grids_of(user):
    """Grids an approved volunteer may patrol (the grids `patrol_grids` hook):
    the grids their active teams serve, and the grid of any patrol activity they
    have a confirmed place in that has not been over for more than a day."""
    volunteer = Volunteer.objects.filter(
        user_id=user.pk, status=Volunteer.Status.APPROVED
    )
    if not user.is_authenticated or not volunteer.exists():
        return Grid.objects.none()
    team_grids = Team.objects.filter(
        is_active=True, memberships__volunteer__in=volunteer
    ).values("grids")
    activity_grids = (
        Activity.objects.published()
        .filter(
            kind=ActivityType.PATROL,
            ends_at__gte=timezone.now() - timedelta(days=1),
            signups__volunteer__in=volunteer,
            signups__status=SignUp.Status.CONFIRMED,
        )
        .values("grid_id")
    )
    return Grid.objects.filter(Q(pk__in=team_grids) | Q(pk__in=activity_grids))
