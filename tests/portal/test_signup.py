import re

import pytest
from django.core import mail

from portal.models import User
from portal.sms import OutboxSender

from .conftest import PASSWORD, sms_code

pytestmark = pytest.mark.django_db


def signup(client, **data):
    form = {"password1": PASSWORD, "password2": PASSWORD, **data}
    return client.post("/accounts/signup/", form, HTTP_ACCEPT_LANGUAGE="en")


def test_resident_signs_up_with_only_a_phone_and_verifies_it_by_sms(client):
    response = signup(client, phone="138 1234 5678")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/phone/verify/"
    user = User.objects.get(phone="13812345678")
    assert user.email is None and not user.phone_verified
    assert user.groups.filter(name="Resident").exists()

    response = client.post(response["Location"], {"code": sms_code("13812345678")})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.phone_verified
    assert client.get("/accounts/password/change/").status_code == 200


def test_wrong_sms_code_does_not_verify_the_phone(client):
    signup(client, phone="13812345678")
    response = client.post(
        "/accounts/phone/verify/", {"code": "XXXXXX"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "Incorrect code" in response.content.decode()
    assert not User.objects.get(phone="13812345678").phone_verified


def test_resident_signs_up_with_email_and_confirms_from_the_mail(client):
    response = signup(client, email="Wang.Lei@Example.com")
    assert response["Location"] == "/accounts/confirm-email/"
    assert not client.get(
        "/accounts/password/change/"
    ).wsgi_request.user.is_authenticated

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    confirm_url = link.group(0).split("testserver", 1)[1]
    response = client.post(confirm_url)
    assert response.status_code == 302
    user = User.objects.get(email="wang.lei@example.com")
    assert user.emailaddress_set.get().verified
    assert client.get("/").wsgi_request.user == user


def test_signup_with_phone_and_email_verifies_both(client):
    signup(client, phone="13912345678", email="both@example.com")
    client.post("/accounts/phone/verify/", {"code": sms_code("13912345678")})
    response = client.get("/")
    assert not response.wsgi_request.user.is_authenticated
    assert mail.outbox and "both@example.com" in mail.outbox[-1].to
    assert User.objects.get(email="both@example.com").phone_verified


def test_signup_without_phone_or_email_shows_the_error_next_to_the_phone(client):
    response = signup(client)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["phone"]
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "data, field",
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "1" * 5000}, "phone"),
        ({"email": "x" * 5000 + "@example.com"}, "email"),
        ({"phone": ["13812345678", "13912345678"], "password1": "short"}, "password1"),
    ],
)
def test_bad_signup_input_gets_field_errors_and_saves_nothing(client, data, field):
    response = signup(client, **data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert User.objects.count() == 0


def test_signup_with_a_taken_phone_creates_no_account_and_says_so_by_sms(
    client, resident
):
    resident.phone = "13812345678"
    resident.save()
    signup(client, phone="13812345678")
    assert User.objects.filter(phone="13812345678").count() == 1
    assert "already has an account" in OutboxSender.outbox[-1][1]


def test_bot_filling_the_trap_field_gets_no_account(client):
    page = client.get("/accounts/signup/").content.decode()
    assert 'class="trap-field"' in page and "style=" not in page
    signup(client, phone="13812345678", website="http://spam.example")
    assert User.objects.count() == 0
