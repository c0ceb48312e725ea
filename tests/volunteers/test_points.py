from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from volunteers import services
from volunteers.models import LedgerEntry, Redemption, ServiceLog, Volunteer

from .factories import RewardFactory, ServiceLogFactory


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def balance_matches_ledger(volunteer):
    volunteer.refresh_from_db()
    total = sum(volunteer.ledger.values_list("amount", flat=True))
    return volunteer.balance == total


def credit(volunteer, by, **kwargs):
    log = ServiceLogFactory(volunteer=volunteer, **kwargs)
    return services.credit_service_log(log, by)


def test_verified_log_credits_its_points_once(member, team_leader):
    log = ServiceLogFactory(volunteer=member, hours=2)
    entry = services.credit_service_log(log, team_leader)
    assert entry.amount == 20
    with pytest.raises(ValidationError, match="already been reviewed"):
        services.credit_service_log(log, team_leader)
    member.refresh_from_db()
    assert member.balance == 20
    assert LedgerEntry.objects.count() == 1
    log.refresh_from_db()
    assert log.status == ServiceLog.Status.VERIFIED
    assert log.reviewed_by == team_leader


def test_volunteer_cannot_verify_their_own_log(member):
    log = ServiceLogFactory(volunteer=member)
    with pytest.raises(ValidationError, match="own service"):
        services.credit_service_log(log, member.user)
    log.refresh_from_db()
    assert log.status == ServiceLog.Status.PENDING
    assert not LedgerEntry.objects.exists()


def test_suspended_volunteer_earns_nothing(member, team_leader):
    member.suspend(team_leader, "未按规定着装")
    log = ServiceLogFactory(volunteer=member)
    with pytest.raises(ValidationError, match="suspended"):
        services.credit_service_log(log, team_leader)
    log.refresh_from_db()
    assert log.status == ServiceLog.Status.PENDING
    assert not LedgerEntry.objects.exists()


def test_log_overlapping_verified_service_is_refused(member, team_leader):
    first = ServiceLogFactory(volunteer=member, hours=3)
    services.credit_service_log(first, team_leader)
    second = ServiceLogFactory(
        volunteer=member, started_at=first.started_at + timedelta(hours=1)
    )
    with pytest.raises(ValidationError, match="overlaps"):
        services.credit_service_log(second, team_leader)
    assert LedgerEntry.objects.count() == 1


def test_points_rule_in_force_when_the_work_was_done_applies(member, team_leader):
    log = ServiceLogFactory(volunteer=member, hours=2, points_value=10)
    # A later change of the rule elsewhere does not touch the stored snapshot.
    assert services.credit_service_log(log, team_leader).amount == 20


def test_rejecting_needs_a_reason_and_credits_nothing(member, team_leader):
    log = ServiceLogFactory(volunteer=member)
    with pytest.raises(ValidationError):
        services.reject_service_log(log, team_leader, " ")
    services.reject_service_log(log, team_leader, "照片与内容不符")
    log.refresh_from_db()
    assert log.status == ServiceLog.Status.REJECTED
    assert not LedgerEntry.objects.exists()


def test_redeem_moves_stock_and_balance_together(member, team_leader):
    credit(member, team_leader, hours=10)
    reward = RewardFactory(cost=30, stock=2)
    redemption = services.redeem(member, reward, member.user)
    reward.refresh_from_db()
    member.refresh_from_db()
    assert reward.stock == 1
    assert member.balance == 70
    assert len(redemption.pickup_code) == 8
    assert balance_matches_ledger(member)


def test_redeem_with_too_few_points_changes_nothing(member):
    reward = RewardFactory(cost=30, stock=2)
    with pytest.raises(ValidationError, match="Not enough points"):
        services.redeem(member, reward, member.user)
    reward.refresh_from_db()
    assert reward.stock == 2
    assert not Redemption.objects.exists()


def test_redeem_out_of_stock_changes_nothing(member, team_leader):
    credit(member, team_leader, hours=10)
    reward = RewardFactory(cost=30, stock=0)
    with pytest.raises(ValidationError, match="out of stock"):
        services.redeem(member, reward, member.user)
    member.refresh_from_db()
    assert member.balance == 100
    assert not Redemption.objects.exists()


def test_suspended_volunteer_cannot_redeem(member, team_leader):
    credit(member, team_leader, hours=10)
    member.suspend(team_leader, "暂停")
    with pytest.raises(ValidationError, match="suspended"):
        services.redeem(member, RewardFactory(), member.user)


def test_nobody_redeems_for_someone_else(member, other_member, team_leader):
    credit(member, team_leader, hours=10)
    with pytest.raises(PermissionDenied):
        services.redeem(member, RewardFactory(), other_member.user)
    with pytest.raises(PermissionDenied):
        services.redeem(member, RewardFactory(), team_leader)


def test_per_person_limit_per_period(member, team_leader):
    credit(member, team_leader, hours=20)
    reward = RewardFactory(cost=10, stock=5, limit_per_person=1)
    services.redeem(member, reward, member.user)
    with pytest.raises(ValidationError, match="limit of 1"):
        services.redeem(member, reward, member.user)


def test_cancelling_refunds_points_and_returns_stock(member, team_leader):
    credit(member, team_leader, hours=10)
    reward = RewardFactory(cost=30, stock=1)
    redemption = services.redeem(member, reward, member.user)
    services.cancel_redemption(redemption, team_leader, "库存盘点有误")
    reward.refresh_from_db()
    member.refresh_from_db()
    assert reward.stock == 1
    assert member.balance == 100
    kinds = list(member.ledger.order_by("pk").values_list("kind", flat=True))
    assert kinds == ["earn", "redeem", "refund"]
    with pytest.raises(ValidationError, match="already closed"):
        services.cancel_redemption(redemption, team_leader, "again")
    assert balance_matches_ledger(member)


def test_fulfilled_redemption_cannot_be_cancelled(member, team_leader):
    credit(member, team_leader, hours=10)
    redemption = services.redeem(member, RewardFactory(cost=30), member.user)
    services.fulfil(redemption, team_leader)
    with pytest.raises(ValidationError, match="already closed"):
        services.cancel_redemption(redemption, team_leader, "too late")
    member.refresh_from_db()
    assert member.balance == 70


def test_only_an_officer_adjusts_and_needs_a_reason(member, team_leader, officer_a):
    with pytest.raises(PermissionDenied):
        services.adjust(member, 10, "奖励", team_leader)
    with pytest.raises(ValidationError):
        services.adjust(member, 10, "", officer_a)
    with pytest.raises(ValidationError, match="Not enough points"):
        services.adjust(member, -5, "扣减", officer_a)
    entry = services.adjust(member, 15, "抗台风突击服务补记", officer_a)
    assert entry.kind == LedgerEntry.Kind.ADJUST
    assert Volunteer.objects.get(pk=member.pk).balance == 15
    services.adjust(member, -15, "更正重复补记", officer_a)
    assert balance_matches_ledger(member)
