from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .kpis import LEVELS
from .models import Normalisation, ScoringScheme
from .periods import KINDS, Period


class PeriodForm(forms.Form):
    """Level and period of a dashboard, explanation or export (GET parameters)."""

    level = forms.ChoiceField(label=_("Level"), choices=list(LEVELS.items()))
    kind = forms.ChoiceField(label=_("Period"), choices=list(KINDS.items()))
    key = forms.CharField(
        label=_("Which"),
        required=False,
        max_length=10,
        help_text=_(
            "E.g. 2026-11, 2026-W47, 2026-Q4 or 2026; empty = the current one."
        ),
    )

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("level", "grid")
        data.setdefault("kind", "month")
        super().__init__(data, **kwargs)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind is None:
            return data
        key = data.get("key")
        if not key:
            data["period"] = Period.containing(kind)
            return data
        try:
            data["period"] = Period.parse(kind, key)
        except ValueError:
            self.add_error(
                "key", ValidationError(_("Not a valid period."), code="bad_period")
            )
        return data


class ExplainForm(PeriodForm):
    subject = forms.IntegerField(label=_("Subject"), min_value=0)


class SchemeAdminForm(WagtailAdminModelForm):
    """Each KPI once in a scheme; scoring against targets needs every target.

    (At least one KPI is the InlinePanel's ``min_num``.)"""

    def clean(self):
        data = super().clean()
        formset = self.formsets.get("weights")
        if formset is None or not formset.is_valid():
            return data
        rows = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        codes = [row["kpi"] for row in rows]
        if len(codes) != len(set(codes)):
            raise ValidationError(
                _("Each indicator can appear only once."), code="duplicate_kpi"
            )
        if data.get("normalisation") == Normalisation.TARGET and any(
            row.get("target") is None for row in rows
        ):
            self.add_error(
                "normalisation",
                ValidationError(
                    _("Scoring against targets needs a target for every indicator."),
                    code="missing_target",
                ),
            )
        return data


class ComputeRankingForm(forms.Form):
    scheme = forms.ModelChoiceField(
        label=_("Scheme"), queryset=ScoringScheme.objects.filter(is_active=True)
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[(level, LEVELS[level]) for level in ("grid", "officer", "station")],
    )
    key = forms.CharField(
        label=_("Period"),
        max_length=10,
        help_text=_("In the scheme's period kind, e.g. 2026-11."),
    )

    def clean(self):
        data = super().clean()
        scheme, key = data.get("scheme"), data.get("key")
        if scheme is None or not key:
            return data
        try:
            data["period"] = Period.parse(scheme.period_kind, key)
        except ValueError:
            self.add_error(
                "key", ValidationError(_("Not a valid period."), code="bad_period")
            )
        return data
