"""Chinese phone numbers: mobile (1[3-9] + 9 digits) and landlines with area code."""

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# 010-12345678, 0571-8765432, optionally with an extension: 0571-87654321-801
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")
SERVICE_RE = re.compile(r"^(110|119|120|122|12345|12389|96\d{3,4})$")


def normalize_phone(value):
    """Strip spaces, dashes in mobiles and a +86 prefix; keep a landline's dash."""
    value = (value or "").strip().replace(" ", "").replace("\u3000", "")
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    if MOBILE_RE.match(value.replace("-", "")):
        return value.replace("-", "")
    return value


def is_mobile(value):
    return bool(MOBILE_RE.match(normalize_phone(value)))


def validate_mobile(value):
    if not is_mobile(value):
        raise ValidationError(
            _("Enter an 11-digit mobile number starting with 13–19, e.g. 13812345678."),
            code="invalid_mobile",
        )


def validate_phone(value):
    """A mobile, a landline with area code, or a public service number (e.g. 12389)."""
    value = normalize_phone(value)
    if MOBILE_RE.match(value) or SERVICE_RE.match(value):
        return
    if LANDLINE_RE.match(value):
        digits = value.split("-")
        number = "".join(digits[:2]) if len(digits) > 2 else "".join(digits)
        try:
            if phonenumbers.is_possible_number(phonenumbers.parse(number, "CN")):
                return
        except phonenumbers.NumberParseException:
            pass
    raise ValidationError(
        _(
            "Enter a mobile number (13812345678) or a landline with area code "
            "(0571-87654321)."
        ),
        code="invalid_phone",
    )
