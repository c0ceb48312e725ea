"""The rows behind a figure, as table columns: one layout per fact table.

Personal data is masked with portal.masking (volunteers' and patrollers' names);
reports and cases show no reporter or party at all.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.masking import mask_name


def _time(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _hours(start, end):
    if not (start and end):
        return ""
    return f"{(end - start).total_seconds() / 3600:.1f}"


LAYOUTS = {
    "reports": {
        "related": ["category", "grid"],
        "columns": [
            (_("Reference"), lambda r: r.reference),
            (_("Category"), lambda r: r.category.name),
            (_("Grid"), lambda r: r.grid.name if r.grid else ""),
            (_("Status"), lambda r: r.get_status_display()),
            (_("Submitted"), lambda r: _time(r.created_at)),
            (_("Accepted"), lambda r: _time(r.accepted_at)),
            (_("Accept by"), lambda r: _time(r.accept_due_at)),
            (_("Resolved"), lambda r: _time(r.resolved_at)),
            (_("Resolve by"), lambda r: _time(r.resolve_due_at)),
            (_("Rating"), lambda r: r.rating or ""),
        ],
        "order": ["created_at", "pk"],
    },
    "cases": {
        "related": ["grid"],
        "columns": [
            (_("Reference"), lambda c: c.reference),
            (_("Category"), lambda c: c.get_category_display()),
            (_("Grid"), lambda c: c.grid.name),
            (_("Status"), lambda c: c.get_status_display()),
            (_("Opened"), lambda c: _time(c.created_at)),
            (_("Deadline"), lambda c: c.deadline or ""),
        ],
        "order": ["created_at", "pk"],
    },
    "follow_ups": {
        "related": ["case__grid"],
        "columns": [
            (_("Case"), lambda f: f.case.reference),
            (_("Grid"), lambda f: f.case.grid.name),
            (_("Due on"), lambda f: f.due_on),
            (_("Visited on"), lambda f: f.visited_on or ""),
        ],
        "order": ["visited_on", "pk"],
    },
    "ledger": {
        "related": ["volunteer", "service_log__grid"],
        "columns": [
            (_("Volunteer"), lambda e: mask_name(e.volunteer.real_name)),
            (_("Service"), lambda e: e.service_log.description),
            (
                _("Grid"),
                lambda e: e.service_log.grid.name if e.service_log.grid else "",
            ),
            (_("Hours"), lambda e: e.service_log.hours),
            (_("Credited"), lambda e: _time(e.created_at)),
        ],
        "order": ["created_at", "pk"],
    },
    "patrols": {
        "related": ["grid", "patroller"],
        "columns": [
            (_("Grid"), lambda p: p.grid.name),
            (_("Patroller"), lambda p: mask_name(p.patroller.display_name)),
            (_("Patrolled as"), lambda p: p.get_kind_display()),
            (_("Started"), lambda p: _time(p.started_at)),
            (_("Ended"), lambda p: _time(p.ended_at)),
            (_("Hours"), lambda p: _hours(p.started_at, p.ended_at)),
        ],
        "order": ["started_at", "pk"],
    },
    "checkins": {
        "related": ["point__grid"],
        "columns": [
            (_("Patrol point"), lambda c: c.point.name),
            (_("Grid"), lambda c: c.point.grid.name),
            (_("Checked in"), lambda c: _time(c.checked_at)),
            (_("Method"), lambda c: c.get_method_display()),
        ],
        "order": ["checked_at", "pk"],
    },
}


def layout(source):
    return LAYOUTS[source]


def table(source, rows):
    """(headers, [[cells]]) for a page of rows."""
    spec = LAYOUTS[source]
    headers = [label for label, _fn in spec["columns"]]
    return headers, [[fn(row) for _label, fn in spec["columns"]] for row in rows]
