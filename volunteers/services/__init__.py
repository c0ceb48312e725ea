"""Operations that change several rows at once.

This package is the only writer of ledger entries, cached balances and reward
stock (with its stock movements). Each function runs in one transaction and locks
the volunteer row first (then the reward or activity), always in that order, so
concurrent requests queue up instead of overselling stock or spending the same
points twice.
"""

from .activities import (
    AUTO_CLOSE_AFTER,
    cancel_activity,
    cancel_sign_up,
    check_in,
    check_out,
    close_stale_attendances,
    fill_places,
    hours_between,
    log_from_attendance,
    remove_sign_up,
    sign_up,
)
from .points import (
    adjust,
    credit_service_log,
    expire_points,
    expiry_cutoff,
    issue_certificate,
    points_to_expire,
    reject_service_log,
)
from .rewards import cancel_redemption, fulfil, redeem, restock

__all__ = [
    "AUTO_CLOSE_AFTER",
    "adjust",
    "cancel_activity",
    "cancel_redemption",
    "cancel_sign_up",
    "check_in",
    "check_out",
    "close_stale_attendances",
    "credit_service_log",
    "expire_points",
    "expiry_cutoff",
    "fill_places",
    "fulfil",
    "hours_between",
    "issue_certificate",
    "log_from_attendance",
    "points_to_expire",
    "redeem",
    "reject_service_log",
    "remove_sign_up",
    "restock",
    "sign_up",
]
