"""Open311 GeoReport v2 (JSON) over reports.

Service codes are category codes; service_request_id is the report reference.
GET answers carry no personal data: only the public (redacted) text of reports
an officer made public, and coordinates rounded to about 100 m. POST needs an
active API key from the admin.
"""

from datetime import timedelta
from pathlib import Path

from django import forms
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from portal.phones import normalize_phone, validate_phone

from . import ratelimit, services
from .converters import is_key
from .forms import clean_text
from .models import ApiKey, Category, Report, ReportPhoto, hash_token

MAX_RESULTS = 1000
DEFAULT_DAYS = 90
OPENAPI_FILE = Path(__file__).with_name("open311_openapi.json")


def _errors(status, code, description):
    return JsonResponse(
        [{"code": status if code is None else code, "description": description}],
        status=status,
        safe=False,
    )


def _service(category):
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description,
        "metadata": bool(category.question_list),
        "type": "realtime",
        "keywords": "",
        "group": "",
    }


@require_GET
def services_list(request):
    categories = Category.objects.filter(is_active=True)
    return JsonResponse([_service(c) for c in categories], safe=False)


@require_GET
def service_definition(request, code):
    category = Category.objects.filter(is_active=True, code=code).first()
    if category is None:
        return _errors(404, None, "service_code not found")
    attributes = [
        {
            "variable": True,
            "code": f"q{number}",
            "datatype": "string",
            "required": False,
            "datatype_description": "",
            "order": number + 1,
            "description": question,
        }
        for number, question in enumerate(category.question_list)
    ]
    return JsonResponse({"service_code": category.code, "attributes": attributes})


def _public_request(report, media):
    """One report as Open311 shows it: no names, phones, e-mails or own words."""
    round_to = 3  # ~100 m: enough to find the place, not the household
    return {
        "service_request_id": report.reference,
        "status": report.open311_status,
        "status_notes": report.get_status_display(),
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": report.public_description if report.is_public else "",
        "agency_responsible": report.transferred_to or report.station.name,
        "service_notice": "",
        "requested_datetime": report.created_at.isoformat(),
        "updated_datetime": report.updated_at.isoformat(),
        "expected_datetime": report.resolve_due_at.isoformat(),
        "address": report.grid.name if report.grid else "",
        "address_id": "",
        "zipcode": "",
        "lat": round(report.latitude, round_to)
        if report.latitude is not None
        else None,
        "long": round(report.longitude, round_to)
        if report.longitude is not None
        else None,
        "media_url": media.get(report.pk, ""),
    }


def _public_media(reports):
    photos = ReportPhoto.objects.filter(
        report__in=reports, visibility=ReportPhoto.Visibility.PUBLIC
    ).order_by("report_id", "pk")
    media = {}
    for report_id, photo_id in photos.values_list("report_id", "pk"):
        media.setdefault(report_id, reverse("reports:public_photo", args=[photo_id]))
    return media


