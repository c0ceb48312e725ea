import pytest
from django.core.management import call_command

from scoreboard.models import Ranking, RankingEntry, SchemeVersion, ScoringScheme

pytestmark = pytest.mark.django_db


def test_seed_scoreboard_publishes_last_months_rankings_once(
    grid_a, grid_b, officer_a
):
    call_command("seed_reports")
    call_command("seed_scoreboard")
    call_command("seed_scoreboard")
    scheme = ScoringScheme.objects.get()
    assert SchemeVersion.objects.filter(scheme=scheme).count() == 1
    rankings = Ranking.objects.all()
    assert sorted(r.level for r in rankings) == ["grid", "officer", "station"]
    assert all(r.published for r in rankings)
    grid_entries = RankingEntry.objects.filter(ranking__level="grid")
    assert {e.subject_id for e in grid_entries} == {grid_a.pk, grid_b.pk}
