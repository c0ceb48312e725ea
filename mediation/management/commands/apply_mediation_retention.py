"""Erase the party data of cases closed more than MEDIATION_RETENTION_YEARS ago."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from mediation.services import erase_party_data


def retention_cutoff(now=None):
    now = now or timezone.now()
    return now - timezone.timedelta(
        days=round(365.25 * settings.MEDIATION_RETENTION_YEARS)
    )


class Command(BaseCommand):
    help = (
        "Erase names, phones, ID numbers, addresses, minutes and documents of "
        "cases closed longer ago than MEDIATION_RETENTION_YEARS; statistics stay."
    )

    def handle(self, *args, **options):
        count = erase_party_data(closed_before=retention_cutoff())
        self.stdout.write(f"Erased party data of {count} case(s).")
