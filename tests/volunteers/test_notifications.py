from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal.sms import OutboxSender
from volunteers import services
from volunteers.models import SignUp

from .factories import ActivityFactory


def test_reminders_go_out_once_for_activities_24_to_48_hours_ahead(
    team, grid_a, member, other_member
):
    soon = ActivityFactory(
        team=team, grid=grid_a, starts_at=timezone.now() + timedelta(hours=30)
    )
    later = ActivityFactory(
        team=team, grid=grid_a, starts_at=timezone.now() + timedelta(hours=80)
    )
    services.sign_up(soon, member)
    services.sign_up(later, other_member)
    call_command("send_activity_reminders")
    call_command("send_activity_reminders")
    assert [phone for phone, _ in OutboxSender.outbox] == [member.mobile]
    assert len(mail.outbox) == 1
    assert soon.title in mail.outbox[0].subject
    assert SignUp.objects.get(volunteer=member).reminded_at is not None


def test_cancelling_an_activity_tells_everyone_signed_up(
    team, grid_a, member, team_leader, django_capture_on_commit_callbacks
):
    activity = ActivityFactory(team=team, grid=grid_a)
    services.sign_up(activity, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_activity(activity, team_leader, "台风预警")
    assert any("台风预警" in message for _, message in OutboxSender.outbox)


def test_a_failing_sender_does_not_break_the_operation(
    settings, team, grid_a, member, other_member, django_capture_on_commit_callbacks
):
    settings.SMS_SENDER = "volunteers.missing.Sender"
    activity = ActivityFactory(team=team, grid=grid_a, capacity=1)
    first = services.sign_up(activity, other_member)
    services.sign_up(activity, member)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_sign_up(first)
    assert SignUp.objects.get(volunteer=member).status == SignUp.Status.CONFIRMED


@pytest.mark.django_db
def test_command_runs_on_an_empty_database():
    call_command("send_activity_reminders")
