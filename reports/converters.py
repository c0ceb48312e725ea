"""URL converters that admit only the characters our keys use, so odd bytes
(NUL among them, which PostgreSQL refuses) never reach a query."""

import re

from django.urls import register_converter


class KeyConverter:
    """References (R2026-000123), tracking tokens, grid and category codes."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class SignedConverter(KeyConverter):
    regex = "[A-Za-z0-9_:.-]{1,200}"


KEY_RE = re.compile(r"[A-Za-z0-9_,.-]{0,2000}")


def is_key(value):
    """True for query values made only of key characters (comma-separated lists too)."""
    return bool(KEY_RE.fullmatch(value or ""))


# Registered here, once: both URL modules (public and Open311) use them.
register_converter(KeyConverter, "key")
register_converter(SignedConverter, "signed")
