"""Create the first administrator, once; `make run` calls it on every start."""

import os
import secrets

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.core.validators import validate_email
from django.db import transaction

from portal import roles
from portal.models import User


class Command(BaseCommand):
    help = (
        "Create a superuser in the Bureau admin group (e-mail from ADMIN_EMAIL, "
        "default admin@example.org) and print its password once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default=None)

    def handle(self, *args, email=None, **options):
        email = (email or os.environ.get("ADMIN_EMAIL") or "admin@example.org").lower()
        validate_email(email)
        if User.objects.filter(email__iexact=email).exists():
            self.stdout.write(
                f"Admin account {email} already exists; its password is unchanged.\n"
                f"管理员账号 {email} 已存在，密码未更改。"
            )
            return
        password = secrets.token_urlsafe(18)
        with transaction.atomic():
            user = User.objects.create_superuser(email=email, password=password)
            user.groups.add(Group.objects.get(name=roles.BUREAU_ADMIN))
            # The address is the operator's own; verified, so TOTP can be set up.
            EmailAddress.objects.create(
                user=user, email=email, verified=True, primary=True
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin account created / 已创建管理员账号: {email}\n"
                f"Password / 密码: {password}\n"
                "This password is shown only once. Log in at /accounts/login/; on the "
                "first visit to /admin/ you must set up an authenticator app (TOTP).\n"
                "密码只显示这一次。请在 /accounts/login/ 登录；首次进入 /admin/ "
                "时须先绑定身份验证器应用（TOTP 动态口令）。"
            )
        )
