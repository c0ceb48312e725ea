"""A volunteer's patrol becomes one service log.

grids sends `patrol_ended` inside the transaction that ends a patrol; for a
patrol by a volunteer (Patrol.Kind.VOLUNTEER) this makes one pending ServiceLog
(source PATROL, linked one-to-one to the patrol), which then follows the usual
verification and points flow.

No double counting:
- a patrol has at most one log: the link is unique and is looked up first, so
  an end submitted twice (refused by grids anyway) cannot log it twice;
- time already covered by the volunteer's attendance of an activity (a log made
  from an attendance, or a check-in still open) is not logged again: the patrol
  was done as part of that activity, whose attendance credits the time. Such a
  patrol gets no log at all;
- any other overlap (e.g. a self-reported log) is logged but flagged for review,
  as overlapping attendance logs are, and verifying refuses to credit two
  overlapping logs.
"""

from datetime import timedelta

from django.dispatch import receiver
from django.utils.translation import gettext as _

from grids.models import Patrol
from grids.patrols import patrol_ended

from .models import ActivityType, Attendance, PointsRule, ServiceLog, Volunteer
from .models.activities import MAX_LOG_HOURS, PATROL_POINTS_PER_HOUR
from .services import hours_between

# Open check-ins older than this are auto-closed (services.AUTO_CLOSE_AFTER) and
# no longer say where the volunteer is.
OPEN_ATTENDANCE_WINDOW = timedelta(hours=24)


def covered_by_attendance(volunteer, started_at, ended_at):
    """Whether the volunteer's activity attendance already covers this time."""
    attended = (
        ServiceLog.objects.overlapping(volunteer.pk, started_at, ended_at)
        .filter(source=ServiceLog.Source.ACTIVITY)
        .exists()
    )
    return (
        attended
        or Attendance.objects.filter(
            signup__volunteer=volunteer,
            checked_out_at__isnull=True,
            checked_in_at__lt=ended_at,
            checked_in_at__gte=started_at - OPEN_ATTENDANCE_WINDOW,
        ).exists()
    )


def log_for_patrol(patrol):
    """The pending service log of a finished volunteer patrol, or None when it
    earns none (not a volunteer patrol, no approved volunteer, already logged,
    or covered by an activity attendance)."""
    if patrol.kind != Patrol.Kind.VOLUNTEER or patrol.ended_at is None:
        return None
    volunteer = Volunteer.objects.filter(
        user_id=patrol.patroller_id, status=Volunteer.Status.APPROVED
    ).first()
    if volunteer is None or ServiceLog.objects.filter(patrol=patrol).exists():
        return None
    if covered_by_attendance(volunteer, patrol.started_at, patrol.ended_at):
        return None
    grid = patrol.grid
    log = ServiceLog(
        volunteer=volunteer,
        source=ServiceLog.Source.PATROL,
        patrol=patrol,
        team=volunteer.teams.filter(grids=grid, is_active=True).first(),
        grid=grid,
        kind=ActivityType.PATROL,
        description=_("Patrol of %(grid)s: %(covered)s of %(total)s points")
        % {
            "grid": grid.name,
            "covered": patrol.points_covered,
            "total": patrol.points_total,
        },
        place=grid.name,
        started_at=patrol.started_at,
        ended_at=patrol.ended_at,
        hours=hours_between(patrol.started_at, patrol.ended_at),
        points_rule=PointsRule.PER_HOUR,
        points_value=PATROL_POINTS_PER_HOUR,
    )
    if patrol.auto_closed:
        log.flag(_("Patrol not ended: closed automatically at the last check-in."))
    if patrol.points_covered == 0:
        log.flag(_("No patrol point was checked in."))
    if patrol.duration.total_seconds() > float(MAX_LOG_HOURS) * 3600:
        log.flag(_("Longer than 24 hours: counted as 24."))
    if log.overlapping_logs().exists():
        log.flag(_("Overlaps another service log of this volunteer."))
    log.save()
    return log


@receiver(patrol_ended, sender=Patrol, dispatch_uid="volunteers_patrol_log")
def patrol_ended_to_log(sender, patrol, **kwargs):
    log_for_patrol(patrol)
