"""The optional yearly expiry of unspent points, first in, first out.

Entries are dated by hand (the service dates entries "now"), so the balances
below are worked out by hand from these dates.
"""

from datetime import date, datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F, Sum
from django.utils import timezone

from volunteers import services
from volunteers.models import LedgerEntry, Volunteer

from .factories import VolunteerFactory

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return timezone.make_aware(datetime(year, month, day, 10))


def entry(volunteer, kind, amount, when):
    """A dated ledger entry with the cached balance moved along, as _post does."""
    volunteer.refresh_from_db()
    LedgerEntry.objects.create(
        volunteer=volunteer,
        kind=kind,
        amount=amount,
        balance_after=volunteer.balance + amount,
        source_key=f"test:{volunteer.pk}:{LedgerEntry.objects.count()}",
        reason="测试",
        created_at=when,
    )
    Volunteer.objects.filter(pk=volunteer.pk).update(balance=F("balance") + amount)


def balance(volunteer):
    volunteer.refresh_from_db()
    total = volunteer.ledger.aggregate(total=Sum("amount"))["total"]
    assert volunteer.balance == total  # the cache always matches the ledger
    return volunteer.balance


@pytest.fixture
def zhang():
    """Earned 100 (2024) and 50 (2025), spent 30 (2025), earned 40 (2026)."""
    volunteer = VolunteerFactory(real_name="张志强")
    entry(volunteer, "earn", 100, at(2024, 3, 1))
    entry(volunteer, "earn", 50, at(2025, 6, 1))
    entry(volunteer, "redeem", -30, at(2025, 7, 1))
    entry(volunteer, "earn", 40, at(2026, 2, 1))
    return volunteer


def test_cutoff_is_1_january_years_back():
    assert services.expiry_cutoff(date(2027, 6, 15), years=1) == at(2026, 1, 1).replace(
        hour=0
    )
    assert services.expiry_cutoff(date(2027, 6, 15), years=0) is None


def test_unspent_old_points_expire_first_in_first_out(zhang):
    # Before 2026: 100 + 50 earned, 30 spent -> 120 left; the 40 of 2026 stay.
    assert services.expire_points(at(2026, 1, 1).replace(hour=0)) == {zhang.pk: 120}
    assert balance(zhang) == 40
    expired = zhang.ledger.get(kind="expire")
    assert (expired.amount, expired.balance_after) == (-120, 40)
    # A year later the 40 of 2026 go too: 190 earned - 30 spent - 120 expired.
    assert services.expire_points(at(2027, 1, 1).replace(hour=0)) == {zhang.pk: 40}
    assert balance(zhang) == 0


def test_running_twice_for_the_same_cutoff_posts_once(zhang):
    cutoff = at(2026, 1, 1).replace(hour=0)
    services.expire_points(cutoff)
    assert services.expire_points(cutoff) == {}
    assert zhang.ledger.filter(kind="expire").count() == 1
    assert balance(zhang) == 40


def test_later_spending_uses_the_old_points_first():
    li = VolunteerFactory(real_name="李红梅")
    entry(li, "earn", 60, at(2025, 5, 1))
    entry(li, "earn", 100, at(2026, 3, 1))
    entry(li, "redeem", -80, at(2026, 4, 1))
    entry(li, "adjust", -10, at(2026, 4, 2))
    # 60 old points, 90 spent since: nothing old is left to expire.
    assert services.expire_points(at(2026, 1, 1).replace(hour=0)) == {}
    assert balance(li) == 70


def test_refunded_points_count_as_unspent():
    wang = VolunteerFactory(real_name="王海涛")
    entry(wang, "earn", 50, at(2025, 2, 1))
    entry(wang, "redeem", -50, at(2025, 3, 1))
    entry(wang, "refund", 50, at(2025, 3, 5))
    entry(wang, "earn", 20, at(2026, 2, 1))
    assert services.expire_points(at(2026, 1, 1).replace(hour=0)) == {wang.pk: 50}
    assert balance(wang) == 20


def test_expiry_never_takes_a_balance_below_zero():
    chen = VolunteerFactory(real_name="陈晓燕")
    entry(chen, "earn", 80, at(2025, 1, 10))
    entry(chen, "adjust", 30, at(2025, 2, 10))
    entry(chen, "adjust", -100, at(2026, 2, 10))
    assert services.expire_points(at(2026, 1, 1).replace(hour=0)) == {chen.pk: 10}
    assert balance(chen) == 0


def test_command_is_off_by_default(zhang, settings):
    settings.VOLUNTEER_POINTS_EXPIRE_YEARS = 0
    call_command("expire_points", "--today=2027-01-01", stdout=StringIO())
    assert not LedgerEntry.objects.filter(kind="expire").exists()
    assert balance(zhang) == 160


def test_command_expires_with_the_configured_years(zhang, settings):
    settings.VOLUNTEER_POINTS_EXPIRE_YEARS = 1
    out = StringIO()
    call_command("expire_points", "--today=2027-01-01", stdout=out)
    call_command("expire_points", "--today=2027-06-30", stdout=out)
    assert balance(zhang) == 40
    entry_ = zhang.ledger.get(kind="expire")
    assert entry_.source_key == f"expire:{zhang.pk}:2026-01-01"
