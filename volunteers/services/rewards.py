"""Rewards: redemptions, their fulfilment or cancellation, and stock moves."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from ..models import (
    LedgerEntry,
    Redemption,
    Reward,
    StockMovement,
    VolunteerEvent,
)
from .points import _lock_volunteer, _post, _require_active


def _redeemed_in_period(volunteer, reward):
    redemptions = Redemption.objects.filter(volunteer=volunteer, reward=reward).exclude(
        status=Redemption.Status.CANCELLED
    )
    start = reward.period_start()
    if start is not None:
        redemptions = redemptions.filter(created_at__gte=start)
    return redemptions.count()


def redeem(volunteer, reward, by):
    """Spend points on one item of a reward; returns the Redemption (pickup code).

    Only the volunteer themself may redeem. Stock and balance change together.
    """
    if by is None or by.pk != volunteer.user_id:
        raise PermissionDenied
    with transaction.atomic():
        volunteer = _lock_volunteer(volunteer.pk)
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        _require_active(volunteer)
        if not reward.is_active:
            raise ValidationError(_("This reward is no longer on offer."))
        if reward.stock < 1:
            raise ValidationError(
                _("Sorry, “%(name)s” is out of stock.") % {"name": reward.name}
            )
        if volunteer.balance < reward.cost:
            raise ValidationError(
                _("Not enough points: %(balance)s available, %(needed)s needed.")
                % {"balance": volunteer.balance, "needed": reward.cost}
            )
        if (
            reward.limit_per_person
            and _redeemed_in_period(volunteer, reward) >= reward.limit_per_person
        ):
            raise ValidationError(
                _("You have reached the limit of %(limit)s %(period)s for this reward.")
                % {
                    "limit": reward.limit_per_person,
                    "period": reward.get_limit_period_display(),
                }
            )
        redemption = Redemption.objects.create(
            volunteer=volunteer, reward=reward, cost=reward.cost
        )
        _move_stock(
            reward,
            StockMovement.Kind.REDEEM,
            -1,
            redemption.pickup_code,
            by,
            redemption=redemption,
        )
        _post(
            volunteer,
            LedgerEntry.Kind.REDEEM,
            -reward.cost,
            f"redeem:{redemption.pk}",
            reward.name,
            by,
            redemption=redemption,
        )
        VolunteerEvent.objects.create(
            volunteer=volunteer,
            action=VolunteerEvent.Action.REDEEMED,
            note=f"{reward.name} {redemption.pickup_code}",
            actor=by,
        )
        return redemption


def cancel_redemption(redemption, by, reason):
    """Cancel a pending redemption: refund the points and put the item back."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    with transaction.atomic():
        volunteer = _lock_volunteer(redemption.volunteer_id)
        reward = Reward.objects.select_for_update().get(pk=redemption.reward_id)
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        redemption.cancel(by, reason)
        _move_stock(
            reward, StockMovement.Kind.RETURN, 1, reason, by, redemption=redemption
        )
        return _post(
            volunteer,
            LedgerEntry.Kind.REFUND,
            redemption.cost,
            f"refund:{redemption.pk}",
            reason,
            by,
            redemption=redemption,
        )


def _move_stock(reward, kind, quantity, reason, by, **links):
    """Change the locked reward's stock and record the movement with it."""
    stock_after = reward.stock + quantity
    if stock_after < 0:
        raise ValidationError(
            {
                "quantity": _(
                    "Stock cannot go below zero: %(stock)s in stock, "
                    "%(removed)s to remove."
                )
                % {"stock": reward.stock, "removed": -quantity}
            }
        )
    Reward.objects.filter(pk=reward.pk).update(stock=F("stock") + quantity)
    reward.stock = stock_after
    return StockMovement.objects.create(
        reward=reward,
        kind=kind,
        quantity=quantity,
        stock_after=stock_after,
        reason=str(reason)[:300],
        created_by=by,
        **links,
    )


def restock(reward, quantity, by, reason, initial=False):
    """Add items to a reward's stock (or, with a negative quantity, correct it
    down: lost or damaged items). Items already redeemed have left the stock, so
    a correction can take it to zero but never below.

    Only users who may change rewards restock; a reason is always required.
    `initial` marks the stock an item was created with.
    """
    if by is not None and not by.has_perm("volunteers.change_reward"):
        raise PermissionDenied
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")})
    quantity = int(quantity)
    if quantity == 0:
        raise ValidationError({"quantity": _("The quantity cannot be zero.")})
    if quantity > 0:
        kind = StockMovement.Kind.INITIAL if initial else StockMovement.Kind.RESTOCK
    else:
        kind = StockMovement.Kind.CORRECTION
    with transaction.atomic():
        reward = Reward.objects.select_for_update().get(pk=reward.pk)
        return _move_stock(reward, kind, quantity, reason.strip(), by)


def fulfil(redemption, by):
    """Staff hand the item over; closes the redemption."""
    if by is None or by.pk == redemption.volunteer.user_id:
        raise PermissionDenied
    with transaction.atomic():
        redemption = Redemption.objects.select_for_update().get(pk=redemption.pk)
        redemption.fulfil(by)
    return redemption
