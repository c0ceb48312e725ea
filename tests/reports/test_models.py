from datetime import timedelta

import pytest
from django.utils import timezone

from reports.models import InvalidTransition, Report, ReportUpdate, hash_token

from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def test_reference_is_year_and_padded_number(grid_a, category):
    report = ReportFactory(grid=grid_a, category=category)
    year = timezone.localtime(report.created_at).year
    assert report.reference == f"R{year}-{report.pk:06d}"


def test_deadlines_follow_the_category_sla(grid_a, category):
    report = ReportFactory(grid=grid_a, category=category)
    assert report.accept_due_at - report.created_at == timedelta(hours=2)
    assert report.resolve_due_at - report.created_at == timedelta(hours=168)


def test_issued_token_is_long_and_only_its_hash_is_stored(grid_a, category):
    report = ReportFactory.build(grid=grid_a, category=category)
    token = report.issue_token()
    assert len(token) >= 32
    assert report.token_hash == hash_token(token) != token


def test_each_transition_writes_a_timeline_entry(grid_a, category, officer_a):
    report = ReportFactory(grid=grid_a, category=category)
    report.accept(officer_a, public_reply="已受理，民警将到现场。")
    report.start(officer_a, internal_note="联系物业")
    report.resolve(officer_a, public_reply="杂物已清理。")
    steps = list(report.updates.values_list("from_status", "to_status", "author"))
    assert steps == [
        ("submitted", "accepted", officer_a.pk),
        ("accepted", "in_progress", officer_a.pk),
        ("in_progress", "resolved", officer_a.pk),
    ]
    report.refresh_from_db()
    assert report.assigned_to == officer_a
    assert report.first_reply_at is not None


def test_a_disallowed_transition_changes_nothing(grid_a, category, officer_a):
    report = ReportFactory(grid=grid_a, category=category)
    with pytest.raises(InvalidTransition):
        report.resolve(officer_a, public_reply="x")
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    assert not report.updates.exists()


def test_a_happy_rating_closes_the_report(grid_a, category, officer_a):
    report = ReportFactory(grid=grid_a, category=category)
    report.accept(officer_a)
    report.resolve(officer_a, public_reply="已处理")
    report.rate(5, "很及时")
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED
    assert report.rating == 5


def test_an_unhappy_rating_asks_for_supervisor_review(grid_a, category, officer_a):
    report = ReportFactory(grid=grid_a, category=category)
    report.accept(officer_a)
    report.resolve(officer_a, public_reply="已处理")
    report.rate(1, "没有解决")
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED and report.needs_review
    with pytest.raises(InvalidTransition):
        report.rate(5)


def test_reopening_keeps_the_history(grid_a, category, officer_a, supervisor):
    report = ReportFactory(grid=grid_a, category=category)
    report.accept(officer_a)
    report.resolve(officer_a, public_reply="已处理")
    report.close(officer_a)
    report.reopen(supervisor, internal_note="回访发现仍存在")
    assert report.status == Report.Status.IN_PROGRESS
    assert report.updates.count() == 4


def test_duplicate_links_the_original_and_counts_a_voice(grid_a, category, officer_a):
    original = ReportFactory(grid=grid_a, category=category)
    copy = ReportFactory(grid=grid_a, category=category)
    copy.mark_duplicate(officer_a, original)
    original.refresh_from_db()
    assert copy.duplicate_of == original and original.supporters == 2
    with pytest.raises(InvalidTransition):
        original.mark_duplicate(officer_a, original)


def test_overdue_reports_are_found_by_their_deadlines(grid_a, category):
    late = ReportFactory(
        grid=grid_a, category=category, created_at=timezone.now() - timedelta(hours=3)
    )
    ReportFactory(grid=grid_a, category=category)
    assert list(Report.objects.overdue()) == [late]
    assert late.is_overdue


def test_public_updates_are_status_changes_and_replies(grid_a, category, officer_a):
    report = ReportFactory(grid=grid_a, category=category)
    note = report.reply(officer_a, internal_note="内部备注")
    reply = report.reply(officer_a, public_reply="我们正在处理")
    assert not note.is_public and reply.is_public
    assert ReportUpdate.objects.filter(report=report).count() == 2
