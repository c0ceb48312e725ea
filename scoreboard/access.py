"""Who may see which scoreboard figures: built on grids.access, nothing ad hoc.

- The dashboard and rankings need ``scoreboard.view_ranking`` (officers,
  supervisors, bureau admins).
- Subjects are scoped: an officer sees their grids (and themselves as an
  officer), a supervisor their station's grids, communities, officers and the
  station, the command centre / bureau admin everything. The bureau-wide row is
  for those who see everything.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from grids import access as grid_access
from grids.models import Assignment


def require_view(user):
    if not user.is_authenticated or not user.has_perm("scoreboard.view_ranking"):
        raise PermissionDenied


def can_export(user):
    return user.has_perm("scoreboard.export_ranking")


def require_export(user):
    if not can_export(user):
        raise PermissionDenied


def visible_subject_ids(user, level):
    """The subject ids of ``level`` the user may see, or None for all of them."""
    if grid_access.sees_everything(user):
        return None
    grids = grid_access.grids_visible_to(user)
    if level == "grid":
        return set(grids.values_list("pk", flat=True))
    if level == "community":
        return set(
            grid_access.communities_visible_to(user).values_list("pk", flat=True)
        )
    if level == "station":
        return set(grid_access.supervised_station_ids(user))
    if level == "officer":
        return set(
            Assignment.objects.filter(
                grid__in=grids, role=Assignment.Role.COMMUNITY_OFFICER
            ).values_list("person_id", flat=True)
        )
    return set()


def scope(user, level, items, key=lambda item: item.subject_id):
    """Keep the items (figures, ranking entries) the user may see."""
    allowed = visible_subject_ids(user, level)
    if allowed is None:
        return list(items)
    return [item for item in items if key(item) in allowed]


def require_subject(user, level, subject_id):
    """404, not 403, for a subject out of scope: its existence is not confirmed."""
    allowed = visible_subject_ids(user, level)
    if allowed is not None and subject_id not in allowed:
        raise Http404
