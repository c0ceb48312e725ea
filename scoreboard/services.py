"""Operations that write several rows: scheme versions and rankings."""

from django.db import transaction
from django.utils import timezone

from . import scoring
from .kpis import compute
from .models import Ranking, RankingEntry, SchemeVersion, ScoringScheme
from .periods import Period

RANKED_LEVELS = ("grid", "officer", "station")


def snapshot_version(scheme, by=None):
    """Freeze the scheme's rules as a new version unless the latest one matches.

    Called after every save in the admin; returns the version now in force.
    """
    with transaction.atomic():
        scheme = ScoringScheme.objects.select_for_update().get(pk=scheme.pk)
        latest = scheme.current_version
        rules = scheme.rules()
        if latest is not None and latest.rules == rules:
            return latest
        return SchemeVersion.objects.create(
            scheme=scheme,
            number=(latest.number + 1) if latest else 1,
            rules=rules,
            created_by=by if by is not None and by.is_authenticated else None,
        )


def compute_ranking(version, level, period, *, publish=False, now=None):
    """Score ``level`` for ``period`` under ``version`` and store the entries.

    A published ranking is never recomputed (it is returned as it is); an
    unpublished one for the same version, level and period is replaced.
    """
    now = now or timezone.now()
    existing = Ranking.objects.filter(
        version=version, level=level, period_kind=period.kind, period_key=period.key
    ).first()
    if existing is not None and existing.published:
        return existing
    scored = scoring.score(compute(level, period, now=now), version.rules)
    with transaction.atomic():
        if existing is not None:
            existing.delete()
        ranking = Ranking.objects.create(
            version=version,
            level=level,
            period_kind=period.kind,
            period_key=period.key,
            period_start=period.start,
            period_end=period.end,
            computed_at=now,
            published=publish,
            published_at=now if publish else None,
        )
        RankingEntry.objects.bulk_create(
            RankingEntry(
                ranking=ranking,
                subject_id=item.subject_id,
                subject_name=item.name[:100],
                score=item.score,
                rank=item.rank,
                values=item.values,
                points=item.points,
            )
            for item in scored
        )
    return ranking


def publish_monthly_rankings(day=None, now=None):
    """Publish last month's rankings of every active monthly scheme.

    ``day`` is any day of the month after the one ranked (default: today), so
    the job can run on the 1st. Returns the rankings published.
    """
    day = day or timezone.localdate()
    period = Period.containing("month", day).previous()
    published = []
    for scheme in ScoringScheme.objects.filter(is_active=True, period_kind="month"):
        version = scheme.current_version or snapshot_version(scheme)
        for level in RANKED_LEVELS:
            published.append(
                compute_ranking(version, level, period, publish=True, now=now)
            )
    return published


def publish_ranking(ranking, now=None):
    """Make a computed ranking visible to staff; publishing twice changes nothing."""
    if ranking.published:
        return ranking
    ranking.published = True
    ranking.published_at = now or timezone.now()
    ranking.save(update_fields=["published", "published_at"])
    return ranking
