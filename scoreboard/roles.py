"""Permissions the roles need for the scoreboard (merged by portal.roles.sync_roles).

Staff who work on grids see the dashboard and rankings (scoped by grids.access);
only bureau admins change scoring schemes. Schemes are never deleted (their
versions score past rankings): an old one is made inactive.
"""

from portal import roles

_VIEW = ["scoreboard.view_ranking", "scoreboard.view_scoringscheme"]

ROLE_PERMISSIONS = {
    roles.COMMUNITY_OFFICER: _VIEW,
    roles.STATION_SUPERVISOR: _VIEW + ["scoreboard.export_ranking"],
    roles.BUREAU_ADMIN: _VIEW
    + [
        "scoreboard.export_ranking",
        "scoreboard.add_scoringscheme",
        "scoreboard.change_scoringscheme",
    ],
}
