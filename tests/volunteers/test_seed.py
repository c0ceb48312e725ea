from django.core.management import call_command

from volunteers.models import Activity, LedgerEntry, Reward, Team, Volunteer


def test_seed_is_idempotent_and_books_balance(grid_a, grid_b):
    call_command("seed_volunteers")
    counts = [
        model.objects.count()
        for model in (Team, Volunteer, Activity, Reward, LedgerEntry)
    ]
    call_command("seed_volunteers")
    assert counts == [
        model.objects.count()
        for model in (Team, Volunteer, Activity, Reward, LedgerEntry)
    ]
    assert Team.objects.filter(name="蓝天救援队", is_partner=True).exists()
    assert LedgerEntry.objects.exists()
    for volunteer in Volunteer.objects.all():
        assert volunteer.balance == sum(
            volunteer.ledger.values_list("amount", flat=True)
        )
