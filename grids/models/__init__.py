from .pages import GridIndexPage, GridPage, GridPriority, StationPage
from .patrols import Patrol, PatrolCheckin, PatrolPoint
from .places import (
    CODE_HELP,
    Assignment,
    AssignmentQuerySet,
    Community,
    Grid,
    GridQuerySet,
    Person,
    Station,
    validate_code,
)

__all__ = [
    "CODE_HELP",
    "Assignment",
    "AssignmentQuerySet",
    "Community",
    "Grid",
    "GridIndexPage",
    "GridPage",
    "GridPriority",
    "GridQuerySet",
    "Patrol",
    "PatrolCheckin",
    "PatrolPoint",
    "Person",
    "Station",
    "StationPage",
    "validate_code",
]
