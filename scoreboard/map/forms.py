from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from grids.access import stations_visible_to
from reports.models import Category, Report

from ..kpis import KPIS
from ..periods import KINDS, Period

SCORE = "score"
# Areas a grid belongs to: officers serve several grids, so they are no map level.
LEVELS = {
    "grid": _("Grid"),
    "community": _("Community"),
    "station": _("Station"),
}
LAYERS = {
    "stations": _("Stations"),
    "patrol_points": _("Patrol points"),
    "reports": _("Open reports"),
    "cases": _("Active mediation cases"),
}
# How many recent periods of each kind the period picker offers.
RECENT = {"week": 8, "month": 12, "quarter": 4, "year": 2}


def recent_periods(today=None):
    """(value, label) pairs grouped by kind, newest first: ``month:2026-11``."""
    groups = []
    for kind, count in RECENT.items():
        period = Period.containing(kind, today or timezone.localdate())
        choices = []
        for _index in range(count):
            choices.append((f"{kind}:{period.key}", period.label))
            period = period.previous()
        groups.append((KINDS[kind], choices))
    return groups


def measure_choices():
    choices = [(code, kpi.label) for code, kpi in KPIS.items()]
    return [(SCORE, _("Ranking score"))] + choices


class MapFilterForm(forms.Form):
    """The map's filters; every JSON endpoint reads its query string through it."""

    measure = forms.ChoiceField(label=_("Colour by"))
    period = forms.ChoiceField(label=_("Period"))
    level = forms.ChoiceField(label=_("Level"), choices=list(LEVELS.items()))
    station = forms.ModelChoiceField(
        label=_("Station"),
        queryset=None,
        to_field_name="code",
        required=False,
        empty_label=_("All my stations"),
    )
    layers = forms.MultipleChoiceField(
        label=_("Layers"),
        choices=list(LAYERS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.ModelChoiceField(
        label=_("Report category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(
        label=_("Report status"),
        choices=[("", _("All open statuses"))]
        + [(s.value, s.label) for s in Report.OPEN_STATUSES],
        required=False,
    )

    def __init__(self, data=None, *, user, **kwargs):
        data = data.copy() if data is not None else {}
        for name, value in self.defaults().items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, **kwargs)
        self.fields["station"].queryset = stations_visible_to(user)
        self.fields["measure"].choices = measure_choices()
        self.fields["period"].choices = recent_periods()

    @staticmethod
    def defaults():
        """This month's first KPI per grid, until the viewer picks otherwise."""
        return {
            "measure": next(iter(KPIS)),
            "period": f"month:{Period.containing('month').key}",
            "level": "grid",
        }

    def clean_period(self):
        kind, key = self.cleaned_data["period"].split(":", 1)
        return Period.parse(kind, key)
