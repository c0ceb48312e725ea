"""Permissions the roles need for reports (merged by portal.roles.sync_roles)."""

from portal import roles

_OFFICER = [
    "reports.view_report",
    "reports.change_report",
    "reports.export_report",
    "reports.view_category",
    "reports.view_responsetemplate",
    "reports.add_responsetemplate",
    "reports.change_responsetemplate",
]

ROLE_PERMISSIONS = {
    roles.COMMUNITY_OFFICER: _OFFICER,
    roles.STATION_SUPERVISOR: _OFFICER
    + ["reports.reopen_report", "reports.delete_responsetemplate"],
    roles.BUREAU_ADMIN: _OFFICER
    + [
        "reports.reopen_report",
        "reports.delete_responsetemplate",
        "reports.add_category",
        "reports.change_category",
        "reports.delete_category",
        "reports.add_apikey",
        "reports.change_apikey",
        "reports.delete_apikey",
        "reports.view_apikey",
    ],
}
