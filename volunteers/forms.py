import re
from datetime import timedelta
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.models import Community
from portal.phones import normalize_phone, validate_mobile
from portal.uploads import clean_image

from .models import ActivityType, PointsRule, ServiceLog, Team, Volunteer
from .models.activities import MAX_LOG_HOURS, SELF_REPORTED_POINTS_PER_HOUR

ID_NUMBER_RE = re.compile(r"^\d{17}[\dXx]$")


class VolunteerApplicationForm(forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that my name and mobile number are kept for volunteer work."),
        required=True,
        error_messages={"required": _("Please give your consent to apply.")},
    )

    class Meta:
        model = Volunteer
        fields = [
            "real_name",
            "mobile",
            "id_number",
            "community",
            "preferred_team",
            "skills",
            "availability",
            "consent",
        ]
        help_texts = {
            "skills": _("E.g. first aid, sign language, photography."),
            "availability": _("E.g. weekday evenings, weekends."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = Community.objects.order_by("code")
        self.fields["preferred_team"].queryset = Team.objects.filter(is_active=True)
        self.fields["mobile"].widget.attrs.update(inputmode="tel", autocomplete="tel")

    def clean_mobile(self):
        mobile = normalize_phone(self.cleaned_data["mobile"])
        validate_mobile(mobile)
        return mobile

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value and not ID_NUMBER_RE.match(value):
            raise forms.ValidationError(
                _("A resident ID number has 18 characters: 17 digits and a digit or X.")
            )
        return value


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SelfReportedLogForm(forms.ModelForm):
    """Service done outside an activity; it waits for verification."""

    started_at = forms.DateTimeField(label=_("started at"), widget=DateTimeInput())
    hours = forms.DecimalField(
        label=_("hours"),
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=MAX_LOG_HOURS,
    )
    photo = forms.FileField(label=_("photo"), required=False)

    class Meta:
        model = ServiceLog
        fields = [
            "team",
            "kind",
            "description",
            "place",
            "started_at",
            "hours",
            "photo",
        ]

    def __init__(self, *args, volunteer, **kwargs):
        super().__init__(*args, **kwargs)
        self.volunteer = volunteer
        self.fields["team"].queryset = volunteer.teams.all()
        self.fields["team"].required = False
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png,image/webp"

    def clean_started_at(self):
        started_at = self.cleaned_data["started_at"]
        if started_at > timezone.now():
            raise forms.ValidationError(_("Service cannot start in the future."))
        if started_at < timezone.now() - timedelta(days=90):
            raise forms.ValidationError(
                _("Service older than 90 days cannot be reported here.")
            )
        return started_at

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None

    def clean(self):
        cleaned = super().clean()
        started_at, hours = cleaned.get("started_at"), cleaned.get("hours")
        if started_at and hours:
            ended_at = started_at + timedelta(hours=float(hours))
            overlap = ServiceLog.objects.overlapping(
                self.volunteer.pk, started_at, ended_at
            ).first()
            if overlap:
                raise forms.ValidationError(
                    _(
                        "This overlaps service you already logged on %(when)s "
                        "(%(what)s)."
                    )
                    % {
                        "when": timezone.localtime(overlap.started_at).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                        "what": overlap.description[:40],
                    }
                )
            cleaned["ended_at"] = ended_at
        return cleaned

    def save(self, commit=True):
        log = super().save(commit=False)
        log.volunteer = self.volunteer
        log.source = ServiceLog.Source.SELF
        log.ended_at = self.cleaned_data["ended_at"]
        log.grid = log.team.grids.first() if log.team else None
        log.points_rule = PointsRule.PER_HOUR
        log.points_value = SELF_REPORTED_POINTS_PER_HOUR
        photo = self.cleaned_data.get("photo")
        log.photo = photo or ""
        if commit:
            log.save()
        return log


class LocationForm(forms.Form):
    """Optional position sent by the check-in page when the phone allows it."""

    action = forms.ChoiceField(choices=[("in", "in"), ("out", "out")])
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180)

    def clean(self):
        cleaned = super().clean()
        # A half position is no position.
        if cleaned.get("lat") is None or cleaned.get("lng") is None:
            cleaned["lat"] = cleaned["lng"] = None
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("reason"), max_length=300)


class AdjustForm(forms.Form):
    amount = forms.IntegerField(
        label=_("points (+ or −)"), min_value=-100_000, max_value=100_000
    )
    reason = forms.CharField(label=_("reason"), max_length=300)

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("A points change cannot be zero."))
        return amount


class RestockForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("quantity (+ to add, − to correct down)"),
        min_value=-10_000,
        max_value=10_000,
    )
    reason = forms.CharField(label=_("reason"), max_length=300)

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError(_("The quantity cannot be zero."))
        return quantity


class LeaderboardForm(forms.Form):
    PERIODS = [
        ("month", _("This month")),
        ("year", _("This year")),
        ("all", _("All time")),
    ]
    period = forms.ChoiceField(choices=PERIODS, required=False)
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(is_active=True),
        required=False,
        to_field_name="slug",
        empty_label=_("All teams"),
    )


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("type"),
        choices=[("", _("All types"))] + list(ActivityType.choices),
        required=False,
    )
