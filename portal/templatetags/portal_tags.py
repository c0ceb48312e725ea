from django import template

from portal import masking

register = template.Library()


@register.filter
def masked_phone(value):
    return masking.mask_phone(value)


@register.filter
def masked_id(value):
    return masking.mask_id_number(value)


@register.filter
def masked_name(value):
    return masking.mask_name(value)


@register.filter
def masked_email(value):
    return masking.mask_email(value)
