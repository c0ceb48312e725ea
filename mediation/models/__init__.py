"""Mediation records: cases and their people, sessions, agreements; councils."""

from .cases import Case, CaseEvent, CaseQuerySet, DeadlineExtension, add_one_month
from .councils import (
    ActionItem,
    Council,
    Meeting,
    MeetingIssue,
    MemberUnit,
    MinutesSignOff,
    ResidentRepresentative,
)
from .people import CaseMediator, Mediator, Party, Recusal
from .records import AuditLogEntry, CaseDocument, audit
from .sessions import Agreement, FollowUp, Session

__all__ = [
    "ActionItem",
    "Agreement",
    "AuditLogEntry",
    "Case",
    "CaseDocument",
    "CaseEvent",
    "CaseMediator",
    "CaseQuerySet",
    "Council",
    "DeadlineExtension",
    "FollowUp",
    "Mediator",
    "Meeting",
    "MeetingIssue",
    "MemberUnit",
    "MinutesSignOff",
    "Party",
    "Recusal",
    "ResidentRepresentative",
    "Session",
    "add_one_month",
    "audit",
]
