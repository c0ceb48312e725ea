"""Wagtail admin forms for mediation: choices scoped to what the user may see."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from grids.access import grids_visible_to, stations_visible_to

from . import access
from .models import Meeting
from .models.councils import quorum_met


class MediationAdminForm(WagtailAdminModelForm):
    """Offers only the grids, stations, cases and councils the user may see."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        scopes = {
            "grid": access.grids_for_new_cases,
            "grids": grids_visible_to,
            "station": stations_visible_to,
            "case": access.cases_with_party_access,
            "council": access.councils_visible_to,
            "meeting": lambda u: Meeting.objects.filter(
                council__in=access.councils_visible_to(u)
            ),
        }
        for name, scope in scopes.items():
            if user is not None and name in self.fields:
                self.fields[name].queryset = scope(user)


class MeetingAdminForm(MediationAdminForm):
    mark_held = forms.BooleanField(
        label=_("The meeting was held"),
        required=False,
        help_text=_(
            "Needs a quorum (more than half of the member units and a resident "
            "representative present) and the minutes."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("mark_held")
            or self.instance.status != Meeting.Status.PLANNED
        ):
            return cleaned
        council = cleaned.get("council") or getattr(self.instance, "council", None)
        units = cleaned.get("attending_units") or []
        representatives = cleaned.get("attending_representatives") or []
        if council is None or not quorum_met(
            council, len(units), bool(representatives)
        ):
            raise ValidationError(
                _(
                    "No quorum: more than half of the member units and at least one "
                    "resident representative must attend."
                )
            )
        if not (cleaned.get("minutes") or "").strip():
            self.add_error("minutes", _("Write the minutes."))
        return cleaned

    def save(self, commit=True):
        if self.cleaned_data.get("mark_held"):
            self.instance.status = Meeting.Status.HELD
        return super().save(commit)
