"""Who a figure is about: grids, officers, communities, stations or the bureau.

Every fact (a report, a case, a ledger entry, a patrol) belongs to a grid, so a
level is a way of grouping grids. ``subject_key`` turns a path to the grid into a
SQL expression naming the subject, so one GROUP BY per fact table serves every
level; ``subject_filter`` is the same grouping as a WHERE for the drill-down.

An officer's subject is the set of grids where they are the community officer in
post on the period's last day (or today, for a period not over yet): a grid
counts towards one officer only, so station totals are never double counted.
"""

from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Assignment, Community, Grid, Station

BUREAU_ID = 0


@dataclass
class Subjects:
    """The subjects of one level for one period, in display order."""

    level: str
    rows: list  # [(subject_id, name, code)]
    officer_grids: dict  # person_id → [grid ids]; officers only

    def key(self, path, station_key=None):
        """SQL expression for the subject of a row whose grid is at ``path``."""
        grid_id = f"{path}_id" if path else "pk"
        prefix = f"{path}__" if path else ""
        if self.level == "grid":
            return F(grid_id)
        if self.level == "community":
            return F(f"{prefix}community_id")
        if self.level == "station":
            return F(station_key or f"{prefix}community__station_id")
        if self.level == "bureau":
            return Value(BUREAU_ID, output_field=IntegerField())
        whens = [
            When(**{f"{grid_id}__in": grids}, then=Value(person_id))
            for person_id, grids in self.officer_grids.items()
        ]
        if not whens:
            return Value(None, output_field=IntegerField())
        return Case(*whens, default=None, output_field=IntegerField())

    def filter(self, path, subject_id, station_key=None):
        """Q selecting the rows (whose grid is at ``path``) of one subject."""
        grid_id = f"{path}_id" if path else "pk"
        prefix = f"{path}__" if path else ""
        if self.level == "grid":
            return Q(**{grid_id: subject_id})
        if self.level == "community":
            return Q(**{f"{prefix}community_id": subject_id})
        if self.level == "station":
            return Q(**{station_key or f"{prefix}community__station_id": subject_id})
        if self.level == "bureau":
            return Q()
        return Q(**{f"{grid_id}__in": self.officer_grids.get(subject_id, [])})

    def name_of(self, subject_id):
        for pk, name, _code in self.rows:
            if pk == subject_id:
                return name
        return None


def officer_day(period):
    return min(period.last_day, timezone.localdate())


def subjects_for(level, period):
    """One query (two for officers) listing the level's subjects."""
    if level == "grid":
        rows = Grid.objects.order_by("code").values_list("pk", "name", "code")
    elif level == "community":
        rows = Community.objects.order_by("code").values_list("pk", "name", "code")
    elif level == "station":
        rows = Station.objects.order_by("code").values_list("pk", "name", "code")
    elif level == "bureau":
        rows = [(BUREAU_ID, str(_("Whole bureau")), "")]
    elif level == "officer":
        return _officers(period)
    else:
        raise ValueError(f"unknown level {level!r}")
    return Subjects(level, list(rows), {})


def _officers(period):
    assignments = (
        Assignment.objects.current(on=officer_day(period))
        .filter(role=Assignment.Role.COMMUNITY_OFFICER)
        .order_by("grid_id", "person__name", "person_id")
        .values_list("grid_id", "person_id", "person__name", "person__badge_number")
    )
    officer_grids, names, seen = {}, {}, set()
    for grid_id, person_id, name, badge in assignments:
        if grid_id in seen:  # a second officer on a grid: the first one counts it
            continue
        seen.add(grid_id)
        officer_grids.setdefault(person_id, []).append(grid_id)
        names[person_id] = (name, badge)
    rows = sorted(
        ((pk, name, badge) for pk, (name, badge) in names.items()),
        key=lambda row: (row[1], row[0]),
    )
    return Subjects("officer", rows, officer_grids)
