from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from portal.sms import OutboxSender
from volunteers import services
from volunteers.models import (
    Attendance,
    LedgerEntry,
    Redemption,
    ServiceLog,
    SignUp,
    Volunteer,
)

from .factories import (
    ActivityFactory,
    MembershipFactory,
    RewardFactory,
    ServiceLogFactory,
    TeamFactory,
    VolunteerFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def text(response):
    return response.content.decode()


@pytest.fixture
def patrol(team, grid_a):
    return ActivityFactory(team=team, grid=grid_a, capacity=1)


@pytest.fixture
def running_patrol(team, grid_a):
    now = timezone.now()
    return ActivityFactory(
        team=team,
        grid=grid_a,
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=2),
        signup_deadline=now + timedelta(hours=1),
    )


# --- Applying ---------------------------------------------------------------------


def test_anonymous_visitor_must_log_in_to_apply(client, db):
    response = client.get(reverse("volunteers:apply"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_resident_applies_with_valid_details(client, resident, community, team):
    client.force_login(resident)
    response = client.post(
        reverse("volunteers:apply"),
        {
            "real_name": "王小明",
            "mobile": "138 1234 5678",
            "id_number": "330106199001011234",
            "community": community.pk,
            "preferred_team": team.pk,
            "skills": "急救",
            "availability": "周末",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    profile = Volunteer.objects.get(user=resident)
    assert profile.status == Volunteer.Status.APPLIED
    assert profile.mobile == "13812345678"


@pytest.mark.parametrize(
    "bad, field",
    [
        ({"mobile": "12345"}, "mobile"),
        ({"consent": ""}, "consent"),
        ({"id_number": "abc"}, "id_number"),
        ({"real_name": "张" * 5000}, "real_name"),
        ({"community": "999999"}, "community"),
        ({"community": "not-a-number"}, "community"),
    ],
)
def test_bad_application_shows_the_field_error_and_saves_nothing(
    client, resident, community, bad, field
):
    client.force_login(resident)
    data = {
        "real_name": "王小明",
        "mobile": "13812345678",
        "community": community.pk,
        "consent": "on",
    } | bad
    response = client.post(reverse("volunteers:apply"), data, **EN)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Volunteer.objects.exists()


# --- Signing up -----------------------------------------------------------------------


def test_full_activity_takes_a_waitlist_that_moves_up_on_cancel(
    client, patrol, member, other_member, django_capture_on_commit_callbacks
):
    services.sign_up(patrol, other_member)
    client.force_login(member.user)
    client.post(reverse("volunteers:sign_up", args=[patrol.pk]))
    mine = SignUp.objects.get(volunteer=member)
    assert mine.status == SignUp.Status.WAITLISTED
    assert mine.waitlist_position == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_sign_up(SignUp.objects.get(volunteer=other_member))
    mine.refresh_from_db()
    assert mine.status == SignUp.Status.CONFIRMED
    assert mine.waitlist_position is None
    assert any(phone == member.mobile for phone, _ in OutboxSender.outbox)


def test_signing_up_twice_is_refused_with_a_message(client, patrol, member):
    client.force_login(member.user)
    client.post(reverse("volunteers:sign_up", args=[patrol.pk]))
    response = client.post(
        reverse("volunteers:sign_up", args=[patrol.pk]), follow=True, **EN
    )
    assert "already signed up" in text(response)
    assert SignUp.objects.count() == 1


def test_suspended_volunteer_cannot_sign_up(client, patrol, member, team_leader):
    member.suspend(team_leader, "暂停")
    client.force_login(member.user)
    response = client.post(
        reverse("volunteers:sign_up", args=[patrol.pk]), follow=True, **EN
    )
    assert "Suspended" in text(response)
    assert not SignUp.objects.exists()


def test_sign_up_after_the_deadline_is_refused(client, team, grid_a, member):
    activity = ActivityFactory(
        team=team, grid=grid_a, signup_deadline=timezone.now() - timedelta(hours=1)
    )
    client.force_login(member.user)
    response = client.post(
        reverse("volunteers:sign_up", args=[activity.pk]), follow=True, **EN
    )
    assert "closed" in text(response)
    assert not SignUp.objects.exists()


# --- Check-in by QR link ----------------------------------------------------------------


def test_check_in_and_out_by_qr_link_makes_a_pending_log(
    client, running_patrol, member
):
    services.sign_up(running_patrol, member)
    client.force_login(member.user)
    url = reverse("volunteers:check_in", args=[running_patrol.checkin_token])
    assert "Check in" in text(client.get(url, **EN))
    client.post(url, {"action": "in", "lat": "30.25", "lng": "120.15"})
    attendance = Attendance.objects.get()
    assert attendance.check_in_lat == 30.25
    Attendance.objects.filter(pk=attendance.pk).update(
        checked_in_at=timezone.now() - timedelta(hours=2)
    )
    client.post(url, {"action": "out"})  # no position: still works
    log = ServiceLog.objects.get()
    assert log.status == ServiceLog.Status.PENDING
    assert log.hours == 2
    assert log.points == 20
    assert not LedgerEntry.objects.exists()


def test_check_out_before_check_in_is_refused(client, running_patrol, member):
    services.sign_up(running_patrol, member)
    client.force_login(member.user)
    url = reverse("volunteers:check_in", args=[running_patrol.checkin_token])
    response = client.post(url, {"action": "out"}, follow=True, **EN)
    assert "not checked in" in text(response)
    attendance = services.check_in(running_patrol, member)
    with pytest.raises(ValidationError, match="after check-in"):
        services.check_out(
            running_patrol, member, at=attendance.checked_in_at - timedelta(minutes=5)
        )
    attendance.refresh_from_db()
    assert attendance.checked_out_at is None
    assert not ServiceLog.objects.exists()


def test_check_in_without_a_place_is_refused(client, running_patrol, member):
    client.force_login(member.user)
    url = reverse("volunteers:check_in", args=[running_patrol.checkin_token])
    response = client.post(url, {"action": "in"}, follow=True, **EN)
    assert "confirmed place" in text(response)
    assert not Attendance.objects.exists()


def test_hostile_position_values_are_ignored_not_a_500(client, running_patrol, member):
    services.sign_up(running_patrol, member)
    client.force_login(member.user)
    url = reverse("volunteers:check_in", args=[running_patrol.checkin_token])
    response = client.post(url, {"action": "in", "lat": "x" * 10000, "lng": "999"})
    assert response.status_code == 200
    assert not Attendance.objects.exists()


def test_unknown_qr_token_is_404(client, member):
    client.force_login(member.user)
    assert client.get(reverse("volunteers:check_in", args=["nope"])).status_code == 404


def test_stale_check_in_is_closed_and_flagged_not_credited(running_patrol, member):
    services.sign_up(running_patrol, member)
    services.check_in(running_patrol, member)
    closed, _ = services.close_stale_attendances(now=timezone.now() + timedelta(days=2))
    assert closed == 1
    log = ServiceLog.objects.get()
    assert log.needs_review
    assert log.status == ServiceLog.Status.PENDING
    assert Attendance.objects.get().auto_closed
    assert not LedgerEntry.objects.exists()


# --- Self-reported service ------------------------------------------------------------------


def log_data(**overrides):
    started = timezone.localtime() - timedelta(days=1)
    return {
        "kind": "publicity",
        "description": "社区反诈宣传",
        "place": "文一社区广场",
        "started_at": started.strftime("%Y-%m-%dT%H:%M"),
        "hours": "2",
    } | overrides


@pytest.mark.parametrize("hours", ["-2", "0", "25", "abc", "9" * 50])
def test_bad_hours_are_refused(client, member, hours):
    client.force_login(member.user)
    response = client.post(reverse("volunteers:log_service"), log_data(hours=hours))
    assert response.status_code == 200
    assert "hours" in response.context["form"].errors
    assert not ServiceLog.objects.exists()


def test_overlapping_self_reported_log_is_refused(client, member):
    client.force_login(member.user)
    client.post(reverse("volunteers:log_service"), log_data())
    response = client.post(reverse("volunteers:log_service"), log_data(), **EN)
    assert "overlaps" in text(response)
    assert ServiceLog.objects.count() == 1


def test_self_reported_log_keeps_a_private_photo(client, member, team_leader):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    client.force_login(member.user)
    photo = SimpleUploadedFile("p.png", png_bytes(), content_type="image/png")
    client.post(reverse("volunteers:log_service"), log_data(photo=photo))
    log = ServiceLog.objects.get()
    assert log.photo.name.startswith("volunteer-logs/")
    url = reverse("volunteers:log_photo", args=[log.pk])
    assert client.get(url).status_code == 200
    client.force_login(VolunteerFactory().user)
    assert client.get(url).status_code == 404


def test_fake_photo_is_refused(client, member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(member.user)
    photo = SimpleUploadedFile("p.png", b"not an image", content_type="image/png")
    response = client.post(reverse("volunteers:log_service"), log_data(photo=photo))
    assert "photo" in response.context["form"].errors
    assert not ServiceLog.objects.exists()


# --- Points, rewards, privacy ---------------------------------------------------------------


def test_volunteer_sees_only_their_own_history(client, member, other_member, officer_a):
    services.adjust(other_member, 40, "其他人的补记", officer_a)
    client.force_login(member.user)
    response = client.get(reverse("volunteers:my_points"))
    assert "其他人的补记" not in text(response)


def test_volunteer_cannot_open_someone_elses_redemption(
    client, member, other_member, officer_a
):
    services.adjust(other_member, 100, "补记", officer_a)
    redemption = services.redeem(other_member, RewardFactory(), other_member.user)
    client.force_login(member.user)
    url = reverse("volunteers:redemption", args=[redemption.pk])
    assert client.get(url).status_code == 404
    cancel = reverse("volunteers:cancel_redemption", args=[redemption.pk])
    assert client.post(cancel).status_code == 404
    assert Redemption.objects.get().status == Redemption.Status.PENDING


def test_redeem_page_always_redeems_for_the_logged_in_volunteer(
    client, member, other_member, officer_a
):
    services.adjust(member, 100, "补记", officer_a)
    services.adjust(other_member, 100, "补记", officer_a)
    reward = RewardFactory(cost=30)
    client.force_login(member.user)
    client.post(
        reverse("volunteers:redeem", args=[reward.pk]), {"volunteer": other_member.pk}
    )
    assert Redemption.objects.get().volunteer == member
    other_member.refresh_from_db()
    assert other_member.balance == 100


def test_redeem_with_too_few_points_shows_a_message(client, member):
    reward = RewardFactory(cost=30, stock=3)
    client.force_login(member.user)
    response = client.post(
        reverse("volunteers:redeem", args=[reward.pk]), follow=True, **EN
    )
    assert "Not enough points" in text(response)
    reward.refresh_from_db()
    assert reward.stock == 3


def test_certificate_counts_verified_service_and_verifies_publicly(
    client, member, team_leader
):
    services.credit_service_log(
        ServiceLogFactory(volunteer=member, hours=3), team_leader
    )
    ServiceLogFactory(volunteer=member, hours=5)  # pending: not counted
    client.force_login(member.user)
    response = client.post(reverse("volunteers:issue_certificate"), follow=True)
    html = text(response)
    certificate = member.certificates.get()
    assert certificate.hours == 3
    assert "330106**********" in html or "********" in html
    assert member.id_number not in html
    client.logout()
    verify = client.get(
        reverse("volunteers:verify_certificate", args=[certificate.token])
    )
    assert certificate.number in text(verify)
    assert member.real_name not in text(verify)
    other = client.get(reverse("volunteers:certificate", args=[certificate.number]))
    assert other.status_code == 302


# --- Leader page ---------------------------------------------------------------------


def test_leader_verifies_a_log_of_their_team(client, team, member, team_leader):
    log = ServiceLogFactory(volunteer=member, team=team)
    client.force_login(team_leader)
    assert "反诈宣传进小区" in text(client.get(reverse("volunteers:lead")))
    client.post(reverse("volunteers:verify_log", args=[log.pk]))
    member.refresh_from_db()
    assert member.balance == 20


def test_leader_cannot_act_on_another_teams_log(client, other_team, team, team_leader):
    outsider = VolunteerFactory()
    MembershipFactory(team=other_team, volunteer=outsider)
    log = ServiceLogFactory(volunteer=outsider, team=other_team)
    client.force_login(team_leader)
    assert (
        client.post(reverse("volunteers:verify_log", args=[log.pk])).status_code == 404
    )
    assert (
        client.post(
            reverse("volunteers:reject_log", args=[log.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    log.refresh_from_db()
    assert log.status == ServiceLog.Status.PENDING


def test_leader_cannot_verify_their_own_log(client, team, team_leader, community):
    own = VolunteerFactory(user=team_leader, community=community)
    log = ServiceLogFactory(volunteer=own, team=team)
    client.force_login(team_leader)
    assert (
        client.post(reverse("volunteers:verify_log", args=[log.pk])).status_code == 404
    )
    assert not LedgerEntry.objects.exists()


def test_volunteer_cannot_open_the_leader_page(client, member):
    client.force_login(member.user)
    assert client.get(reverse("volunteers:lead")).status_code == 404


def test_officer_of_other_grid_gets_404_on_activity_roster(
    client, officer_a, officer_b, patrol
):
    client.force_login(officer_b)
    url = reverse("volunteers:lead_activity", args=[patrol.pk])
    assert client.get(url).status_code == 404
    client.force_login(officer_a)
    assert client.get(url).status_code == 200


def test_leader_checks_a_volunteer_in_by_hand_and_removes_another(
    client,
    team_leader,
    running_patrol,
    member,
    other_member,
    django_capture_on_commit_callbacks,
):
    services.sign_up(running_patrol, member)
    theirs = services.sign_up(running_patrol, other_member)
    client.force_login(team_leader)
    mine = SignUp.objects.get(volunteer=member)
    url = reverse("volunteers:roster_action", args=[running_patrol.pk, mine.pk])
    client.post(url, {"action": "in"})
    assert Attendance.objects.get().checked_in_by == team_leader
    remove = reverse("volunteers:roster_action", args=[running_patrol.pk, theirs.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove, {"action": "remove", "reason": "人员已满"})
    theirs.refresh_from_db()
    assert theirs.status == SignUp.Status.REMOVED
    assert any(phone == other_member.mobile for phone, _ in OutboxSender.outbox)


# --- Lists keep a constant number of queries -----------------------------------------


@pytest.mark.parametrize("size", [3, 30])
def test_list_pages_query_count_does_not_grow(
    client, size, station, grid_a, officer_a, django_assert_max_num_queries
):
    for _ in range(size):
        team = TeamFactory(station=station)
        team.grids.add(grid_a)
        profile = VolunteerFactory()
        MembershipFactory(team=team, volunteer=profile)
        ActivityFactory(team=team, grid=grid_a)
        RewardFactory()
        log = ServiceLogFactory(volunteer=profile, team=team)
        services.credit_service_log(log, officer_a)
    for name in ["index", "teams", "activities", "rewards", "leaderboard"]:
        with django_assert_max_num_queries(12):
            assert client.get(reverse(f"volunteers:{name}")).status_code == 200
    with django_assert_max_num_queries(12):
        client.get(reverse("volunteers:leaderboard") + "?period=all")


def test_grid_page_shows_upcoming_activities_of_the_grid(client, patrol, grid_a):
    html = text(client.get(grid_a.page.url))
    assert patrol.title in html
    assert patrol.team.name in html
