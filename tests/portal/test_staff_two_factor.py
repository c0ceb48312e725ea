import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.urls import reverse

from portal import roles
from tests.conftest import totp_code
from tests.factories import UserFactory

from .conftest import PASSWORD, log_in, verified_email

pytestmark = pytest.mark.django_db


def current_code(secret):
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_staff_login_with_password_asks_for_the_totp_code(client, officer_a):
    verified_email(officer_a)
    response = log_in(client, officer_a.email)
    assert response["Location"] == reverse("mfa_authenticate")
    assert not client.get("/admin/").wsgi_request.user.is_authenticated

    client.post(reverse("mfa_authenticate"), {"code": totp_code(officer_a)})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert response.wsgi_request.user == officer_a


def test_wrong_totp_code_keeps_the_staff_member_out(client, officer_a):
    verified_email(officer_a)
    log_in(client, officer_a.email)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not client.get("/admin/").wsgi_request.user.is_authenticated


def test_staff_without_totp_must_activate_it_before_any_admin_page(client):
    user = verified_email(
        UserFactory(email="new.officer@example.com", groups=[roles.COMMUNITY_OFFICER])
    )
    response = log_in(client, user.email)
    assert response.status_code == 302
    for path in ["/admin/", "/admin/pages/", "/admin/users/", "/django-admin/"]:
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("mfa_activate_totp"))

    # allauth asks for the password again before adding an authenticator.
    activate = reverse("mfa_activate_totp")
    response = client.get(activate)
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    client.post(response["Location"], {"password": PASSWORD})
    secret = client.get(activate).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert Authenticator.objects.filter(user=user, type="totp").exists()
    assert client.get("/admin/").status_code == 200


def test_staff_cannot_switch_their_totp_off(client, officer_a):
    client.force_login(officer_a)
    client.post(reverse("mfa_deactivate_totp"))
    assert Authenticator.objects.filter(user=officer_a, type="totp").exists()


def test_wagtail_login_address_redirects_to_allauth(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/pages/"


def test_posting_credentials_to_the_wagtail_login_logs_nobody_in(client, officer_a):
    verified_email(officer_a)
    response = client.post(
        "/admin/login/", {"username": officer_a.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert not client.get("/admin/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("persona", ["resident", "volunteer"])
def test_residents_and_volunteers_cannot_open_the_admin(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert "/admin/" not in response.get("Location", "/admin/")[:7]


@pytest.mark.parametrize(
    "persona",
    ["team_leader", "officer_a", "supervisor", "mediator", "bureau_admin"],
)
def test_staff_roles_with_totp_open_the_admin_dashboard(client, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/admin/").status_code == 200
