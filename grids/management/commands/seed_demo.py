import time

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from wagtail.images.models import Image

from grids import demo
from grids.models import Assignment, Community, Grid, GridPriority, Person, Station
from portal.models import AlertPage

OTHER_SEEDS = ("seed_reports", "seed_volunteers", "seed_mediation", "seed_scoreboard")


class Command(BaseCommand):
    help = (
        "Load the demo sub-bureau: stations, communities, grids, people and pages. "
        "Safe to run again: it changes nothing the second time."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        demo.build()
        self.stdout.write(self.summary(time.monotonic() - started))
        available = get_commands()
        for name in OTHER_SEEDS:
            if name in available:
                self.stdout.write(f"Running {name}…")
                call_command(name, stdout=self.stdout, stderr=self.stderr)

    def summary(self, seconds):
        counts = {
            "stations": Station.objects.count(),
            "communities": Community.objects.count(),
            "grids": Grid.objects.count(),
            "people": Person.objects.count(),
            "current assignments": Assignment.objects.current().count(),
            "portraits": Image.objects.filter(
                title__startswith="demo-portrait-"
            ).count(),
            "grid priorities": GridPriority.objects.count(),
            "alerts": AlertPage.objects.count(),
        }
        listed = ", ".join(f"{count} {label}" for label, count in counts.items())
        return self.style.SUCCESS(f"Demo data ready in {seconds:.1f} s: {listed}.")
