from .activities import (
    Activity,
    ActivityType,
    Attendance,
    PointsRule,
    ServiceLog,
    SignUp,
    points_for,
)
from .people import Membership, Team, Volunteer, VolunteerEvent
from .points import Certificate, LedgerEntry, Redemption, Reward, StockMovement

__all__ = [
    "Activity",
    "ActivityType",
    "Attendance",
    "Certificate",
    "LedgerEntry",
    "Membership",
    "PointsRule",
    "Redemption",
    "Reward",
    "ServiceLog",
    "SignUp",
    "StockMovement",
    "Team",
    "Volunteer",
    "VolunteerEvent",
    "points_for",
]
