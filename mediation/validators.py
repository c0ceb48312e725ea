"""Checks for Chinese resident identity card numbers (居民身份证号码, GB 11643)."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARACTERS = "10X98765432"


def resident_id_check_character(first17):
    total = sum(
        int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True)
    )
    return CHECK_CHARACTERS[total % 11]


def validate_resident_id(value):
    """18 characters: 17 digits (with a real birth date) and a check character."""
    value = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationError(
            _("A resident ID number has 18 characters: 17 digits and a digit or X."),
            code="id_format",
        )
    try:
        datetime.datetime.strptime(value[6:14], "%Y%m%d")
    except ValueError as exc:
        raise ValidationError(
            _("The birth date in this ID number is not a real date."),
            code="id_birth_date",
        ) from exc
    if resident_id_check_character(value[:17]) != value[17]:
        raise ValidationError(
            _("This ID number's last character does not match; please check it."),
            code="id_checksum",
        )
