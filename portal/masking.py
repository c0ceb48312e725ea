"""Masking of residents' and parties' personal data: the one place that does it."""


def mask_phone(value):
    """13812345678 → 138****5678; landlines keep area code and last 2 digits."""
    value = (value or "").strip()
    if not value:
        return ""
    if len(value) == 11 and value.isdigit():
        return f"{value[:3]}****{value[-4:]}"
    if len(value) <= 4:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 6) + value[-2:]


def mask_id_number(value):
    """A resident ID number keeps its first 6 (region) and last 2 characters."""
    value = (value or "").strip()
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 8) + value[-2:]


def mask_name(value):
    """张三丰 → 张**; single characters stay as they are."""
    value = (value or "").strip()
    if len(value) <= 1:
        return value
    return value[0] + "*" * (len(value) - 1)


def mask_email(value):
    value = (value or "").strip()
    local, at, domain = value.partition("@")
    if not at:
        return mask_name(value)
    return f"{local[:1]}***@{domain}"
