"""A model field that keeps its text encrypted in the database."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import models


def _fernet():
    # A dedicated key when set; otherwise one derived from SECRET_KEY so a
    # developer's laptop works without extra configuration.
    secret = getattr(settings, "MEDIATION_FIELD_KEY", "") or settings.SECRET_KEY
    digest = hashlib.sha256(f"gridwatch.mediation:{secret}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(value):
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token):
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # Wrong key (e.g. rotated without re-encryption): show nothing rather than fail.
        return ""


class EncryptedTextField(models.TextField):
    """Text encrypted with Fernet (AES-128-CBC + HMAC) at rest; plain in Python.

    Values cannot be searched or filtered in the database, by design.
    """

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return encrypt(value)
