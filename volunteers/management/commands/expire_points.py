"""Expire volunteers' unspent old points (the optional yearly rule).

Off unless VOLUNTEER_POINTS_EXPIRE_YEARS is set; meant to run once a year, early
on 1 January. Running it again posts nothing new (see services.expire_points).
"""

from datetime import date

from django.core.management.base import BaseCommand

from volunteers import services


class Command(BaseCommand):
    help = "Post expiry entries for points earned before the yearly cutoff."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="Compute the cutoff as if today were this date (YYYY-MM-DD).",
        )

    def handle(self, *args, **options):
        cutoff = services.expiry_cutoff(options["today"])
        if cutoff is None:
            self.stdout.write("Points expiry is off (VOLUNTEER_POINTS_EXPIRE_YEARS=0).")
            return
        expired = services.expire_points(cutoff)
        self.stdout.write(
            self.style.SUCCESS(
                f"Cutoff {cutoff:%Y-%m-%d}: {len(expired)} volunteers, "
                f"{sum(expired.values())} points expired."
            )
        )
