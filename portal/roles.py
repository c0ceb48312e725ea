"""The roles (Django groups) and the permissions each needs, kept in one table.

`sync_roles()` runs after every migrate, so a fresh database and an upgraded one
end up with the same groups and permissions.
"""

from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _

RESIDENT = "Resident"
VOLUNTEER = "Volunteer"
TEAM_LEADER = "Team leader"
COMMUNITY_OFFICER = "Community officer"
STATION_SUPERVISOR = "Station supervisor"
MEDIATOR = "Mediator"
BUREAU_ADMIN = "Bureau admin"

ROLE_LABELS = {
    RESIDENT: _("Resident"),
    VOLUNTEER: _("Volunteer"),
    TEAM_LEADER: _("Team leader"),
    COMMUNITY_OFFICER: _("Community officer"),
    STATION_SUPERVISOR: _("Station supervisor"),
    MEDIATOR: _("Mediator"),
    BUREAU_ADMIN: _("Bureau admin"),
}

# Roles whose members work in the Wagtail admin and must use two-factor login.
STAFF_ROLES = {
    TEAM_LEADER,
    COMMUNITY_OFFICER,
    STATION_SUPERVISOR,
    MEDIATOR,
    BUREAU_ADMIN,
}

ADMIN_ACCESS = ["wagtailadmin.access_admin"]
PAGE_EDITING = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]


def _model_perms(app_model, actions=("add", "change", "delete", "view")):
    app, model = app_model.split(".")
    return [f"{app}.{action}_{model}" for action in actions]


ROLE_PERMISSIONS = {
    RESIDENT: [],
    VOLUNTEER: [],
    TEAM_LEADER: ADMIN_ACCESS + _model_perms("grids.person", ("view",)),
    COMMUNITY_OFFICER: ADMIN_ACCESS
    + PAGE_EDITING
    + _model_perms("grids.grid", ("view", "change"))
    + _model_perms("grids.person", ("view", "change"))
    + _model_perms("grids.assignment", ("view",))
    + _model_perms("grids.community", ("view",))
    + _model_perms("grids.station", ("view",)),
    STATION_SUPERVISOR: ADMIN_ACCESS
    + PAGE_EDITING
    + _model_perms("grids.grid")
    + _model_perms("grids.person")
    + _model_perms("grids.assignment")
    + _model_perms("grids.community")
    + _model_perms("grids.station", ("view", "change")),
    MEDIATOR: ADMIN_ACCESS + _model_perms("grids.grid", ("view",)),
    BUREAU_ADMIN: ADMIN_ACCESS
    + PAGE_EDITING
    + ["wagtailimages.delete_image", "wagtailusers.add_userprofile"]
    + _model_perms("grids.grid")
    + _model_perms("grids.person")
    + _model_perms("grids.assignment")
    + _model_perms("grids.community")
    + _model_perms("grids.station")
    + _model_perms("portal.user")
    + _model_perms("portal.portalsettings", ("change", "view")),
}


def all_role_permissions():
    """The table above plus what each app adds in its own `roles.py`.

    An app lists extra permissions as ``ROLE_PERMISSIONS = {role: [codenames]}``.
    """
    from importlib import import_module

    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    merged = {name: list(codenames) for name, codenames in ROLE_PERMISSIONS.items()}
    for config in apps.get_app_configs():
        if config.name != "portal" and module_has_submodule(config.module, "roles"):
            extra = getattr(
                import_module(f"{config.name}.roles"), "ROLE_PERMISSIONS", {}
            )
            for name, codenames in extra.items():
                merged[name].extend(codenames)
    return merged


def _permission(codename):
    app_label, code = codename.split(".")
    return Permission.objects.filter(
        content_type__app_label=app_label, codename=code
    ).first()


WAGTAIL_DEFAULT_GROUPS = ["Moderators", "Editors"]


def sync_roles():
    """Create the groups and set exactly the permissions listed above.

    Wagtail's sample groups are removed while nobody is in them: every admin
    permission here comes from one of our roles.
    """
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    for name, codenames in all_role_permissions().items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [p for p in map(_permission, codenames) if p is not None]
        group.permissions.set(permissions)


# Page permissions on the /grids/ tree; grids.page_permissions narrows "change"
# down to the grids each officer may work on.
PAGE_PERMISSIONS = {
    COMMUNITY_OFFICER: ["change_page", "publish_page"],
    STATION_SUPERVISOR: ["change_page", "publish_page"],
    BUREAU_ADMIN: ["add_page", "change_page", "publish_page", "delete_page"],
}


def sync_page_permissions():
    from wagtail.models import GroupPagePermission, Page

    from grids.models import GridIndexPage
    from portal.models import HomePage

    for name, codenames in PAGE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        root = (
            HomePage.objects.first()
            if name == BUREAU_ADMIN
            else GridIndexPage.objects.first()
        )
        if root is None:
            continue
        page = Page.objects.get(pk=root.pk)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )


def sync_roles_after_migrate(**kwargs):
    sync_roles()
    sync_page_permissions()


def user_has_role(user, *roles):
    if not user.is_authenticated:
        return False
    names = {g.name for g in user.groups.all()}
    return bool(names.intersection(roles))


def is_staff_member(user):
    """Anyone who can reach the admin: such accounts must have TOTP."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.is_staff or user_has_role(user, *STAFF_ROLES)
