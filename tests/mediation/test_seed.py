from django.core.management import call_command

from mediation.models import ActionItem, Case, Council, Mediator, Meeting


def test_seed_is_idempotent_and_covers_every_stage(grid_a, grid_b):
    call_command("seed_mediation")
    counts = (
        Case.objects.count(),
        Mediator.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
    )
    call_command("seed_mediation")
    assert counts == (
        Case.objects.count(),
        Mediator.objects.count(),
        Meeting.objects.count(),
        ActionItem.objects.count(),
    )
    statuses = set(Case.objects.values_list("status", flat=True))
    assert {
        "intake",
        "accepted",
        "mediating",
        "agreed",
        "failed",
        "closed",
        "withdrawn",
    } <= statuses
    assert Council.objects.get().member_units.count() == 5
