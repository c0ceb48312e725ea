"""Patrol operations: start, check in at a point, end. The only writer of
patrols and check-ins.

When a patrol ends, `patrol_ended` is sent inside the same transaction, so
another app's record of it (volunteers' service log) is made together with the
end or not at all. Each patrol is locked while it changes, so a double tap on
"check in" or "end" is refused instead of counted twice.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access, geometry
from .models import Patrol, PatrolCheckin, PatrolPoint

# A patrol still under way after this long was forgotten (close_stale_patrols).
STALE_AFTER = timedelta(hours=12)

# Sent with `patrol` (finished, saved) when a patrol ends; receivers run inside
# the ending transaction.
patrol_ended = Signal()


def start_patrol(user, grid, at=None):
    """Start a patrol of `grid` by `user`, in the capacity access.patrol_kind gives."""
    kind = access.patrol_kind(user, grid)
    if kind is None:
        raise PermissionDenied
    busy = _("You already have a patrol under way; end it first.")
    if Patrol.objects.active().filter(patroller=user).exists():
        raise ValidationError(busy)
    try:
        with transaction.atomic():
            return Patrol.objects.create(
                grid=grid, patroller=user, kind=kind, started_at=at or timezone.now()
            )
    except IntegrityError as error:  # a second tap raced the first one
        raise ValidationError(busy) from error


def check_in(patrol, point, method, lat=None, lng=None, at=None):
    """Record a visit to `point`. By location the server checks the distance:
    outside the point's radius nothing is saved. A QR scan proves presence; its
    position, when the phone gives one, is kept for the record."""
    with transaction.atomic():
        patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
        if not patrol.is_active:
            raise ValidationError(_("This patrol has already ended."))
        if point.grid_id != patrol.grid_id or not point.is_active:
            raise ValidationError(_("This point is not on the grid of your patrol."))
        distance = None
        if lat is not None and lng is not None:
            distance = geometry.point_distance_m(point.lat, point.lng, lat, lng)
        if method == PatrolCheckin.Method.LOCATION:
            if distance is None:
                raise ValidationError(
                    _("Your phone did not give a location; scan the point's QR code.")
                )
            if distance > point.radius_m:
                raise ValidationError(
                    _(
                        "You are %(distance)s m from “%(point)s”; check in within "
                        "%(radius)s m or scan its QR code."
                    )
                    % {
                        "distance": round(distance),
                        "point": point.name,
                        "radius": point.radius_m,
                    }
                )
        if patrol.checkins.filter(point=point).exists():
            raise ValidationError(
                _("“%(point)s” is already checked in on this patrol.")
                % {"point": point.name}
            )
        return PatrolCheckin.objects.create(
            patrol=patrol,
            point=point,
            method=method,
            lat=lat,
            lng=lng,
            distance_m=distance,
            checked_at=at or timezone.now(),
        )


def _end(patrol, at, notes="", auto_closed=False):
    """End the locked patrol and tell whoever listens (`patrol_ended`)."""
    active_points = PatrolPoint.objects.filter(grid=patrol.grid, is_active=True)
    patrol.finish(
        at,
        points_total=active_points.count(),
        points_covered=patrol.checkins.filter(point__in=active_points).count(),
        notes=notes,
        auto_closed=auto_closed,
    )
    patrol_ended.send(sender=Patrol, patrol=patrol)
    return patrol


def end_patrol(patrol, by, notes="", at=None):
    """End the patrol: record its time and the points covered. Only the
    patroller ends their patrol; ending twice is refused."""
    with transaction.atomic():
        patrol = Patrol.objects.select_for_update().get(pk=patrol.pk)
        if by is None or by.pk != patrol.patroller_id:
            raise PermissionDenied
        return _end(patrol, at or timezone.now(), notes)


def close_stale_patrols(now=None):
    """End patrols left under way for STALE_AFTER, at the last proof of presence
    (one minute after the last check-in, or after the start when there is none),
    marked as closed automatically so reviewers know the end is a guess.
    Returns how many were closed."""
    now = now or timezone.now()
    stale = Patrol.objects.active().filter(started_at__lt=now - STALE_AFTER)
    closed = 0
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            patrol = Patrol.objects.select_for_update().get(pk=pk)
            if not patrol.is_active:
                continue
            last = patrol.checkins.aggregate(last=Max("checked_at"))["last"]
            proof = max(last or patrol.started_at, patrol.started_at)
            _end(patrol, proof + timedelta(minutes=1), patrol.notes, auto_closed=True)
            closed += 1
    return closed
