"""Team leaders' and officers' phone pages: verify service, run an activity."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import services
from ..access import (
    activities_managed_by,
    get_activity_for_manager,
    get_log_for_reviewer,
    is_officer,
    logs_reviewable_by,
    teams_managed_by,
)
from ..forms import ReasonForm
from ..models import ServiceLog, SignUp
from .volunteer import _refuse

QUEUE_SIZE = 100


@login_required
def dashboard(request):
    if not (is_officer(request.user) or teams_managed_by(request.user).exists()):
        raise Http404
    logs = logs_reviewable_by(request.user)
    return render(
        request,
        "volunteers/lead.html",
        {
            "logs": logs.filter(status=ServiceLog.Status.PENDING)
            .select_related("volunteer", "activity", "team")
            .order_by("started_at")[:QUEUE_SIZE],
            "activities": activities_managed_by(request.user)
            .upcoming()
            .select_related("grid")[:QUEUE_SIZE],
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def verify_log(request, pk):
    log = get_log_for_reviewer(request.user, pk)
    try:
        entry = services.credit_service_log(log, request.user)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(
            request,
            _("Verified: %(points)s points credited.") % {"points": entry.amount},
        )
    return redirect("volunteers:lead")


@login_required
@require_POST
def reject_log(request, pk):
    log = get_log_for_reviewer(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a reason."))
        return redirect("volunteers:lead")
    try:
        services.reject_service_log(log, request.user, form.cleaned_data["reason"])
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Rejected."))
    return redirect("volunteers:lead")


@login_required
def activity_roster(request, pk):
    activity = get_activity_for_manager(request.user, pk)
    checkin_url = request.build_absolute_uri(
        reverse("volunteers:check_in", args=[activity.checkin_token])
    )
    signups = activity.signups.select_related("volunteer", "attendance").order_by(
        "status", "waitlist_position", "created_at"
    )
    return render(
        request,
        "volunteers/lead_activity.html",
        {
            "activity": activity,
            "signups": signups,
            "checkin_url": checkin_url,
            "qr": segno.make(checkin_url, error="m").svg_inline(scale=4, border=2),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_POST
def roster_action(request, pk, signup_pk):
    """Check a volunteer in or out by hand, or remove them from the activity."""
    activity = get_activity_for_manager(request.user, pk)
    signup = get_object_or_404(
        SignUp.objects.select_related("volunteer"), pk=signup_pk, activity=activity
    )
    action = request.POST.get("action")
    try:
        if action == "in":
            services.check_in(activity, signup.volunteer, by=request.user)
        elif action == "out":
            services.check_out(activity, signup.volunteer)
        elif action == "remove":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                raise ValidationError(_("Please give a reason."))
            services.remove_sign_up(signup, request.user, form.cleaned_data["reason"])
        else:
            raise Http404
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Done."))
    return redirect("volunteers:lead_activity", pk=pk)
