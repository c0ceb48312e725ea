import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from grids.models import Grid
from portal.phones import normalize_phone, validate_phone
from portal.uploads import clean_image

from .models import Report, ReportPhoto

MAX_PHOTOS = 5
# Control characters other than tab and newline never belong in a report.
CONTROL_CHARS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e]"
)


def clean_text(value):
    return CONTROL_CHARS.sub("", value or "").strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Up to MAX_PHOTOS images, each checked and re-encoded by clean_image."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(
                _("Attach at most %(count)s photos.") % {"count": MAX_PHOTOS},
                code="too_many_photos",
            )
        cleaned = []
        for upload in files:
            if not hasattr(upload, "read"):
                raise ValidationError(_("Upload image files."), code="not_a_file")
            cleaned.append(clean_image(upload))
        return cleaned


def grid_choices():
    """The place picker without a map: grids grouped by community."""
    groups = {}
    rows = Grid.objects.select_related("community").order_by("community__code", "code")
    for grid in rows:
        streets = "、".join(grid.streets.split())[:40]
        label = f"{grid.name}（{streets}）" if streets else grid.name
        groups.setdefault(grid.community.name, []).append((grid.code, label))
    return [("", _("Choose your community and grid"))] + list(groups.items())


class ReportForm(forms.Form):
    """A resident's report of one category; the view passes the category."""

    description = forms.CharField(
        label=_("What is happening?"),
        min_length=5,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    latitude = forms.FloatField(
        min_value=-90, max_value=90, required=False, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        min_value=-180, max_value=180, required=False, widget=forms.HiddenInput
    )
    grid = forms.ChoiceField(
        label=_("Community and grid"),
        required=False,
        help_text=_("Without the map: pick the place from the list."),
    )
    address = forms.CharField(
        label=_("Address or landmark"), max_length=200, required=False
    )
    photos = MultipleImageField(
        label=_("Photos (up to 5)"),
        required=False,
        help_text=_("JPEG, PNG or WebP. Location data in photos is removed."),
    )
    reporter_name = forms.CharField(label=_("Your name"), max_length=50, required=False)
    reporter_phone = forms.CharField(
        label=_("Your phone"), max_length=20, required=False
    )
    reporter_email = forms.EmailField(label=_("Your email"), required=False)
    show_name_publicly = forms.BooleanField(
        label=_("Show my name with the report publicly"), required=False
    )
    consent = forms.BooleanField(
        label=_(
            "I agree that my report and contact details are used to handle it, "
            "as the privacy notice says."
        ),
        error_messages={"required": _("Please agree to the privacy notice.")},
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    confirm_new = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, category, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.category = category
        self.fields["grid"].choices = grid_choices()
        self.questions = category.question_list
        for number, question in enumerate(self.questions):
            self.fields[f"answer_{number}"] = forms.CharField(
                label=question, max_length=500, required=False
            )

    @property
    def answer_fields(self):
        return [self[f"answer_{n}"] for n in range(len(self.questions))]

    def clean_description(self):
        value = clean_text(self.cleaned_data["description"])
        if len(value) < 5:
            raise ValidationError(
                _("Describe the problem in at least 5 characters."), code="too_short"
            )
        return value

    def clean_grid(self):
        code = self.cleaned_data.get("grid")
        if not code:
            return None
        grid = Grid.objects.select_related("community__station").filter(code=code)
        return grid.first()

    def clean_reporter_phone(self):
        value = normalize_phone(self.cleaned_data["reporter_phone"])
        if value:
            validate_phone(value)
        return value

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean(self):
        data = super().clean()
        for name in ("reporter_name", "address"):
            data[name] = clean_text(data.get(name))
        lat, lng = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lng is None):
            data["latitude"] = data["longitude"] = None
            lat = lng = None
        if lat is None and not data.get("grid") and "grid" not in self.errors:
            self.add_error(
                "grid",
                ValidationError(
                    _("Tap the map or pick your community and grid."),
                    code="no_location",
                ),
            )
        data["answers"] = {
            question: clean_text(data.pop(f"answer_{n}", ""))
            for n, question in enumerate(self.questions)
            if clean_text(data.get(f"answer_{n}", ""))
        }
        return data

    def report_fields(self):
        data = self.cleaned_data
        return {
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "address": data["address"],
            "answers": data["answers"],
            "reporter_name": data["reporter_name"],
            "reporter_phone": data["reporter_phone"],
            "reporter_email": data["reporter_email"],
            "show_name_publicly": data["show_name_publicly"],
        }


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("How well was it handled?"),
        choices=[(n, "★" * n) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_comment(self):
        return clean_text(self.cleaned_data["comment"])


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data["phone"])
        if value:
            validate_phone(value)
        return value

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise ValidationError(
                _("Enter an email address or a mobile phone."), code="no_contact"
            )
        return data


# --- Back office ------------------------------------------------------------


class WorkflowForm(forms.Form):
    """One workflow step on a report, as chosen by the officer."""

    ACTIONS = [
        ("accept", _("Accept")),
        ("start", _("Start work")),
        ("reply", _("Reply / note only")),
        ("resolve", _("Resolve")),
        ("close", _("Close")),
        ("reject", _("Reject")),
        ("duplicate", _("Mark as duplicate")),
        ("transfer", _("Transfer to another agency")),
        ("escalate", _("Hand to mediation")),
        ("reopen", _("Reopen")),
    ]
    # Steps the resident must be told about in words.
    NEEDS_REPLY = {"resolve", "reject", "transfer"}

    action = forms.ChoiceField(label=_("Step"), choices=ACTIONS)
    public_reply = forms.CharField(
        label=_("Public reply"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to the resident on the tracking page."),
    )
    internal_note = forms.CharField(
        label=_("Internal note"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Staff only."),
    )
    agency = forms.CharField(label=_("Agency"), max_length=100, required=False)
    duplicate_of = forms.CharField(
        label=_("Original report reference"), max_length=20, required=False
    )

    def __init__(self, *args, report, reports, can_reopen, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.reports = reports
        if not can_reopen:
            self.fields["action"].choices = [
                c for c in self.ACTIONS if c[0] != "reopen"
            ]

    def clean_public_reply(self):
        return clean_text(self.cleaned_data["public_reply"])

    def clean_internal_note(self):
        return clean_text(self.cleaned_data["internal_note"])

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action in self.NEEDS_REPLY and not data.get("public_reply"):
            self.add_error(
                "public_reply",
                ValidationError(_("Tell the resident why."), code="required"),
            )
        if action == "reply" and not (
            data.get("public_reply") or data.get("internal_note")
        ):
            self.add_error(
                "public_reply",
                ValidationError(_("Write a reply or a note."), code="required"),
            )
        if action == "transfer" and not clean_text(data.get("agency")):
            self.add_error(
                "agency", ValidationError(_("Name the agency."), code="required")
            )
        if action == "duplicate":
            reference = (data.get("duplicate_of") or "").strip().upper()
            original = (
                self.reports.filter(reference=reference)
                .exclude(pk=self.report.pk)
                .first()
            )
            if original is None:
                self.add_error(
                    "duplicate_of",
                    ValidationError(
                        _("Enter the reference of another report you can see."),
                        code="unknown_report",
                    ),
                )
            data["original"] = original
        return data


class ModerationForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["public_description", "is_public", "show_name_publicly"]
        widgets = {"public_description": forms.Textarea(attrs={"rows": 4})}

    def clean_public_description(self):
        return clean_text(self.cleaned_data["public_description"])

    def clean(self):
        data = super().clean()
        if data.get("is_public") and not data.get("public_description"):
            self.add_error(
                "public_description",
                ValidationError(
                    _("Write the redacted public text before publishing."),
                    code="required",
                ),
            )
        return data


class PhotoVisibilityForm(forms.Form):
    photo = forms.IntegerField()
    visibility = forms.ChoiceField(choices=ReportPhoto.Visibility.choices)
