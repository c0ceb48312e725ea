import re

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command

from portal import roles
from portal.models import User

pytestmark = pytest.mark.django_db


def ensure_admin(**kwargs):
    from io import StringIO

    out = StringIO()
    call_command("ensure_admin", stdout=out, **kwargs)
    return out.getvalue()


def test_creates_a_bureau_admin_and_prints_a_strong_password_once(monkeypatch):
    monkeypatch.delenv("ADMIN_EMAIL", raising=False)
    output = ensure_admin()
    password = re.search(r"Password / 密码: (\S+)", output).group(1)
    admin = User.objects.get(email="admin@example.org")
    assert len(password) >= 20 and admin.check_password(password)
    assert admin.is_superuser and admin.groups.filter(name=roles.BUREAU_ADMIN).exists()
    assert EmailAddress.objects.get(user=admin).verified
    assert "TOTP" in output and "身份验证器" in output


def test_second_run_says_it_exists_and_keeps_the_password(monkeypatch):
    monkeypatch.setenv("ADMIN_EMAIL", "chief@example.org")
    first = re.search(r"密码: (\S+)", ensure_admin()).group(1)
    output = ensure_admin()
    assert "already exists" in output and "已存在" in output
    assert first not in output and "密码:" not in output
    assert User.objects.get(email="chief@example.org").check_password(first)
    assert User.objects.count() == 1


def test_new_admin_must_set_up_totp_before_the_admin_opens(client):
    ensure_admin(email="boss@example.org")
    client.force_login(User.objects.get(email="boss@example.org"))
    response = client.get("/admin/")
    assert response["Location"].startswith("/accounts/2fa/totp/activate/")
