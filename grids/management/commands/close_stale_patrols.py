from django.core.management.base import BaseCommand

from grids import patrols


class Command(BaseCommand):
    help = (
        "End patrols left under way for 12 hours at their last check-in, marked "
        "as closed automatically. Run hourly."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"closed={patrols.close_stale_patrols()}")
