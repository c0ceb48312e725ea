from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's login form, saying plainly what goes in the first box."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail or mobile phone")
        self.fields["login"].widget.attrs["autocomplete"] = "username"


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form, asking for an e-mail address or a mobile number."""

    field_order = ["phone", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].label = _("Mobile phone")
        self.fields["phone"].help_text = _(
            "We send a code to this number to check it is yours."
        )
        self.fields["email"].label = _("E-mail")
        self.fields["email"].help_text = _("Optional when you give a mobile number.")
        honeypot = settings.ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot in self.fields:
            # allauth hides the trap field with an inline style, which the
            # Content-Security-Policy blocks; a stylesheet class hides it instead.
            attrs = self.fields[honeypot].widget.attrs
            attrs.pop("style", None)
            attrs["class"] = "trap-field"
            attrs["aria-hidden"] = "true"

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("email") and not cleaned_data.get("phone"):
            if not self.has_error("phone") and not self.has_error("email"):
                self.add_error(
                    "phone", _("Enter a mobile number or an e-mail address.")
                )
        return cleaned_data
