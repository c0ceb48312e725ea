"""Admin permissions for grids beyond portal.roles' core table (merged by
portal.roles.sync_roles after migrate).

portal.roles already gives officers view/change of grids and people and view of
assignments, communities and stations (no add or delete, so no imports);
supervisors manage their station's grids, people and assignments; bureau admins
everything. Which records each user reaches is narrowed by grids.access.
"""

from portal import roles

# Patrol points are managed per grid (grids.access scopes them); patrols are
# started and ended on phones, so the admin only shows them.
_PATROL_POINTS = ["grids.add_patrolpoint", "grids.change_patrolpoint"]
_PATROL_VIEW = ["grids.view_patrolpoint", "grids.view_patrol"]

ROLE_PERMISSIONS = {
    # Mediators and team leaders look grids up by community and station.
    roles.MEDIATOR: ["grids.view_community", "grids.view_station"],
    roles.TEAM_LEADER: ["grids.view_grid", "grids.view_community"],
    roles.COMMUNITY_OFFICER: _PATROL_POINTS + _PATROL_VIEW,
    roles.STATION_SUPERVISOR: _PATROL_POINTS
    + _PATROL_VIEW
    + ["grids.delete_patrolpoint"],
    roles.BUREAU_ADMIN: _PATROL_POINTS + _PATROL_VIEW + ["grids.delete_patrolpoint"],
}

# Wagtail checks image permissions per collection (GroupCollectionPermission),
# not through the groups' model permissions: officers upload and choose
# portraits, supervisors also edit them, bureau admins delete them.
IMAGE_PERMISSIONS = {
    roles.COMMUNITY_OFFICER: ["add_image", "choose_image"],
    roles.STATION_SUPERVISOR: ["add_image", "choose_image", "change_image"],
    roles.BUREAU_ADMIN: ["add_image", "choose_image", "change_image", "delete_image"],
}


def sync_image_permissions(**kwargs):
    """Give each role its image permissions on the root collection."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission

    root = Collection.get_first_root_node()
    if root is None:
        return
    for name, codenames in IMAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=name).first()
        for codename in codenames if group else []:
            permission = Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )
