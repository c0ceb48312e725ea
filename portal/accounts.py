"""allauth glue: phone numbers live on the User model, codes go out by SMS."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.models import EmailAddress
from allauth.account.stages import EmailVerificationStage
from allauth.mfa.adapter import DefaultMFAAdapter
from django import forms
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

from . import roles
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


class EmailVerificationForEmailAccounts(EmailVerificationStage):
    """E-mail verification is mandatory for every account that has an address.

    allauth's setting applies to all accounts or none; phone-only accounts have
    no address to verify and prove their number with an SMS code instead.
    """

    def handle(self):
        if not _has_email(self.login):
            return None, True
        self.login.email_verification = EmailVerificationMethod.MANDATORY
        return super().handle()


def _has_email(login):
    if login.user is None:
        return bool(login.email)
    return bool(login.user.email) or (
        EmailAddress.objects.filter(user_id=login.user.pk).exists()
    )


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        default = "allauth.account.stages.EmailVerificationStage"
        ours = f"{__name__}.{EmailVerificationForEmailAccounts.__name__}"
        return [
            ours if path == default else path for path in super().get_login_stages()
        ]

    def save_user(self, request, user, form, commit=True):
        # The row must satisfy "e-mail or phone" when it is first written, so both
        # are set before saving (allauth would add the phone afterwards).
        data = form.cleaned_data
        user.email = data.get("email") or None
        user.phone = data.get("phone") or None
        user.phone_verified = False
        user.set_password(data["password1"])
        if commit:
            user.save()
            user.groups.add(Group.objects.get(name=roles.RESIDENT))
        return user

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

    def send_account_already_exists_sms(self, phone):
        send_sms(
            phone,
            _(
                "Grid Watch: this number already has an account. Log in with an SMS code instead."
            ),
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


class MFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator):
        # Staff must keep their authenticator app: the admin requires it.
        return not roles.is_staff_member(authenticator.user)
