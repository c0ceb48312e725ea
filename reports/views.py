"""The residents' side: file a report, follow it, rate it, subscribe.

Every page here is sent with Cache-Control: no-store. Tracking tokens appear
only in the tracking link itself; logging.TrackingTokenFilter keeps them out of
the request and access logs.
"""

from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from grids.models import Grid
from portal.uploads import serve_private_file

from . import ratelimit, services
from .converters import is_key
from .forms import RatingForm, ReportForm, SubscribeForm
from .models import (
    Category,
    InvalidTransition,
    Report,
    ReportPhoto,
    Subscription,
    hash_token,
)
from .tasks import UNSUBSCRIBE_SALT


def _key(value, max_length):
    """A code from the query string, or "" when it has characters no code has."""
    value = (value or "")[:max_length]
    return value if is_key(value) else ""


def _too_many(request):
    return render(request, "reports/rate_limited.html", status=429)


@never_cache
def submit(request):
    """Step 1 (no category yet): choose one. Step 2: the form for it."""
    grid_code = _key(request.GET.get("grid"), 32)
    category = Category.objects.filter(
        is_active=True, code=_key(request.GET.get("category"), 40)
    ).first()
    if category is None:
        categories = Category.objects.filter(is_active=True)
        return render(
            request,
            "reports/choose_category.html",
            {"categories": categories, "grid_code": grid_code},
        )
    if request.method == "POST":
        form = ReportForm(category, request.POST, request.FILES)
        if form.is_valid():
            return _file_report(request, form)
        status = 400
    else:
        form = ReportForm(category, initial={"grid": grid_code})
        status = 200
    return render(
        request,
        "reports/report_form.html",
        {"form": form, "category": category},
        status=status,
    )


def _file_report(request, form):
    data = form.cleaned_data
    if not ratelimit.allow_submission(
        request, [data["reporter_phone"], data["reporter_email"]]
    ):
        return _too_many(request)
    duplicates = []
    if not data["confirm_new"]:
        duplicates = services.find_duplicates(
            form.category, data["latitude"], data["longitude"]
        )
    if duplicates:
        form.data = form.data.copy()
        form.data["confirm_new"] = "on"
        context = {"form": form, "category": form.category, "duplicates": duplicates}
        return render(request, "reports/report_form.html", context)
    grid, station = services.route(data["latitude"], data["longitude"], data["grid"])
    if station is None:
        form.add_error("grid", _("We could not place this report; pick your grid."))
        context = {"form": form, "category": form.category}
        return render(request, "reports/report_form.html", context, status=400)
    report, token = services.submit_report(
        category=form.category,
        description=data["description"],
        grid=grid,
        station=station,
        photos=data["photos"],
        reporter=request.user if request.user.is_authenticated else None,
        **form.report_fields(),
    )
    tracking_url = request.build_absolute_uri(reverse("reports:track", args=[token]))
    return render(
        request,
        "reports/submitted.html",
        {"report": report, "tracking_url": tracking_url},
        status=201,
    )


@never_cache
@require_GET
def nearby(request):
    """JSON: open reports like this one close by, for the form's duplicate check."""
    category = Category.objects.filter(
        code=_key(request.GET.get("category"), 40)
    ).first()
    try:
        lat = float(request.GET.get("lat", ""))
        lng = float(request.GET.get("lng", ""))
    except ValueError:
        return JsonResponse({"error": "lat and lng must be numbers"}, status=400)
    if category is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return JsonResponse(
            {"error": "unknown category or bad coordinates"}, status=400
        )
    found = services.find_duplicates(category, lat, lng)
    return JsonResponse(
        {
            "results": [
                {
                    "reference": r.reference,
                    "status": r.get_status_display(),
                    "distance_m": round(r.distance_m),
                    "created": r.created_at.date().isoformat(),
                    "text": r.public_description if r.is_public else "",
                    "supporters": r.supporters,
                    "voice_url": reverse("reports:voice", args=[r.reference]),
                }
                for r in found
            ]
        }
    )


