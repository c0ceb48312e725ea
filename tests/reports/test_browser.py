"""Browser test at 390×844: a resident files a report with a photo by tapping
the map, an officer logs in with TOTP and accepts and resolves it, and the
resident rates it through the tracking link."""

from pathlib import Path

import pytest
from allauth.account.models import EmailAddress

from reports.models import Report
from tests.conftest import totp_code

from .factories import CategoryFactory, image_bytes

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


def test_a_report_goes_from_resident_to_officer_and_back(
    page, browser, live_server, grid_a, officer_a, settings
):
    settings.ACCOUNT_EMAIL_VERIFICATION = "optional"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    category = CategoryFactory(
        code="fire", name="消防隐患", notice="正在起火请拨打119！"
    )
    EmailAddress.objects.create(
        user=officer_a, email=officer_a.email, verified=True, primary=True
    )

    # The resident taps the map and attaches a photo.
    page.goto(f"{live_server.url}/report/?category={category.code}")
    page.wait_for_selector("#report-map[data-loaded='1']")
    page.fill("#id_description", "3单元楼道堆满纸箱，堵住了消防通道。")
    page.locator("#report-map").tap()
    page.wait_for_function("document.querySelector('#id_latitude').value !== ''")
    page.set_input_files(
        "#id_photos",
        {"name": "hall.jpg", "mimeType": "image/jpeg", "buffer": image_bytes()},
    )
    page.check("#id_consent")
    page.screenshot(path=ARTIFACTS / "01-form.png", full_page=True)
    page.click("#report-form button[type=submit]")
    page.wait_for_selector("#tracking-link")
    page.screenshot(path=ARTIFACTS / "02-submitted.png", full_page=True)
    tracking_url = page.get_attribute("#tracking-link", "href")
    report = Report.objects.get()
    assert report.grid == grid_a and report.photos.count() == 1

    # The officer logs in with password and TOTP, accepts and resolves it.
    officer = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    officer.goto(f"{live_server.url}/accounts/login/")
    officer.fill("input[name=login]", officer_a.email)
    officer.fill("input[name=password]", "correct-horse-battery")
    officer.click("form button[type=submit]")
    officer.fill("input[name=code]", totp_code(officer_a))
    officer.click("form button[type=submit]")
    officer.goto(f"{live_server.url}/admin/report_inbox/")
    officer.click(f"text={report.reference}")
    officer.select_option("#id_action", "accept")
    officer.fill("#id_public_reply", "已受理，民警马上到场。")
    officer.click("#workflow-submit")
    officer.wait_for_selector(
        "#report-status:has-text('Accepted'), #report-status:has-text('已受理')"
    )
    officer.select_option("#id_action", "resolve")
    officer.fill("#id_public_reply", "已会同物业清理楼道，通道恢复畅通。")
    officer.click("#workflow-submit")
    officer.wait_for_selector(
        "#report-status:has-text('Resolved'), #report-status:has-text('已办结')"
    )
    officer.screenshot(path=ARTIFACTS / "03-officer.png", full_page=True)

    # The resident sees the reply and rates it.
    page.goto(tracking_url)
    assert "通道恢复畅通" in page.text_content("#timeline")
    page.check("input[name=stars][value='5']")
    page.click(".rating-form button[type=submit]")
    page.wait_for_selector("#rating .stars")
    page.screenshot(path=ARTIFACTS / "04-rated.png", full_page=True)
    report.refresh_from_db()
    assert report.status == Report.Status.CLOSED and report.rating == 5
