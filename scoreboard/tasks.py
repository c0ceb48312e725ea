"""Background jobs of the scoreboard (django_tasks; immediate in development)."""

import datetime as dt

from django_tasks import task

from . import services


@task()
def publish_monthly_rankings(day=None):
    """Publish last month's rankings; ``day`` is an ISO date in the next month."""
    on = dt.date.fromisoformat(day) if day else None
    return [r.pk for r in services.publish_monthly_rankings(on)]