@never_cache
@require_POST
def voice(request, reference):
    """Add my voice to an open report instead of filing a duplicate."""
    report = get_object_or_404(
        Report.objects.open().select_related("category"), reference=reference
    )
    if not ratelimit.allow(request, "ip"):
        return _too_many(request)
    report.add_voice()
    return render(request, "reports/voice_added.html", {"report": report})


# --- Following a report -------------------------------------------------------


def _find(request, token=None, reference=None):
    """The report behind a tracking token, or the logged-in reporter's own one."""
    reports = Report.objects.select_related("category", "grid", "station")
    if token is not None:
        report = reports.filter(token_hash=hash_token(token)).first()
    elif request.user.is_authenticated:
        report = reports.filter(reference=reference, reporter=request.user).first()
    else:
        report = None
    if report is None:
        raise Http404
    return report


def _base_url(report, token):
    if token is not None:
        return reverse("reports:track", args=[token])
    return reverse("reports:my_report", args=[report.reference])


def _tracking_page(
    request, report, token, rating_form=None, subscribe_form=None, status=200
):
    updates = [u for u in report.updates.all() if u.is_public]
    photos = [
        p for p in report.photos.all() if p.visibility != ReportPhoto.Visibility.HIDDEN
    ]
    base = _base_url(report, token)
    context = {
        "report": report,
        "updates": updates,
        "photos": photos,
        "base_url": base,
        "rating_form": rating_form or RatingForm(),
        "subscribe_form": subscribe_form or SubscribeForm(),
        "escalated": report.status == Report.Status.ESCALATED,
    }
    return render(request, "reports/track.html", context, status=status)


@never_cache
def track(request, token):
    return _tracking_page(request, _find(request, token=token), token)


@never_cache
@login_required
def my_report(request, reference):
    return _tracking_page(request, _find(request, reference=reference), None)


@never_cache
@login_required
def my_reports(request):
    reports = (
        Report.objects.filter(reporter=request.user)
        .select_related("category", "grid")
        .order_by("-created_at")[:100]
    )
    return render(request, "reports/my_reports.html", {"reports": reports})


@never_cache
@require_POST
def rate(request, token=None, reference=None):
    report = _find(request, token, reference)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _tracking_page(request, report, token, rating_form=form, status=400)
    try:
        report.rate(form.cleaned_data["stars"], form.cleaned_data["comment"])
    except InvalidTransition as exc:
        form.add_error(None, exc)
        return _tracking_page(request, report, token, rating_form=form, status=409)
    return redirect(_base_url(report, token) + "#rating")


@never_cache
@require_POST
def subscribe(request, token=None, reference=None):
    report = _find(request, token, reference)
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _tracking_page(request, report, token, subscribe_form=form, status=400)
    if not ratelimit.allow(request, "ip"):
        return _too_many(request)
    report.subscriptions.get_or_create(
        email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
    )
    return render(request, "reports/subscribed.html", {"report": report})


@never_cache
def photo(request, photo_id, token=None, reference=None):
    report = _find(request, token, reference)
    item = get_object_or_404(
        report.photos.exclude(visibility=ReportPhoto.Visibility.HIDDEN), pk=photo_id
    )
    return serve_private_file(item.image)


def public_photo(request, photo_id):
    """A photo an officer published (linked from public pages and the API)."""
    item = get_object_or_404(
        ReportPhoto, pk=photo_id, visibility=ReportPhoto.Visibility.PUBLIC
    )
    return serve_private_file(item.image)


# --- Grid subscriptions ---------------------------------------------------------


@never_cache
def subscribe_grid(request, code):
    grid = get_object_or_404(Grid, code=code)
    form = SubscribeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(request, "ip"):
            return _too_many(request)
        grid.report_subscriptions.get_or_create(
            email=form.cleaned_data["email"], phone=form.cleaned_data["phone"]
        )
        return render(request, "reports/subscribed.html", {"grid": grid})
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reports/subscribe_grid.html",
        {"grid": grid, "form": form},
        status=status,
    )


@never_cache
def unsubscribe(request, signed):
    """One click from the message: the signed link ends the subscription."""
    try:
        pk = signing.loads(signed, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as exc:
        raise Http404 from exc
    Subscription.objects.filter(pk=pk).delete()
    return render(request, "reports/unsubscribed.html")
