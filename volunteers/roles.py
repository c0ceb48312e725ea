"""Permissions of each role on the volunteers app; portal merges this table."""

from portal import roles


def _perms(model, actions=("add", "change", "delete", "view")):
    return [f"volunteers.{action}_{model}" for action in actions]


_REVIEW = (
    _perms("volunteer", ("view", "change"))
    + _perms("team", ("view", "change"))
    + _perms("membership")
    + _perms("activity", ("add", "change", "view"))
    + _perms("servicelog", ("view", "change"))
    + _perms("redemption", ("view", "change"))
)

ROLE_PERMISSIONS = {
    roles.TEAM_LEADER: _REVIEW,
    roles.COMMUNITY_OFFICER: _REVIEW
    + _perms("team", ("add",))
    + _perms("reward", ("view",))
    + _perms("ledgerentry", ("view",)),
    roles.STATION_SUPERVISOR: _REVIEW
    + _perms("team", ("add", "delete"))
    + _perms("reward")
    + _perms("ledgerentry", ("view",)),
    roles.BUREAU_ADMIN: _REVIEW
    + _perms("volunteer", ("add", "delete"))
    + _perms("team", ("add", "delete"))
    + _perms("activity", ("delete",))
    + _perms("reward")
    + _perms("ledgerentry", ("view",)),
}
