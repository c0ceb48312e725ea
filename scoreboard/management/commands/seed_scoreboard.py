"""Demo data for the scoreboard: the default monthly scoring scheme and last
month's published rankings (grids, officers, stations). Idempotent: the scheme
is found by name, and a published ranking is never recomputed."""

from django.core.management.base import BaseCommand
from django.db import transaction

from scoreboard import services
from scoreboard.models import SchemeWeight, ScoringScheme

SCHEME = "网格月度综合考核"
DESCRIPTION = (
    "按月对网格、社区民警和派出所综合赋分：受理及时、按期办结、群众满意、"
    "矛盾化解、必巡点覆盖和志愿服务。各项先按全局最好与最差折算为0–100分，"
    "再按权重加权；某项无数据的不计入该对象的加权。"
)
# kpi, weight, cap
WEIGHTS = [
    ("accepted_within_sla", 15, None),
    ("on_time_resolution_rate", 15, None),
    ("median_resolve_hours", 10, 24),
    ("closure_rate", 10, None),
    ("reopened_rate", 5, None),
    ("mean_rating", 15, None),
    ("rated_share", 5, None),
    ("mediation_success_rate", 10, None),
    ("patrol_point_coverage", 10, None),
    ("volunteer_hours", 5, 100),
]


class Command(BaseCommand):
    help = "Load the default scoring scheme and publish last month's rankings."

    def handle(self, *args, **options):
        with transaction.atomic():
            scheme, created = ScoringScheme.objects.get_or_create(
                name=SCHEME,
                defaults={"description": DESCRIPTION, "period_kind": "month"},
            )
            if created:
                for order, (kpi, weight, cap) in enumerate(WEIGHTS):
                    SchemeWeight.objects.create(
                        scheme=scheme, kpi=kpi, weight=weight, cap=cap, sort_order=order
                    )
            services.snapshot_version(scheme)
        rankings = services.publish_monthly_rankings()
        self.stdout.write(
            self.style.SUCCESS(
                f"Scoreboard: scheme “{scheme.name}” v{scheme.current_version.number}, "
                f"{len(rankings)} published rankings for "
                f"{rankings[0].period_key if rankings else '-'}."
            )
        )
