import segno
from django.core.cache import cache
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET
from wagtail import hooks

from . import locate
from .forms import CommunityPickerForm, LocateForm, SearchForm
from .models import Assignment, Grid, GridPage, Station
from .search import search_grids

PHOTO_SPEC = "fill-240x300"
ROLE_ORDER = list(Assignment.Role.values)


def current_assignments(grids):
    """Current assignments of the given grids, people and photos fetched in bulk."""
    return (
        Assignment.objects.current()
        .filter(grid__in=grids)
        .select_related("person__photo")
        .prefetch_related("person__photo__renditions")
    )


def _sorted_cards(assignments):
    return sorted(assignments, key=lambda a: (ROLE_ORDER.index(a.role), a.person.name))


def grid_directory(request):
    """Context for the bureau page: stations, each with its grids."""
    grid_pages = (
        GridPage.objects.live().select_related("grid__community").order_by("grid__code")
    )
    stations = (
        Station.objects.filter(page__live=True)
        .select_related("page")
        .annotate(grid_count=Count("communities__grids", distinct=True))
    )
    pages_by_station = {}
    for page in grid_pages.select_related("grid__community__station"):
        pages_by_station.setdefault(page.grid.community.station_id, []).append(page)
    sections = [(station, pages_by_station.get(station.pk, [])) for station in stations]
    return {
        "sections": sections,
        "boundaries_url": reverse("grids:boundaries"),
        "search_form": SearchForm(),
    }


def station_directory(station_page):
    grid_pages = (
        GridPage.objects.live()
        .filter(grid__community__station=station_page.station)
        .select_related("grid__community")
        .order_by("grid__code")
    )
    return {
        "grid_pages": grid_pages,
        "boundaries_url": reverse("grids:boundaries")
        + f"?station={station_page.station.code}",
    }


def grid_page_context(page, request):
    """Context for a GridPage; other apps add sections through the
    ``grid_page_sections`` hook: ``fn(request, grid) -> HTML or ""``."""
    grid = Grid.objects.select_related("community__station").get(pk=page.grid_id)
    return {
        "extra_sections": [
            fn(request, grid) for fn in hooks.get_hooks("grid_page_sections")
        ],
        "grid": grid,
        "cards": _sorted_cards(current_assignments([grid])),
        "priorities": page.priorities.all(),
        "photo_spec": PHOTO_SPEC,
        "boundaries_url": reverse("grids:boundaries") + f"?grid={grid.code}",
    }


def _qr_svg(url):
    return segno.make(url, error="m").svg_inline(scale=3, border=2)


def _report_url(request, grid):
    try:
        return request.build_absolute_uri(
            reverse("reports:submit") + f"?grid={grid.code}"
        )
    except NoReverseMatch:
        return None


def _card_data(request, pages):
    grids = [page.grid for page in pages]
    by_grid = {}
    for assignment in current_assignments(grids):
        by_grid.setdefault(assignment.grid_id, []).append(assignment)
    cards = []
    for page in pages:
        page_url = page.get_full_url(request)
        report_url = _report_url(request, page.grid)
        cards.append(
            {
                "page": page,
                "grid": page.grid,
                "people": _sorted_cards(by_grid.get(page.grid_id, [])),
                "page_qr": _qr_svg(page_url),
                "page_url": page_url,
                "report_qr": _qr_svg(report_url) if report_url else None,
            }
        )
    return cards


def grid_card(request, page):
    page = GridPage.objects.select_related("grid__community__station").get(pk=page.pk)
    return TemplateResponse(
        request,
        "grids/cards.html",
        {"cards": _card_data(request, [page]), "title": page.title, "page": page},
    )


def station_cards(request, station_page):
    pages = list(
        GridPage.objects.live()
        .filter(grid__community__station=station_page.station)
        .select_related("grid__community__station")
        .order_by("grid__code")
    )
    return TemplateResponse(
        request,
        "grids/cards.html",
        {
            "cards": _card_data(request, pages),
            "title": station_page.title,
            "page": station_page,
        },
    )


def _wants_json(request):
    return request.GET.get("format") == "json" or (
        "application/json" in request.headers.get("Accept", "")
        and "text/html" not in request.headers.get("Accept", "")
    )


def _grid_json(grid, distance_m=None):
    data = {
        "code": grid.code,
        "name": grid.name,
        "community": grid.community.name,
        "station": grid.community.station.name,
        "url": grid.page.url if hasattr(grid, "page") else None,
    }
    if distance_m is not None:
        data["distance_m"] = round(distance_m)
    return data


@require_GET
def locate_grid(request):
    if not request.GET:
        return render(
            request,
            "grids/locate.html",
            {"form": LocateForm(), "picker": CommunityPickerForm()},
        )
    form = LocateForm(request.GET)
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return render(
            request,
            "grids/locate.html",
            {"form": form, "picker": CommunityPickerForm()},
            status=400,
        )
    lat, lng = form.cleaned_data["lat"], form.cleaned_data["lng"]
    grid = locate.locate(lat, lng)
    nearest = [] if grid else locate.nearest_grids(lat, lng)
    if _wants_json(request):
        return JsonResponse(
            {
                "grid": _grid_json(grid) if grid else None,
                "nearest": [_grid_json(g, d) for g, d in nearest],
            }
        )
    if grid and hasattr(grid, "page"):
        return redirect(grid.page.url)
    return render(
        request,
        "grids/locate.html",
        {
            "form": form,
            "picker": CommunityPickerForm(),
            "outside": True,
            "nearest": nearest,
        },
    )


@require_GET
def search(request):
    form = SearchForm(request.GET or None)
    results = None
    if request.GET.get("community"):
        picker = CommunityPickerForm(request.GET)
        if picker.is_valid():
            results = (
                Grid.objects.filter(community=picker.cleaned_data["community"])
                .select_related("community__station", "page")
                .order_by("code")
            )
    elif form.is_valid():
        results = search_grids(form.cleaned_data["q"])
    return render(request, "grids/search.html", {"form": form, "results": results})


BOUNDARY_CACHE_SECONDS = 300


@require_GET
def boundaries(request):
    """All grid boundaries (optionally one station's or one grid's) as GeoJSON."""
    station, code = request.GET.get("station", ""), request.GET.get("grid", "")
    key = f"grids:geojson:{locate.boundary_version()}:{station[:32]}:{code[:32]}"
    data = cache.get(key)
    if data is None:
        grids = Grid.objects.exclude(boundary=None).select_related(
            "community__station", "page"
        )
        if station:
            grids = grids.filter(community__station__code=station)
        if code:
            grids = grids.filter(code=code)
        data = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "geometry": grid.boundary,
                    "properties": {
                        "code": grid.code,
                        "name": grid.name,
                        "station": grid.community.station.name,
                        "url": grid.page.url if hasattr(grid, "page") else None,
                    },
                }
                for grid in grids
            ],
        }
        cache.set(key, data, BOUNDARY_CACHE_SECONDS)
    return JsonResponse(data)
