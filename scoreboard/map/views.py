"""The command map's page and JSON endpoints, in the Wagtail admin.

The admin already requires a login with TOTP for staff; these views also
require the rankings permission and cut every answer to the viewer's grids.
"""

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import formats
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from grids.access import get_grid_for_user, grids_visible_to, stations_visible_to

from ..kpis import KPIS, compute, compute_one
from ..models import Ranking
from . import charts, choropleth, layers
from .forms import LAYERS, SCORE, MapFilterForm


def may_view_map(user):
    """Whoever sees the rankings (officers, supervisors, the bureau) sees the map."""
    return user.is_authenticated and user.has_perm("scoreboard.view_ranking")


def map_view(view):
    """Refuse staff without the rankings permission (mediators, team leaders)."""

    def wrapped(request, *args, **kwargs):
        if not may_view_map(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return require_GET(wrapped)


def _filters(request):
    form = MapFilterForm(request.GET, user=request.user)
    return form, form.is_valid()


def _invalid(form):
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400)


def _grids_in_view(user, station):
    grids = grids_visible_to(user)
    return grids.filter(community__station=station) if station else grids


def _measure(code, ranking=None):
    """Label, unit and direction of a KPI or of the ranking score."""
    if code == SCORE:
        label = _("Ranking score")
        if ranking is not None:
            label = f"{label} · {ranking.version}"
        return {"code": SCORE, "label": label, "unit": "", "higher": True}
    kpi = KPIS[code]
    return {
        "code": code,
        "label": str(kpi.label),
        "unit": str(kpi.unit),
        "higher": kpi.higher_is_better,
    }


def number(value):
    """At most one decimal, none for whole numbers: 3, 87.5, 0.7."""
    value = round(value, 1)
    return formats.number_format(value, decimal_pos=0 if value == int(value) else 1)


def display(value, unit):
    if value is None:
        return _("No data")
    if unit == "%":
        return f"{number(value)}%"
    return f"{number(value)} {unit}".strip()


def published_ranking(level, period):
    """The newest ranking published to staff for the level and period, or None."""
    return (
        Ranking.objects.filter(
            level=level,
            period_kind=period.kind,
            period_key=period.key,
            published=True,
        )
        .select_related("version__scheme")
        .order_by("-published_at", "-computed_at")
        .first()
    )


def _subject_values(measure, level, period, ranking):
    """{subject id: value} for every subject of the level."""
    if measure == SCORE:
        if ranking is None:
            return {}
        return dict(ranking.entries.values_list("subject_id", "score"))
    return {
        figures.subject_id: figures.values.get(measure)
        for figures in compute(level, period)
    }


SUBJECT_OF_GRID = {
    "grid": lambda grid: grid.pk,
    "community": lambda grid: grid.community_id,
    "station": lambda grid: grid.community.station_id,
}


@map_view
def map_page(request):
    data = request.GET.copy()
    if "layers" not in data:
        data.setlist("layers", list(LAYERS))
    form = MapFilterForm(data, user=request.user)
    form.is_valid()  # shows the errors of a hand-edited address next to the fields
    config = {
        "urls": {
            "grids": reverse("scoreboard_map_grids"),
            "layers": reverse("scoreboard_map_layers"),
            "charts": reverse("scoreboard_map_charts"),
            "grid": reverse("scoreboard_map_grid", args=[0]),
        },
        "layers": {key: str(label) for key, label in LAYERS.items()},
        "no_data": choropleth.NO_DATA,
        "labels": {
            "no_data": _("No data"),
            "age_days": _("%(days)s days old"),
            "open": _("Open"),
            "truncated": _("Only the newest %(count)s are shown."),
            "error": _("The map could not be loaded."),
            "rank": _("Rank %(rank)s of %(of)s, score %(score)s (%(scheme)s)"),
        },
    }
    return render(
        request,
        "scoreboard/admin/map.html",
        {"form": form, "config": config},
    )


