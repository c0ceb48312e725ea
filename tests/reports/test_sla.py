from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from reports.models import Report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_overdue_reports_notify_the_supervisor_once(
    grid_a, category, station_supervisor, mailoutbox
):
    late = ReportFactory(
        grid=grid_a, category=category, created_at=timezone.now() - timedelta(hours=5)
    )
    ReportFactory(grid=grid_a, category=category)
    call_command("check_report_sla")
    call_command("check_report_sla")
    sent = [m for m in mailoutbox if m.to == [station_supervisor.email]]
    assert len(sent) == 1 and late.reference in sent[0].subject


def test_resolved_reports_close_after_seven_days(grid_a, category, officer_a):
    old = ReportFactory(grid=grid_a, category=category)
    old.accept(officer_a)
    old.resolve(officer_a, public_reply="已处理")
    Report.objects.filter(pk=old.pk).update(
        resolved_at=timezone.now() - timedelta(days=8)
    )
    recent = ReportFactory(grid=grid_a, category=category)
    recent.accept(officer_a)
    recent.resolve(officer_a, public_reply="已处理")
    call_command("check_report_sla")
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.status == Report.Status.CLOSED
    assert recent.status == Report.Status.RESOLVED
    assert old.updates.last().author is None


def test_reports_waiting_for_review_are_not_closed_automatically(
    grid_a, category, officer_a
):
    report = ReportFactory(grid=grid_a, category=category)
    report.accept(officer_a)
    report.resolve(officer_a, public_reply="已处理")
    report.rate(1, "不满意")
    Report.objects.filter(pk=report.pk).update(
        resolved_at=timezone.now() - timedelta(days=8)
    )
    call_command("check_report_sla")
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED and report.needs_review
