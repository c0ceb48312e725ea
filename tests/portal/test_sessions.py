import time

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.signals import LOGIN_AT_SESSION_KEY

from .conftest import log_in, verified_email

pytestmark = pytest.mark.django_db


def test_session_key_changes_at_login(client, resident):
    verified_email(resident)
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    log_in(client, "resident@example.com")
    assert client.session.session_key != before
    assert not Session.objects.filter(session_key=before).exists()


def test_idle_session_expires_after_session_cookie_age(client, resident, settings):
    client.force_login(resident)
    client.get("/")
    session = Session.objects.get(session_key=client.session.session_key)
    remaining = (session.expire_date - timezone.now()).total_seconds()
    assert settings.SESSION_SAVE_EVERY_REQUEST
    assert settings.SESSION_COOKIE_AGE - 60 < remaining <= settings.SESSION_COOKIE_AGE

    session.expire_date = timezone.now() - timezone.timedelta(seconds=1)
    session.save()
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_session_ends_at_the_absolute_limit_however_active(client, resident, settings):
    verified_email(resident)
    log_in(client, "resident@example.com")
    session = client.session
    assert session[LOGIN_AT_SESSION_KEY] >= int(time.time()) - 5
    session[LOGIN_AT_SESSION_KEY] = (
        int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 1
    )
    session.save()
    assert not client.get("/").wsgi_request.user.is_authenticated
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_deactivated_users_next_request_is_anonymous(client, officer_a):
    client.force_login(officer_a)
    assert client.get("/admin/").status_code == 200
    officer_a.is_active = False
    officer_a.save()
    response = client.get("/admin/")
    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code == 302
