"""Many requests at once must never oversell stock or overspend points.

On PostgreSQL 50 threads run 1,000 operations against the real server. SQLite
allows one writer at a time, so there the same mix runs serialised (smaller),
which still checks the bookkeeping.
"""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, connections
from django.db.models import Sum

from volunteers import services
from volunteers.models import LedgerEntry, Redemption, ServiceLog, Volunteer

from .factories import RewardFactory, ServiceLogFactory, VolunteerFactory

STOCK = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_redemptions_and_credits_keep_the_books_straight(officer_a):
    on_postgres = connection.vendor == "postgresql"
    threads, operations = (50, 1000) if on_postgres else (1, 200)
    volunteers = [VolunteerFactory() for _ in range(4)]
    reward = RewardFactory(cost=25, stock=STOCK)
    credits = operations // 2
    logs = [
        ServiceLogFactory(volunteer=volunteers[n % len(volunteers)], hours=1)
        for n in range(credits)
    ]
    jobs = [("credit", log.pk) for log in logs] + [
        ("redeem", volunteers[n % len(volunteers)].pk)
        for n in range(operations - credits)
    ]
    random.Random(4).shuffle(jobs)
    outcomes = {"ok": 0, "refused": 0}
    lock = threading.Lock()

    def run(job):
        kind, pk = job
        try:
            if kind == "credit":
                services.credit_service_log(ServiceLog.objects.get(pk=pk), officer_a)
            else:
                volunteer = Volunteer.objects.select_related("user").get(pk=pk)
                services.redeem(volunteer, reward, volunteer.user)
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connections.close_all()
        with lock:
            outcomes[result] += 1

    with ThreadPoolExecutor(max_workers=threads) as pool:
        list(pool.map(run, jobs))

    assert outcomes["ok"] + outcomes["refused"] == operations
    reward.refresh_from_db()
    redeemed = Redemption.objects.count()
    assert reward.stock >= 0
    assert reward.stock + redeemed == STOCK
    assert redeemed == STOCK  # demand far exceeds stock: every item went
    assert ServiceLog.objects.verified().count() == credits
    assert LedgerEntry.objects.filter(kind="earn").count() == credits
    for volunteer in Volunteer.objects.all():
        ledger_sum = volunteer.ledger.aggregate(total=Sum("amount"))["total"] or 0
        assert volunteer.balance >= 0
        assert volunteer.balance == ledger_sum
        last = volunteer.ledger.order_by("-pk").first()
        assert last is None or last.balance_after == volunteer.balance


@pytest.mark.django_db(transaction=True)
def test_database_refuses_overselling_even_without_the_service():
    reward = RewardFactory(stock=0)
    with pytest.raises(DatabaseError):
        type(reward).objects.filter(pk=reward.pk).update(stock=-1)
