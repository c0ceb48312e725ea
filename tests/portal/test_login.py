import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import PASSWORD, log_in, sms_code, verified_email

pytestmark = pytest.mark.django_db


def phone_user(**kwargs):
    return UserFactory(email=None, phone="13812345678", phone_verified=True, **kwargs)


def test_resident_logs_in_with_email_and_password(client, resident):
    verified_email(resident)
    response = log_in(client, "resident@example.com")
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == resident


def test_resident_logs_in_with_phone_and_password(client):
    user = phone_user()
    response = log_in(client, "138-1234-5678")
    assert response.status_code == 302
    assert client.get("/").wsgi_request.user == user


def test_resident_logs_in_with_a_code_sent_by_sms(client):
    user = phone_user()
    response = client.post(
        reverse("account_request_login_code"), {"phone": "13812345678"}
    )
    assert response["Location"] == reverse("account_confirm_login_code")
    client.post(response["Location"], {"code": sms_code("13812345678")})
    assert client.get("/").wsgi_request.user == user


def test_unverified_email_is_verified_before_the_first_login(client, resident):
    from django.core import mail

    response = log_in(client, "resident@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert mail.outbox[-1].to == ["resident@example.com"]
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_wrong_password_shows_an_error_and_logs_nobody_in(client, resident):
    verified_email(resident)
    response = log_in(
        client, "resident@example.com", "wrong", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_five_failures_lock_the_account_even_for_the_right_password(client, resident):
    verified_email(resident)
    for _ in range(5):
        log_in(client, "resident@example.com", "wrong")
    response = log_in(client, "resident@example.com", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_many_login_posts_from_one_address_get_429(client):
    statuses = {
        log_in(client, f"nobody{i}@example.com", "wrong").status_code for i in range(31)
    }
    assert 429 in statuses


def test_password_reset_by_email_lets_the_resident_log_in_with_the_new_password(
    client, resident
):
    import re

    from django.core import mail

    verified_email(resident)
    client.post(reverse("account_reset_password"), {"email": "resident@example.com"})
    link = re.search(r"/accounts/password/reset/key/\S+/", mail.outbox[-1].body)
    response = client.get(link.group(0))
    new_password = "Lantern-Orchard-42"
    client.post(
        response["Location"], {"password1": new_password, "password2": new_password}
    )
    resident.refresh_from_db()
    assert resident.check_password(new_password)
    assert not resident.check_password(PASSWORD)