def _date(value):
    parsed = parse_datetime(value)
    if parsed is None:
        raise ValueError(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _search(request):
    params = request.GET
    if not all(
        is_key(params.get(name)) for name in ("service_request_id", "service_code")
    ):
        return _errors(400, None, "service_request_id and service_code are codes")
    reports = Report.objects.select_related("category", "station", "grid")
    try:
        end = _date(params["end_date"]) if params.get("end_date") else timezone.now()
        start = (
            _date(params["start_date"])
            if params.get("start_date")
            else end - timedelta(days=DEFAULT_DAYS)
        )
    except (ValueError, OverflowError):
        return _errors(400, None, "start_date and end_date must be w3c datetimes")
    if params.get("service_request_id"):
        ids = [i.strip() for i in params["service_request_id"].split(",")][:100]
        reports = reports.filter(reference__in=ids)
    else:
        reports = reports.filter(created_at__gte=start, created_at__lte=end)
    if params.get("service_code"):
        reports = reports.filter(category__code__in=params["service_code"].split(","))
    statuses = {s.strip() for s in params.get("status", "").split(",") if s.strip()}
    if statuses - {"open", "closed"}:
        return _errors(400, None, "status must be open or closed")
    if statuses == {"open"}:
        reports = reports.filter(status__in=Report.OPEN_STATUSES)
    elif statuses == {"closed"}:
        reports = reports.exclude(status__in=Report.OPEN_STATUSES)
    found = list(reports.order_by("-created_at")[:MAX_RESULTS])
    media = _public_media(found)
    return JsonResponse([_public_request(r, media) for r in found], safe=False)


class Open311RequestForm(forms.Form):
    api_key = forms.CharField(max_length=64)
    service_code = forms.CharField(max_length=40)
    lat = forms.FloatField(min_value=-90, max_value=90)
    long = forms.FloatField(min_value=-180, max_value=180)
    address_string = forms.CharField(max_length=200, required=False)
    description = forms.CharField(min_length=5, max_length=2000)
    media_url = forms.URLField(max_length=500, required=False, assume_scheme="https")
    email = forms.EmailField(required=False)
    first_name = forms.CharField(max_length=25, required=False)
    last_name = forms.CharField(max_length=25, required=False)
    phone = forms.CharField(max_length=20, required=False)

    def clean_phone(self):
        value = normalize_phone(self.cleaned_data["phone"])
        if value:
            validate_phone(value)
        return value

    def clean_description(self):
        value = clean_text(self.cleaned_data["description"])
        if len(value) < 5:
            raise forms.ValidationError("description is too short")
        return value

    def clean_service_code(self):
        category = Category.objects.filter(
            is_active=True, code=self.cleaned_data["service_code"]
        ).first()
        if category is None:
            raise forms.ValidationError("service_code not found")
        return category


def _create(request):
    form = Open311RequestForm(request.POST)
    key = request.POST.get("api_key", "")[:64]
    if (
        not key
        or not is_key(key)
        or not ApiKey.objects.filter(key=key, is_active=True).exists()
    ):
        return _errors(403, None, "api_key is missing or not valid")
    if not form.is_valid():
        field, messages = next(iter(form.errors.items()))
        return _errors(400, None, f"{field}: {' '.join(messages)}")
    if not ratelimit.allow(request, "ip", f"open311:{key}"):
        return _errors(429, None, "too many requests; try again later")
    data = form.cleaned_data
    grid, station = services.route(data["lat"], data["long"])
    if station is None:
        return _errors(400, None, "the location is outside this jurisdiction")
    name = clean_text(f"{data['last_name']}{data['first_name']}")
    report, token = services.submit_report(
        category=data["service_code"],
        description=data["description"],
        grid=grid,
        station=station,
        latitude=data["lat"],
        longitude=data["long"],
        address=clean_text(data["address_string"]),
        answers={"media_url": data["media_url"]} if data["media_url"] else {},
        reporter_name=name,
        reporter_phone=data["phone"],
        reporter_email=data["email"],
    )
    return JsonResponse(
        [
            {
                "service_request_id": report.reference,
                "token": token,
                "service_notice": report.category.notice,
                "account_id": None,
            }
        ],
        status=201,
        safe=False,
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def requests_list(request):
    if request.method == "POST":
        return _create(request)
    return _search(request)


@require_GET
def request_detail(request, reference):
    report = (
        Report.objects.select_related("category", "station", "grid")
        .filter(reference=reference)
        .first()
    )
    if report is None:
        return _errors(404, None, "service_request_id not found")
    return JsonResponse([_public_request(report, _public_media([report]))], safe=False)


@never_cache
@require_GET
def token_lookup(request, token):
    report = Report.objects.filter(token_hash=hash_token(token)).first()
    if report is None:
        return _errors(404, None, "token not found")
    return JsonResponse(
        [{"service_request_id": report.reference, "token": token}], safe=False
    )


@require_GET
def openapi(request):
    return HttpResponse(OPENAPI_FILE.read_bytes(), content_type="application/json")