@map_view
def grids_json(request):
    """Visible grids as GeoJSON, each with its value and colour, and the legend."""
    form, valid = _filters(request)
    if not valid:
        return _invalid(form)
    data = form.cleaned_data
    measure, level, period = data["measure"], data["level"], data["period"]
    grids = list(
        _grids_in_view(request.user, data["station"])
        .exclude(boundary=None)
        .select_related("community__station")
        .order_by("code")
    )
    ranking = published_ranking(level, period) if measure == SCORE else None
    by_subject = _subject_values(measure, level, period, ranking)
    values = {
        grid.pk: _float(by_subject.get(SUBJECT_OF_GRID[level](grid))) for grid in grids
    }
    info = _measure(measure, ranking)
    colours, legend = choropleth.classify(values, info["higher"])
    for entry in legend:
        entry["label"] = f"{number(entry['low'])} – {number(entry['high'])}"
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "measure": info,
            "period": {"kind": period.kind, "key": period.key},
            "level": level,
            "legend": legend,
            "features": [
                {
                    "type": "Feature",
                    "geometry": grid.boundary,
                    "properties": {
                        "id": grid.pk,
                        "code": grid.code,
                        "name": grid.name,
                        "community": grid.community.name,
                        "station": grid.community.station.name,
                        "value": values[grid.pk],
                        "display": display(values[grid.pk], info["unit"]),
                        "colour": colours[grid.pk],
                    },
                }
                for grid in grids
            ],
        }
    )


def _float(value):
    return None if value is None else float(value)


@map_view
def layers_json(request):
    form, valid = _filters(request)
    if not valid:
        return _invalid(form)
    data = form.cleaned_data
    user, station = request.user, data["station"]
    grids = _grids_in_view(user, station)
    chosen = data["layers"] or list(LAYERS)
    answer = {}
    if "stations" in chosen:
        visible = stations_visible_to(user)
        answer["stations"] = layers.stations(
            visible.filter(pk=station.pk) if station else visible
        )
    if "patrol_points" in chosen:
        answer["patrol_points"] = layers.patrol_points(grids)
    if "reports" in chosen:
        answer["reports"] = layers.reports(
            user, grids, data["category"], data["status"]
        )
    if "cases" in chosen:
        answer["cases"] = layers.cases(user, grids)
    return JsonResponse(answer)


@map_view
def charts_json(request):
    form, valid = _filters(request)
    if not valid:
        return _invalid(form)
    data = form.cleaned_data
    grids = _grids_in_view(request.user, data["station"])
    return JsonResponse(
        {
            "trends": charts.trends(request.user, grids, data["period"]),
            "categories": charts.categories(request.user, grids, data["period"]),
            "period": data["period"].key,
        }
    )


@map_view
def grid_json(request, pk):
    """One grid's figures for the side panel: every KPI with its unit."""
    grid = get_grid_for_user(request.user, pk)
    form, valid = _filters(request)
    if not valid:
        return _invalid(form)
    period = form.cleaned_data["period"]
    values = compute_one("grid", period, grid.pk)
    ranking = published_ranking("grid", period)
    entry = ranking.entries.filter(subject_id=grid.pk).first() if ranking else None
    explain = {
        "level": "grid",
        "kind": period.kind,
        "key": period.key,
        "subject": grid.pk,
    }
    return JsonResponse(
        {
            "grid": {
                "id": grid.pk,
                "code": grid.code,
                "name": grid.name,
                "community": grid.community.name,
                "station": grid.community.station.name,
            },
            "period": period.key,
            "ranking": {
                "scheme": str(ranking.version),
                "score": display(entry.score, ""),
                "rank": entry.rank,
                "of": ranking.entries.count(),
            }
            if entry
            else None,
            "figures": [
                {
                    "code": code,
                    "label": str(kpi.label),
                    "unit": str(kpi.unit),
                    "value": _float(values.get(code)),
                    "display": display(_float(values.get(code)), str(kpi.unit)),
                    "higher_is_better": kpi.higher_is_better,
                    "definition": str(kpi.definition),
                    "explain_url": f"{reverse('scoreboard_explain', args=[code])}?"
                    + urlencode(explain),
                }
                for code, kpi in KPIS.items()
            ],
        }
    )


def admin_urls():
    return [
        path("scoreboard/map/", map_page, name="scoreboard_map"),
        path("scoreboard/map/grids.json", grids_json, name="scoreboard_map_grids"),
        path("scoreboard/map/layers.json", layers_json, name="scoreboard_map_layers"),
        path("scoreboard/map/charts.json", charts_json, name="scoreboard_map_charts"),
        path(
            "scoreboard/map/grids/<int:pk>.json",
            grid_json,
            name="scoreboard_map_grid",
        ),
    ]
