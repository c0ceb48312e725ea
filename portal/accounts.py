"""allauth glue: phone numbers live on the User model, codes go out by SMS."""

from allauth.account.adapter import DefaultAccountAdapter
from django import forms
from django.utils.translation import gettext as _

from .phones import is_mobile, normalize_phone
from .sms import send_sms


class MobileField(forms.CharField):
    def to_python(self, value):
        value = normalize_phone(super().to_python(value))
        if value and not is_mobile(value):
            raise forms.ValidationError(
                _(
                    "Enter an 11-digit mobile number starting with 13–19, e.g. 13812345678."
                )
            )
        return value


class AccountAdapter(DefaultAccountAdapter):
    def phone_form_field(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        field = MobileField(**kwargs)
        field.widget.input_type = "tel"
        field.widget.attrs.update({"autocomplete": "tel", "inputmode": "tel"})
        return field

    def clean_phone(self, phone):
        return normalize_phone(phone)

    def send_verification_code_sms(self, user, phone, code, **kwargs):
        send_sms(
            phone,
            _("Grid Watch verification code: %(code)s (valid 15 minutes).")
            % {"code": code},
        )

    def send_unknown_account_sms(self, phone, **kwargs):
        send_sms(
            phone, _("Grid Watch: no account uses this number. Sign up to get one.")
        )

    def set_phone(self, user, phone, verified):
        user.phone = normalize_phone(phone)
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if user.phone:
            return user.phone, user.phone_verified
        return None

    def set_phone_verified(self, user, phone):
        user.phone_verified = True
        user.save(update_fields=["phone_verified"])

    def get_user_by_phone(self, phone):
        from .models import User

        return User.objects.filter(phone=normalize_phone(phone)).order_by("pk").first()
