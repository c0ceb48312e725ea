from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from volunteers import services, tasks
from volunteers.models import SignUp


class Command(BaseCommand):
    help = (
        "Remind volunteers of activities starting in 24–48 hours (once each), "
        "close check-ins left open for 24 hours and record no-shows. Run hourly."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        due = SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            reminded_at__isnull=True,
            activity__status="published",
            activity__starts_at__gte=now + timedelta(hours=24),
            activity__starts_at__lte=now + timedelta(hours=48),
        )
        sent = 0
        for signup in due:
            tasks.send_reminder.enqueue(signup.pk)
            SignUp.objects.filter(pk=signup.pk).update(reminded_at=now)
            sent += 1
        closed, no_shows = services.close_stale_attendances(now)
        self.stdout.write(f"reminders={sent} auto_closed={closed} no_shows={no_shows}")
