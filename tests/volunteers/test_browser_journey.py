"""A volunteer on a phone (390 × 844): sign up for a patrol, check in and out by
the QR link, the leader verifies, points appear, redeem a reward, pickup code."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import log_in
from volunteers.models import PointsRule

from .factories import ActivityFactory, RewardFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "volunteers"


def test_volunteer_signs_up_checks_in_and_out_gets_points_and_redeems(
    page, browser, browser_context_args, live_server, team, grid_a, member, team_leader
):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    now = timezone.now()
    patrol = ActivityFactory(
        title="文一路夜间巡逻",
        team=team,
        grid=grid_a,
        starts_at=now - timedelta(minutes=20),
        ends_at=now + timedelta(hours=2),
        signup_deadline=now + timedelta(hours=1),
        points_rule=PointsRule.FIXED,
        points_value=30,
    )
    RewardFactory(name="保温杯", cost=25, stock=3)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("response", lambda r: r.status == 404 and errors.append(r.url))

    log_in(page.context, live_server, member.user)
    page.goto(f"{live_server.url}/volunteers/activities/{patrol.pk}/")
    page.screenshot(path=ARTIFACTS / "01-activity.png", full_page=True)
    page.click("form[action$='/sign-up/'] button")
    assert page.locator("form[action$='/cancel/']").count() == 1
    page.screenshot(path=ARTIFACTS / "02-signed-up.png", full_page=True)

    page.goto(f"{live_server.url}/volunteers/check-in/{patrol.checkin_token}/")
    page.click("form.js-locate button")
    page.wait_for_selector("input[name=action][value=out]", state="attached")
    page.screenshot(path=ARTIFACTS / "03-checked-in.png", full_page=True)
    page.click("form.js-locate button")
    page.wait_for_selector(".vol-status")
    assert page.locator("form.js-locate").count() == 0
    page.screenshot(path=ARTIFACTS / "04-checked-out.png", full_page=True)

    leader_context = browser.new_context(**browser_context_args)
    leader_page = leader_context.new_page()
    log_in(leader_context, live_server, team_leader)
    leader_page.goto(f"{live_server.url}/volunteers/lead/")
    assert leader_page.locator("[data-testid=pending-log]").count() == 1
    leader_page.screenshot(path=ARTIFACTS / "05-leader-queue.png", full_page=True)
    leader_page.click("form[action$='/verify/'] button")
    assert leader_page.locator("[data-testid=pending-log]").count() == 0
    leader_page.screenshot(path=ARTIFACTS / "06-leader-verified.png", full_page=True)
    leader_context.close()

    page.goto(f"{live_server.url}/volunteers/me/")
    assert page.inner_text("[data-testid=balance]") == "30"
    page.screenshot(path=ARTIFACTS / "07-my-points.png", full_page=True)

    page.goto(f"{live_server.url}/volunteers/rewards/")
    page.click("form[action$='/redeem/'] button")
    code = page.inner_text("[data-testid=pickup-code]")
    assert len(code) == 8
    page.screenshot(path=ARTIFACTS / "08-pickup-code.png", full_page=True)
    member.refresh_from_db()
    assert member.balance == 5
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    assert errors == []
