import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from volunteers import services
from volunteers.models import LedgerEntry, Redemption, ServiceLog, Team, Volunteer

from .factories import (
    MembershipFactory,
    RewardFactory,
    ServiceLogFactory,
    VolunteerFactory,
)


def test_leader_lists_only_their_teams_logs(
    client, team, other_team, member, team_leader
):
    ServiceLogFactory(volunteer=member, team=team, description="本队巡逻")
    outsider = VolunteerFactory()
    MembershipFactory(team=other_team, volunteer=outsider)
    ServiceLogFactory(volunteer=outsider, team=other_team, description="他队护校")
    client.force_login(team_leader)
    html = client.get(reverse("volunteers_servicelog:index")).content.decode()
    assert "本队巡逻" in html
    assert "他队护校" not in html


def test_leader_verifies_in_the_admin(client, team, member, team_leader):
    log = ServiceLogFactory(volunteer=member, team=team)
    client.force_login(team_leader)
    url = reverse("volunteers_review_log", args=[log.pk, "verify"])
    assert client.get(url).status_code == 200
    client.post(url)
    member.refresh_from_db()
    assert member.balance == 20


def test_officer_of_other_grid_gets_404_on_a_log(
    client, team, member, officer_b, grid_a
):
    log = ServiceLogFactory(volunteer=member, team=team, grid=grid_a)
    client.force_login(officer_b)
    url = reverse("volunteers_review_log", args=[log.pk, "verify"])
    assert client.post(url).status_code == 404
    edit = reverse("volunteers_servicelog:edit", args=[log.pk])
    assert client.get(edit).status_code == 404
    assert ServiceLog.objects.get().status == ServiceLog.Status.PENDING


def test_volunteer_cannot_reach_the_admin_actions(client, member, other_member):
    log = ServiceLogFactory(volunteer=other_member)
    client.force_login(member.user)
    response = client.post(reverse("volunteers_review_log", args=[log.pk, "verify"]))
    assert response.status_code in (302, 403)
    assert not LedgerEntry.objects.exists()


def test_leader_approves_and_declines_applications(
    client, team, team_leader, community
):
    applicant = VolunteerFactory(
        status="applied", preferred_team=team, community=community
    )
    other = VolunteerFactory(status="applied", preferred_team=team, community=community)
    client.force_login(team_leader)
    client.post(reverse("volunteers_volunteer_action", args=[applicant.pk, "approve"]))
    url = reverse("volunteers_volunteer_action", args=[other.pk, "decline"])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 200  # the form asks for a reason
    client.post(url, {"reason": "年龄不符合要求"})
    applicant.refresh_from_db()
    other.refresh_from_db()
    assert applicant.status == Volunteer.Status.APPROVED
    assert other.status == Volunteer.Status.DECLINED
    assert other.status_reason == "年龄不符合要求"
    assert applicant.user.groups.filter(name="Volunteer").exists()
    assert applicant.teams.get() == team


def test_leader_cannot_adjust_points_but_an_officer_can(
    client, member, team_leader, officer_a, grid_a
):
    url = reverse("volunteers_adjust", args=[member.pk])
    client.force_login(team_leader)
    client.post(url, {"amount": 50, "reason": "补记"})
    assert not LedgerEntry.objects.exists()
    client.force_login(officer_a)
    client.post(url, {"amount": 50, "reason": "补记"})
    member.refresh_from_db()
    assert member.balance == 50


def test_staff_fulfil_and_cancel_redemptions(client, member, team_leader, officer_a):
    services.adjust(member, 100, "补记", officer_a)
    reward = RewardFactory(cost=30, stock=2)
    first = services.redeem(member, reward, member.user)
    second = services.redeem(member, reward, member.user)
    client.force_login(team_leader)
    client.post(reverse("volunteers_close_redemption", args=[first.pk, "fulfil"]))
    client.post(
        reverse("volunteers_close_redemption", args=[second.pk, "cancel"]),
        {"reason": "本人放弃"},
    )
    statuses = dict(Redemption.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "fulfilled", second.pk: "cancelled"}
    reward.refresh_from_db()
    member.refresh_from_db()
    assert reward.stock == 1
    assert member.balance == 70


def test_hours_report_exports_xlsx(client, team, member, team_leader):
    services.credit_service_log(
        ServiceLogFactory(volunteer=member, team=team, hours=3), team_leader
    )
    client.force_login(team_leader)
    url = reverse("volunteers_hours_report")
    page = client.get(
        url, {"group_by": "team", "start": "2000-01-01", "end": "2100-01-01"}
    )
    assert team.name in page.content.decode()
    response = client.get(
        url,
        {
            "group_by": "person",
            "start": "2000-01-01",
            "end": "2100-01-01",
            "format": "xlsx",
        },
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == member.real_name
    assert rows[1][1] == 3


def _xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "teams.xlsx"
    return buffer


def test_team_import_dry_run_shows_row_errors_and_writes_nothing(
    client, bureau_admin, station, grid_a
):
    client.force_login(bureau_admin)
    url = reverse("portal_import", args=["volunteers-team"])
    bad = _xlsx(
        [
            ["slug", "name", "station", "grids", "is_partner"],
            ["blue-sky", "蓝天救援队", "XH", "XH-01", "1"],
            ["bad", "错误队", "NOPE", "XH-99", "0"],
        ]
    )
    response = client.post(url, {"file": bad}, HTTP_ACCEPT_LANGUAGE="en")
    assert "NOPE" in response.content.decode()
    assert not Team.objects.exists()
    good = _xlsx(
        [
            ["slug", "name", "station", "grids", "is_partner"],
            ["blue-sky", "蓝天救援队", "XH", "XH-01", "1"],
        ]
    )
    response = client.post(url, {"file": good})
    token = response.context["token"]
    client.post(
        reverse("portal_import_confirm", args=["volunteers-team"]), {"token": token}
    )
    team = Team.objects.get()
    assert team.is_partner
    assert list(team.grids.values_list("code", flat=True)) == ["XH-01"]


def test_volunteer_import_creates_accounts(client, bureau_admin, community):
    client.force_login(bureau_admin)
    url = reverse("portal_import", args=["volunteers-volunteer"])
    sheet = _xlsx(
        [
            ["mobile", "real_name", "community", "skills", "availability", "status"],
            ["13900001111", "赵大勇", community.code, "驾驶", "周末", "approved"],
        ]
    )
    response = client.post(url, {"file": sheet})
    assert not Volunteer.objects.exists()  # dry run
    client.post(
        reverse("portal_import_confirm", args=["volunteers-volunteer"]),
        {"token": response.context["token"]},
    )
    volunteer = Volunteer.objects.get()
    assert volunteer.user.phone == "13900001111"
    assert volunteer.consent


@pytest.mark.parametrize(
    "name",
    [
        "volunteer",
        "team",
        "activity",
        "servicelog",
        "redemption",
        "ledgerentry",
        "reward",
        "membership",
    ],
)
def test_admin_listings_open_for_a_bureau_admin(client, bureau_admin, name, member):
    client.force_login(bureau_admin)
    assert client.get(reverse(f"volunteers_{name}:index")).status_code == 200
