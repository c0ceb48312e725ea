"""Staff pages in the Wagtail admin: the KPI dashboard, the explanation of a
figure with the rows behind it, rankings, and their xlsx exports.

Every view checks ``access`` first; the figures come from ``kpis.compute`` (a
fixed number of grouped queries, whatever the number of subjects).
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, drill, exports, services
from .forms import ComputeRankingForm, ExplainForm, PeriodForm
from .kpis import KPIS, LEVELS, compute, compute_one
from .kpis.sources import SOURCES
from .kpis.subjects import subjects_for
from .models import Ranking, SchemeVersion

ROWS_PER_PAGE = 50


def _explain_url(code, level, period, subject_id):
    query = urlencode(
        {"level": level, "kind": period.kind, "key": period.key, "subject": subject_id}
    )
    return f"{reverse('scoreboard_explain', args=[code])}?{query}"


def dashboard(request):
    """KPI table of one level and period; every figure links to its explanation."""
    access.require_view(request.user)
    form = PeriodForm(request.GET)
    rows, level, period = [], None, None
    if form.is_valid():
        level, period = form.cleaned_data["level"], form.cleaned_data["period"]
        figures = access.scope(request.user, level, compute(level, period))
        if request.GET.get("format") == "xlsx":
            access.require_export(request.user)
            return exports.kpi_workbook(figures, level, period)
        rows = [
            (
                figure,
                [
                    (
                        kpi,
                        figure.values.get(code),
                        _explain_url(code, level, period, figure.subject_id),
                    )
                    for code, kpi in KPIS.items()
                ],
            )
            for figure in figures
        ]
    return TemplateResponse(
        request,
        "scoreboard/admin/dashboard.html",
        {
            "title": _("Scoreboard"),
            "form": form,
            "rows": rows,
            "kpis": list(KPIS.values()),
            "level": level,
            "level_label": LEVELS.get(level, ""),
            "period": period,
            "can_export": access.can_export(request.user),
            "export_query": request.GET.urlencode(),
        },
    )


def explain(request, code):
    """What a figure means, its value, and the rows behind it (paginated)."""
    access.require_view(request.user)
    kpi = KPIS.get(code)
    if kpi is None:
        raise Http404
    form = ExplainForm(request.GET)
    context = {"title": kpi.label, "kpi": kpi, "form": form}
    if not form.is_valid():
        return TemplateResponse(
            request, "scoreboard/admin/explain.html", context, status=400
        )
    level, period = form.cleaned_data["level"], form.cleaned_data["period"]
    subject_id = form.cleaned_data["subject"]
    access.require_subject(request.user, level, subject_id)
    subjects = subjects_for(level, period)
    name = subjects.name_of(subject_id)
    if name is None:
        raise Http404
    source = SOURCES[kpi.source]
    layout = drill.layout(kpi.source)
    rows = (
        kpi.rows(period)
        .filter(subjects.filter(source.path, subject_id, source.station_key))
        .select_related(*layout["related"])
        .order_by(*layout["order"])
    )
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    headers, cells = drill.table(kpi.source, page.object_list)
    value = compute_one(level, period, subject_id)[code]
    query = request.GET.copy()
    query.pop("page", None)
    context.update(
        {
            "level": level,
            "level_label": LEVELS[level],
            "period": period,
            "subject_name": name,
            "value": value,
            "headers": headers,
            "cells": cells,
            "page": page,
            "page_query": query.urlencode(),
        }
    )
    return TemplateResponse(request, "scoreboard/admin/explain.html", context)


def _rankings_for(user):
    rankings = Ranking.objects.select_related("version__scheme")
    if not user.has_perm("scoreboard.change_scoringscheme"):
        rankings = rankings.filter(published=True)
    return rankings


def rankings(request):
    access.require_view(request.user)
    can_compute = request.user.has_perm("scoreboard.change_scoringscheme")
    page = Paginator(_rankings_for(request.user), 30).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "scoreboard/admin/rankings.html",
        {
            "title": _("Rankings"),
            "page": page,
            "compute_form": ComputeRankingForm() if can_compute else None,
        },
    )


def ranking_detail(request, pk):
    access.require_view(request.user)
    ranking = get_object_or_404(_rankings_for(request.user), pk=pk)
    entries = access.scope(request.user, ranking.level, ranking.entries.all())
    if request.GET.get("format") == "xlsx":
        access.require_export(request.user)
        return exports.ranking_workbook(ranking, entries)
    weights = [
        (KPIS[w["kpi"]], w)
        for w in ranking.version.rules["weights"]
        if w["kpi"] in KPIS
    ]
    rows = [
        (
            entry,
            [(entry.points.get(k.code), entry.values.get(k.code)) for k, _w in weights],
        )
        for entry in entries
    ]
    return TemplateResponse(
        request,
        "scoreboard/admin/ranking_detail.html",
        {
            "title": str(ranking),
            "ranking": ranking,
            "weights": weights,
            "rows": rows,
            "can_export": access.can_export(request.user),
            "can_publish": request.user.has_perm("scoreboard.change_scoringscheme"),
        },
    )


@require_POST
def compute_ranking(request):
    """Bureau admins compute a ranking now (unpublished until they publish it)."""
    if not request.user.has_perm("scoreboard.change_scoringscheme"):
        raise PermissionDenied
    form = ComputeRankingForm(request.POST)
    if not form.is_valid():
        page = Paginator(_rankings_for(request.user), 30).get_page(1)
        return TemplateResponse(
            request,
            "scoreboard/admin/rankings.html",
            {"title": _("Rankings"), "page": page, "compute_form": form},
            status=400,
        )
    scheme = form.cleaned_data["scheme"]
    version = scheme.current_version or services.snapshot_version(scheme, request.user)
    ranking = services.compute_ranking(
        version, form.cleaned_data["level"], form.cleaned_data["period"]
    )
    messages.success(request, _("Ranking computed."))
    return redirect("scoreboard_ranking", ranking.pk)


@require_POST
def publish_ranking(request, pk):
    if not request.user.has_perm("scoreboard.change_scoringscheme"):
        raise PermissionDenied
    ranking = get_object_or_404(Ranking, pk=pk)
    services.publish_ranking(ranking)
    messages.success(request, _("Ranking published to staff."))
    return redirect("scoreboard_ranking", ranking.pk)


def scheme_versions(request, pk):
    """Every frozen version of a scheme, newest first (read only)."""
    access.require_view(request.user)
    versions = list(
        SchemeVersion.objects.filter(scheme_id=pk).select_related(
            "scheme", "created_by"
        )
    )
    if not versions:
        raise Http404
    return TemplateResponse(
        request,
        "scoreboard/admin/scheme_versions.html",
        {
            "title": _("Versions of %(scheme)s") % {"scheme": versions[0].scheme},
            "versions": [
                (v, [(KPIS.get(w["kpi"]), w) for w in v.rules["weights"]])
                for v in versions
            ],
        },
    )


def admin_urls():
    return [
        path("scoreboard/", dashboard, name="scoreboard_dashboard"),
        path("scoreboard/explain/<slug:code>/", explain, name="scoreboard_explain"),
        path("scoreboard/rankings/", rankings, name="scoreboard_rankings"),
        path(
            "scoreboard/rankings/compute/",
            compute_ranking,
            name="scoreboard_compute_ranking",
        ),
        path(
            "scoreboard/rankings/<int:pk>/", ranking_detail, name="scoreboard_ranking"
        ),
        path(
            "scoreboard/rankings/<int:pk>/publish/",
            publish_ranking,
            name="scoreboard_publish_ranking",
        ),
        path(
            "scoreboard/schemes/<int:pk>/versions/",
            scheme_versions,
            name="scoreboard_scheme_versions",
        ),
    ]
