import logging

import pytest
from django.test import Client

from .conftest import PASSWORD, log_in, sms_code, verified_email

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


@pytest.fixture
def security_log(caplog):
    caplog.set_level(logging.INFO, logger="gridwatch.security")

    def lines():
        return [
            r.getMessage() for r in caplog.records if r.name == "gridwatch.security"
        ]

    return lines


def assert_no_personal_data(lines, *secrets):
    text = "\n".join(lines)
    for secret in secrets:
        assert secret not in text


def test_login_failed_login_and_logout_are_logged_without_credentials(
    client, resident, security_log
):
    verified_email(resident)
    log_in(client, "resident@example.com", "Wrong-Password-1")
    log_in(client, "resident@example.com")
    client.post("/accounts/logout/")
    lines = security_log()
    assert any(line.startswith("login failed") for line in lines)
    assert f"login user={resident.pk}" in "\n".join(lines)
    assert f"logout user={resident.pk}" in lines
    assert_no_personal_data(
        lines,
        "resident@example.com",
        "resident",
        PASSWORD,
        "Wrong-Password-1",
        "127.0.0.1",
    )


def test_sms_login_code_and_phone_are_not_logged(client, security_log):
    from tests.factories import UserFactory

    UserFactory(email=None, phone=PHONE, phone_verified=True)
    client.post("/accounts/login/code/", {"phone": PHONE})
    code = sms_code(PHONE)
    client.post("/accounts/login/code/confirm/", {"code": "000000"})
    client.post("/accounts/login/code/confirm/", {"code": code})
    lines = security_log()
    assert any(line.startswith("login code rejected") for line in lines)
    assert any(line.startswith("login user=") for line in lines)
    assert_no_personal_data(lines, PHONE, code)


def test_denied_access_is_logged_without_personal_data(
    resident, officer_a, security_log
):
    resident_client, officer_client = Client(), Client()
    resident_client.force_login(resident)
    officer_client.force_login(officer_a)
    resident_client.get("/admin/pages/")
    officer_client.get("/admin/users/")
    denied = [line for line in security_log() if line.startswith("access denied")]
    assert f"access denied user={resident.pk} method=GET path=/admin/pages/" in denied
    assert f"access denied user={officer_a.pk} method=GET path=/admin/users/" in denied
    assert_no_personal_data(security_log(), resident.email, officer_a.email)


def test_wrong_totp_code_is_logged(client, officer_a, security_log):
    verified_email(officer_a)
    log_in(client, officer_a.email)
    client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert f"two-factor code rejected user={officer_a.pk}" in "\n".join(security_log())


def test_csrf_failure_is_logged_as_denied(security_log):
    response = Client(enforce_csrf_checks=True).post(
        "/accounts/login/", {"login": "resident@example.com", "password": PASSWORD}
    )
    assert response.status_code == 403
    assert any(line.startswith("access denied user=-") for line in security_log())
    assert_no_personal_data(security_log(), "resident@example.com", PASSWORD)
