from django import forms
from django.utils.translation import gettext_lazy as _

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
