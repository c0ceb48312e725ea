import pytest
from django.core.management import call_command

from reports.models import Category, Report

pytestmark = pytest.mark.django_db


def test_seed_reports_is_idempotent_and_covers_the_workflow(grid_a, grid_b, officer_a):
    call_command("seed_reports")
    count = Report.objects.count()
    call_command("seed_reports")
    assert Report.objects.count() == count == 100
    assert Category.objects.filter(name="电信诈骗").exists()
    statuses = set(Report.objects.values_list("status", flat=True))
    assert {"submitted", "accepted", "in_progress", "resolved", "closed"} <= statuses
