"""Permissions the roles need for mediation (merged by portal.roles.sync_roles)."""

from portal import roles


def _perms(model, actions=("add", "change", "delete", "view")):
    return [f"mediation.{action}_{model}" for action in actions]


CASE_WORK = (
    _perms("case", ("add", "change", "view"))
    + _perms("party", ("add", "change", "view"))
    + _perms("session", ("add", "change", "view"))
    + _perms("agreement", ("add", "change", "view"))
    + _perms("followup", ("change", "view"))
    + _perms("casedocument", ("add", "view"))
)
COUNCIL_WORK = (
    _perms("council", ("change", "view"))
    + _perms("memberunit")
    + _perms("residentrepresentative")
    + _perms("meeting")
    + _perms("meetingissue")
    + _perms("minutessignoff")
    + _perms("actionitem")
)

ROLE_PERMISSIONS = {
    roles.COMMUNITY_OFFICER: _perms("case", ("add", "view"))
    + _perms("council", ("view",))
    + _perms("meeting", ("view",))
    + _perms("actionitem", ("view",)),
    roles.MEDIATOR: CASE_WORK + _perms("mediator", ("view",)),
    roles.STATION_SUPERVISOR: CASE_WORK
    + _perms("mediator")
    + COUNCIL_WORK
    + _perms("auditlogentry", ("view",)),
    roles.BUREAU_ADMIN: CASE_WORK
    + _perms("case", ("delete",))
    + _perms("mediator")
    + COUNCIL_WORK
    + _perms("council", ("add", "delete"))
    + _perms("auditlogentry", ("view",)),
}
