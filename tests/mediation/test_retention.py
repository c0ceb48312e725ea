import datetime

from django.core.management import call_command
from django.utils import timezone

from mediation.models import Case

from .factories import CaseFactory, PartyFactory


def test_retention_erases_party_data_of_old_closed_cases_and_keeps_statistics(
    settings, grid_a
):
    settings.MEDIATION_RETENTION_YEARS = 3
    old = CaseFactory(grid=grid_a, category="labour")
    PartyFactory(case=old, name="刘大勇")
    recent = CaseFactory(grid=grid_a)
    PartyFactory(case=recent, name="陈美玲")
    long_ago = timezone.now() - datetime.timedelta(days=4 * 365)
    Case.objects.filter(pk=old.pk).update(status="closed", closed_at=long_ago)
    Case.objects.filter(pk=recent.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=30)
    )
    call_command("apply_mediation_retention")
    old.refresh_from_db()
    party = old.parties.get()
    assert party.erased and party.name == "" and old.summary == ""
    assert old.party_data_erased_at and old.category == "labour"
    assert recent.parties.get().name == "陈美玲"
    events_after_first_run = old.events.count()
    call_command("apply_mediation_retention")
    assert old.events.count() == events_after_first_run
