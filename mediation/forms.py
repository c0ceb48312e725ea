"""Forms for case work: each one validates its input and performs one step."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.masking import mask_name
from portal.phones import normalize_phone, validate_phone
from portal.uploads import check_size, clean_image

from . import services
from .models import Agreement, Case, CaseMediator, Party, Session
from .validators import validate_resident_id

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class CaseForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["source", "source_reference", "category", "grid", "risk", "summary"]

    def __init__(self, *args, grids, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grid"].queryset = grids

    def save_for(self, by):
        return services.open_case(case=self.instance, by=by)


class PartyForm(forms.ModelForm):
    name = forms.CharField(label=_("name"), max_length=50)
    phone = forms.CharField(label=_("phone"), max_length=30, required=False)
    id_number = forms.CharField(
        label=_("resident ID number"), max_length=18, required=False
    )
    address = forms.CharField(label=_("address"), max_length=200, required=False)

    class Meta:
        model = Party
        fields = ["role", "name", "phone", "id_number", "address", "relationship"]

    def clean_phone(self):
        phone = normalize_phone(self.cleaned_data["phone"])
        if phone:
            validate_phone(phone)
        return phone

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value:
            validate_resident_id(value)
        return value


# Each step form below has ``perform(case, by)``, which raises ValidationError
# (and changes nothing) when the case refuses the step.


class AcceptForm(forms.Form):
    lead = forms.ModelChoiceField(
        label=_("lead mediator"), queryset=None, required=False
    )

    def __init__(self, *args, case, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = mediators
        self.has_lead = case.assignments.current().filter(role="lead").exists()
        if not self.has_lead:
            self.fields["lead"].required = True

    def perform(self, case, by):
        services.accept_case(case, lead=self.cleaned_data["lead"], by=by)


class ExtendForm(forms.Form):
    new_deadline = forms.DateField(label=_("new deadline"), widget=DATE)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea, required=False)
    both_parties_agreed = forms.BooleanField(
        label=_("both parties agree to the extension"), required=False
    )

    def perform(self, case, by):
        case.extend_deadline(**self.cleaned_data, by=by)


class FailForm(forms.Form):
    referred_to = forms.ChoiceField(label=_("referred to"), choices=Case.Referral)
    referral_body = forms.CharField(
        label=_("court, arbitration body or agency"), max_length=200, required=False
    )
    reason = forms.CharField(label=_("why mediation failed"), widget=forms.Textarea)
    told_how_to_go_to_court = forms.BooleanField(
        label=_("the parties were told how to take the dispute to court"),
        required=False,
    )

    def perform(self, case, by):
        case.fail(**self.cleaned_data, by=by)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)

    def perform(self, case, by):
        case.withdraw(reason=self.cleaned_data["reason"], by=by)


class CloseForm(forms.Form):
    def perform(self, case, by):
        case.close(by=by)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = ["held_at", "place", "attendees", "minutes"]
        widgets = {"held_at": DATETIME}

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        if held_at > timezone.now() + timezone.timedelta(hours=1):
            raise ValidationError(_("Record a session after it has been held."))
        return held_at


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "facts",
            "terms",
            "performance_method",
            "performance_place",
            "performance_deadline",
            "signed_on",
            "signatures_recorded",
            "seal_recorded",
            "copies",
        ]
        widgets = {"performance_deadline": DATE, "signed_on": DATE}


class FollowUpForm(forms.Form):
    visited_on = forms.DateField(label=_("visited on"), widget=DATE)
    obligations_kept = forms.TypedChoiceField(
        label=_("are the obligations being kept?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(label=_("notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, follow_up, **kwargs):
        super().__init__(*args, **kwargs)
        self.follow_up = follow_up

    def perform(self, case, by):
        case.record_follow_up(self.follow_up, **self.cleaned_data, by=by)


class CourtApplyForm(forms.Form):
    court = forms.CharField(label=_("court"), max_length=100)
    applied_on = forms.DateField(label=_("applied on"), widget=DATE)

    def perform(self, case, by):
        agreement = getattr(case, "agreement", None)
        if agreement is None:
            raise ValidationError(_("Record the agreement first."))
        agreement.apply_for_court_confirmation(**self.cleaned_data, by=by)


class CourtDecisionForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("the court's decision"),
        choices=[("yes", _("Confirmed")), ("no", _("Refused"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=_("decided on"), widget=DATE)

    def perform(self, case, by):
        agreement = getattr(case, "agreement", None)
        if agreement is None:
            raise ValidationError(_("Record the agreement first."))
        agreement.record_court_decision(**self.cleaned_data, by=by)


class AssignForm(forms.Form):
    mediator = forms.ModelChoiceField(label=_("mediator"), queryset=None)
    role = forms.ChoiceField(label=_("role"), choices=CaseMediator.Role)

    def __init__(self, *args, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mediator"].queryset = mediators

    def perform(self, case, by):
        services.assign_mediator(case, **self.cleaned_data, by=by)


class PartyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_role_display()} {mask_name(obj.name)}"


class RecusalForm(forms.Form):
    mediator = forms.ModelChoiceField(
        label=_("mediator asked to step aside"), queryset=None
    )
    requested_by = PartyChoiceField(label=_("requested by"), queryset=None)
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea)
    granted = forms.BooleanField(label=_("request granted"), required=False)
    replacement = forms.ModelChoiceField(
        label=_("replaced by"), queryset=None, required=False
    )

    def __init__(self, *args, case, mediators, **kwargs):
        super().__init__(*args, **kwargs)
        on_case = case.assignments.current().values("mediator_id")
        self.fields["mediator"].queryset = mediators.model.objects.filter(
            pk__in=on_case
        )
        self.fields["requested_by"].queryset = case.parties.all()
        self.fields["replacement"].queryset = mediators

    def perform(self, case, by):
        services.record_recusal(case, **self.cleaned_data, by=by)


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("title"), max_length=120)
    file = forms.FileField(
        label=_("file"), help_text=_("A PDF, or a JPEG, PNG or WebP image.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        check_size(upload)
        upload.seek(0)
        if upload.read(5) == b"%PDF-":
            upload.seek(0)
            return upload
        return clean_image(upload)

    def perform(self, case, by):
        services.add_document(case, **self.cleaned_data, by=by)


class StatisticsFilterForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"), min_value=2000, max_value=2100, required=False
    )
