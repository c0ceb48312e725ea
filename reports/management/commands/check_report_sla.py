"""Run by a scheduler (e.g. every 10 minutes): tell supervisors about newly
overdue reports and close reports resolved 7+ days ago without a rating."""

from django.core.management.base import BaseCommand

from reports import services


class Command(BaseCommand):
    help = "Notify supervisors of overdue reports; auto-close stale resolved ones."

    def handle(self, *args, **options):
        overdue = services.flag_overdue()
        closed = services.close_stale_resolved()
        self.stdout.write(f"overdue notified: {overdue}, closed: {closed}")
