"""Browser test at 390×844: a resident signs up with only a phone number, gets
the code by SMS and reaches their account pages; screenshots of every step."""

from pathlib import Path

import pytest

from .conftest import PASSWORD, sms_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "portal"


def test_resident_signs_up_by_phone_in_a_phone_sized_browser(page, live_server):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.goto(f"{live_server.url}/accounts/signup/")
    page.fill("#id_phone", "12345")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_selector(".field.has-error #id_phone")
    assert not page.locator("#id_website").is_visible()
    page.screenshot(path=ARTIFACTS / "signup-error.png", full_page=True)

    page.fill("#id_phone", "13812345678")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("form.account-form button[type=submit]")
    page.wait_for_url("**/accounts/phone/verify/")
    page.screenshot(path=ARTIFACTS / "verify-phone.png", full_page=True)

    page.fill("#id_code", sms_code("13812345678"))
    page.click("form.account-form button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    page.click("header >> text=/我的账户|My account/")
    page.wait_for_selector(".account-nav")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the account page scrolls sideways on a phone"
    page.screenshot(path=ARTIFACTS / "my-account.png", full_page=True)
