"""Run by a scheduler early on the 1st of each month: compute and publish last
month's rankings of every active monthly scoring scheme (by the background task,
so with the database task backend a worker does the work)."""

from datetime import date

from django.core.management.base import BaseCommand

from scoreboard.tasks import publish_monthly_rankings


class Command(BaseCommand):
    help = "Publish last month's rankings (grids, officers, stations) to staff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Rank the month before this date (YYYY-MM-DD) instead of today's.",
        )

    def handle(self, *args, **options):
        today = options["today"]
        result = publish_monthly_rankings.enqueue(today.isoformat() if today else None)
        self.stdout.write(f"publish_monthly_rankings queued: {result.id}")
