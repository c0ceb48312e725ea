import json

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import access, geometry
from .models import Community


class LocateForm(forms.Form):
    lat = forms.FloatField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        error_messages={"invalid": _("Enter the latitude as a number, e.g. 30.2741.")},
    )
    lng = forms.FloatField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        error_messages={
            "invalid": _("Enter the longitude as a number, e.g. 120.1551.")
        },
    )


class CommunityPickerForm(forms.Form):
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.select_related("station").order_by(
            "station__code", "code"
        ),
        empty_label=_("Choose your community"),
    )


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=50,
        strip=True,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Grid, community, street or officer")}
        ),
    )


# --- Admin forms ---------------------------------------------------------------


class BoundaryField(forms.JSONField):
    """GeoJSON typed or pasted into a text area, checked to be a valid polygon."""

    widget = forms.Textarea(attrs={"rows": 8, "spellcheck": "false"})

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            geometry.parse_boundary(value)  # raises a message naming the problem
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, forms.fields.InvalidJSONInput):
            return value
        return json.dumps(value, ensure_ascii=False) if value else ""


class ScopedAdminForm(WagtailAdminModelForm):
    """Offers only the stations, communities, grids and people the user may see."""

    SCOPES = {
        "station": access.stations_visible_to,
        "community": access.communities_visible_to,
        "grid": access.grids_visible_to,
        "person": access.people_visible_to,
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        for name, scope in self.SCOPES.items():
            if user is not None and name in self.fields:
                self.fields[name].queryset = scope(user)


class GridAdminForm(ScopedAdminForm):
    boundary = BoundaryField(
        label=_("Boundary (GeoJSON)"),
        required=False,
        help_text=_(
            "A GeoJSON Polygon or MultiPolygon in longitude, latitude. It must not "
            "overlap another grid."
        ),
    )


# --- Patrols ---------------------------------------------------------------------


class PositionForm(forms.Form):
    """The phone's position, sent with a check-in; required for one by location."""

    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lng = forms.FloatField(required=False, min_value=-180, max_value=180)

    def __init__(self, *args, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.position_required = required

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("lat") is None or cleaned.get("lng") is None:
            # A half position is no position.
            cleaned["lat"] = cleaned["lng"] = None
            if self.position_required and not self.errors:
                raise forms.ValidationError(
                    _("Your phone did not give a location; scan the point's QR code.")
                )
        return cleaned


class EndPatrolForm(forms.Form):
    notes = forms.CharField(
        label=_("Notes (what you saw, anything to follow up)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
