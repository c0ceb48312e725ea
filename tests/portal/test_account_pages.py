import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .conftest import PASSWORD, log_in, verified_email

pytestmark = pytest.mark.django_db


def assert_site_layout(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="(zh-hans|en)">', html)
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert "/static/css/accounts.css" in html
    assert "<script" not in html, "inline or third-party script"
    assert not re.search(r"\sstyle=", html), "inline style"
    return html


@pytest.mark.parametrize(
    "name",
    [
        "account_login",
        "account_signup",
        "account_reset_password",
        "account_request_login_code",
        "account_email_verification_sent",
    ],
)
def test_entrance_pages_use_the_site_layout(client, name):
    html = assert_site_layout(client.get(reverse(name)))
    assert '<html lang="zh-hans">' in html


@pytest.mark.parametrize(
    "name",
    [
        "account_change_password",
        "account_email",
        "account_change_phone",
        "mfa_index",
        "account_logout",
    ],
)
def test_my_account_pages_use_the_site_layout_with_the_account_menu(
    client, resident, name
):
    client.force_login(resident)
    html = assert_site_layout(client.get(reverse(name)))
    assert 'class="account-nav"' in html


def test_header_links_to_my_account_when_logged_in(client):
    client.force_login(UserFactory(email=None, phone="13812345678"))
    html = client.get("/").content.decode()
    assert f'href="{reverse("account_change_password")}"' in html
    assert client.get(reverse("account_change_password")).status_code == 200


def test_code_pages_use_the_site_layout(client):
    UserFactory(email=None, phone="13812345678", phone_verified=True)
    client.post(reverse("account_request_login_code"), {"phone": "13812345678"})
    assert_site_layout(client.get(reverse("account_confirm_login_code")))

    other = client.__class__()
    other.post(
        reverse("account_signup"),
        {"phone": "13912345678", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert_site_layout(other.get(reverse("account_verify_phone")))


def test_two_factor_pages_use_the_site_layout(client, officer_a):
    verified_email(officer_a)
    log_in(client, officer_a.email)
    assert_site_layout(client.get(reverse("mfa_authenticate")))

    newcomer = verified_email(UserFactory(email="new@example.com"))
    other = client.__class__()
    log_in(other, newcomer.email)
    other.post(
        reverse("account_reauthenticate"),
        {"password": PASSWORD, "next": reverse("mfa_activate_totp")},
    )
    html = assert_site_layout(other.get(reverse("mfa_activate_totp")))
    assert 'src="data:image/svg+xml;base64,' in html


def test_signup_errors_are_shown_next_to_their_fields(client):
    response = client.post(
        reverse("account_signup"),
        {"phone": "12345", "password1": PASSWORD, "password2": "different"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = assert_site_layout(response)
    phone_field = re.search(r'<div class="field has-error">.*?</div>', html, re.S)
    assert 'name="phone"' in phone_field.group(0)
    assert "11-digit mobile number" in phone_field.group(0)
    assert html.count('class="field has-error"') == 2
