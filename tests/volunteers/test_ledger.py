import pytest
from django.db import IntegrityError, transaction

from volunteers import services
from volunteers.models import LedgerEntry, Volunteer
from volunteers.models.points import AppendOnlyError

from .factories import ServiceLogFactory


@pytest.fixture
def entry(member, team_leader):
    log = ServiceLogFactory(volunteer=member, team=member.teams.first())
    return services.credit_service_log(log, team_leader)


def test_ledger_entry_cannot_be_edited(entry):
    entry.reason = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()


def test_ledger_entry_cannot_be_deleted(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.update(amount=1)
    assert LedgerEntry.objects.count() == 1


def test_database_refuses_a_zero_amount(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            volunteer=member,
            kind=LedgerEntry.Kind.ADJUST,
            amount=0,
            balance_after=0,
            source_key="x",
            reason="zero",
        )


def test_database_refuses_a_positive_redeem_entry(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            volunteer=member,
            kind=LedgerEntry.Kind.REDEEM,
            amount=5,
            balance_after=5,
            source_key="x",
            reason="wrong sign",
        )


def test_database_refuses_a_duplicate_source_key(entry):
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(
            volunteer=entry.volunteer,
            kind=LedgerEntry.Kind.EARN,
            amount=20,
            balance_after=40,
            source_key=entry.source_key,
            reason="again",
        )


def test_database_refuses_a_negative_cached_balance(member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Volunteer.objects.filter(pk=member.pk).update(balance=-1)


def test_raw_sql_cannot_rewrite_the_ledger_on_postgresql(entry):
    from django.db import DatabaseError, connection

    if connection.vendor != "postgresql":
        # SQLite has no trigger; the model and queryset guards above hold there.
        with pytest.raises(AppendOnlyError):
            LedgerEntry.objects.filter(pk=entry.pk).update(amount=999)
        return
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE volunteers_ledgerentry SET amount = 999 WHERE id = %s",
                [entry.pk],
            )
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM volunteers_ledgerentry")
    assert LedgerEntry.objects.get().amount == entry.amount
