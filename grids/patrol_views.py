"""Phone pages for patrols: start, see the points, check in (QR or location),
end; and the printable patrol-point QR sheet for staff.

Every page acts only on the user's own patrol (access.get_own_patrol) and only on
grids they may patrol (access.patrol_kind); the operations are in patrols.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import access, patrols
from .forms import EndPatrolForm, PositionForm
from .models import Grid, Patrol, PatrolCheckin, PatrolPoint
from .views import _qr_svg

RECENT_PATROLS = 20


def _refuse(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
def patrol_home(request):
    """The patrol under way, recent patrols, and the grids I may start one on."""
    recent = list(
        Patrol.objects.filter(patroller=request.user)
        .select_related("grid")
        .annotate(checkin_count=Count("checkins"))
        .order_by("-started_at")[:RECENT_PATROLS]
    )
    grids = list(
        access.patrol_grids(request.user)
        .select_related("community")
        .annotate(
            point_count=Count("patrol_points", filter=Q(patrol_points__is_active=True))
        )
        .order_by("code")
    )
    if not grids and not recent:
        raise PermissionDenied
    active = next((patrol for patrol in recent if patrol.is_active), None)
    return render(
        request,
        "grids/patrols/home.html",
        {"active": active, "recent": recent, "grids": grids},
    )


@login_required
@require_POST
def patrol_start(request, code):
    grid = get_object_or_404(Grid, code=code)
    try:
        patrol = patrols.start_patrol(request.user, grid)
    except ValidationError as error:
        _refuse(request, error)
        return redirect("grids:patrols")
    messages.success(request, _("Patrol started. Check in at every point."))
    return redirect("grids:patrol", pk=patrol.pk)


def _points_with_checkins(patrol):
    checkins = {checkin.point_id: checkin for checkin in patrol.checkins.all()}
    points = PatrolPoint.objects.filter(grid=patrol.grid_id, is_active=True)
    return [(point, checkins.get(point.pk)) for point in points.order_by("name")]


@login_required
def patrol_detail(request, pk):
    patrol = access.get_own_patrol(request.user, pk)
    points = _points_with_checkins(patrol)
    return render(
        request,
        "grids/patrols/detail.html",
        {
            "patrol": patrol,
            "points": points,
            "covered": sum(1 for _point, checkin in points if checkin),
            "end_form": EndPatrolForm(),
        },
    )


@login_required
@require_POST
def patrol_checkin(request, pk, point_pk):
    """Check in at a point by the phone's location."""
    patrol = access.get_own_patrol(request.user, pk)
    point = get_object_or_404(PatrolPoint, pk=point_pk, grid_id=patrol.grid_id)
    form = PositionForm(request.POST, required=True)
    if not form.is_valid():
        _refuse(request, ValidationError(list(form.errors.values())))
        return redirect("grids:patrol", pk=patrol.pk)
    try:
        patrols.check_in(
            patrol,
            point,
            PatrolCheckin.Method.LOCATION,
            lat=form.cleaned_data["lat"],
            lng=form.cleaned_data["lng"],
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Checked in at %(point)s.") % {"point": point.name})
    return redirect("grids:patrol", pk=patrol.pk)


@login_required
@require_POST
def patrol_end(request, pk):
    patrol = access.get_own_patrol(request.user, pk)
    form = EndPatrolForm(request.POST)
    if not form.is_valid():
        _refuse(request, ValidationError(list(form.errors.values())))
        return redirect("grids:patrol", pk=patrol.pk)
    try:
        patrol = patrols.end_patrol(patrol, request.user, form.cleaned_data["notes"])
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("Patrol ended: %(minutes)s minutes, %(covered)s of %(total)s points.")
            % {
                "minutes": patrol.minutes,
                "covered": patrol.points_covered,
                "total": patrol.points_total,
            },
        )
    return redirect("grids:patrol", pk=patrol.pk)


@login_required
def patrol_point_scan(request, token):
    """The page a patrol point's QR code opens: check in here (starting a
    patrol first if none is under way)."""
    point = get_object_or_404(
        PatrolPoint.objects.select_related("grid"), token=token, is_active=True
    )
    if access.patrol_kind(request.user, point.grid) is None:
        raise PermissionDenied
    patrol = Patrol.objects.active().filter(patroller=request.user).first()
    if request.method == "POST":
        form = PositionForm(request.POST)
        if not form.is_valid():
            _refuse(request, ValidationError(list(form.errors.values())))
            return redirect("grids:patrol_scan", token=token)
        try:
            if patrol is None:
                patrol = patrols.start_patrol(request.user, point.grid)
            patrols.check_in(
                patrol,
                point,
                PatrolCheckin.Method.QR,
                lat=form.cleaned_data["lat"],
                lng=form.cleaned_data["lng"],
            )
        except ValidationError as error:
            _refuse(request, error)
            return redirect("grids:patrol_scan", token=token)
        messages.success(request, _("Checked in at %(point)s.") % {"point": point.name})
        return redirect("grids:patrol", pk=patrol.pk)
    checkin = patrol.checkins.filter(point=point).first() if patrol else None
    return render(
        request,
        "grids/patrols/scan.html",
        {"point": point, "patrol": patrol, "checkin": checkin},
    )


@login_required
def patrol_qr_sheet(request, code):
    """Printable QR codes of a grid's patrol points, for staff of that grid."""
    grid = get_object_or_404(
        access.grids_visible_to(request.user).select_related("community__station"),
        code=code,
    )
    points = [
        (
            point,
            _qr_svg(
                request.build_absolute_uri(
                    reverse("grids:patrol_scan", args=[point.token])
                )
            ),
        )
        for point in grid.patrol_points.filter(is_active=True).order_by("name")
    ]
    return render(
        request, "grids/patrols/qr_sheet.html", {"grid": grid, "points": points}
    )
