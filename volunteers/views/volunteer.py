"""A volunteer's own pages: apply, sign up, check in/out, log service, points."""

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.models import PortalSettings
from portal.uploads import serve_private_file

from .. import services
from ..access import can_see_log_photo, get_own_redemption, volunteer_of
from ..forms import LocationForm, SelfReportedLogForm, VolunteerApplicationForm
from ..models import (
    Activity,
    Attendance,
    Certificate,
    Reward,
    ServiceLog,
    SignUp,
    Volunteer,
    VolunteerEvent,
)

HISTORY_SIZE = 50


def _refuse(request, error):
    for message in error.messages:
        messages.error(request, message)


def _approved_volunteer(request):
    """The user's approved profile; otherwise a message and None."""
    profile = volunteer_of(request.user)
    if profile is None:
        messages.info(request, _("Apply to be a volunteer first."))
    elif profile.status != Volunteer.Status.APPROVED:
        messages.error(
            request,
            _("Your volunteer account is “%(status)s”.")
            % {"status": profile.get_status_display()},
        )
        return None
    return profile


@login_required
def apply(request):
    if volunteer_of(request.user):
        return redirect("volunteers:my_points")
    form = VolunteerApplicationForm(request.POST or None)
    if form.is_valid():
        with transaction.atomic():
            profile = form.save(commit=False)
            profile.user = request.user
            profile.save()
            VolunteerEvent.objects.create(
                volunteer=profile,
                action=VolunteerEvent.Action.APPLIED,
                actor=request.user,
            )
        messages.success(
            request,
            _("Thank you! A team leader or officer will review your application."),
        )
        return redirect("volunteers:my_points")
    return render(request, "volunteers/apply.html", {"form": form})


@login_required
@require_POST
def sign_up(request, pk):
    activity = get_object_or_404(Activity, pk=pk)
    profile = _approved_volunteer(request)
    if profile is None:
        return redirect("volunteers:apply")
    try:
        signup = services.sign_up(activity, profile)
    except ValidationError as error:
        _refuse(request, error)
    else:
        if signup.status == SignUp.Status.CONFIRMED:
            messages.success(request, _("You have a place. See you there!"))
        else:
            messages.info(
                request, _("The activity is full; you are on the waiting list.")
            )
    return redirect("volunteers:activity", pk=activity.pk)


@login_required
@require_POST
def cancel_sign_up(request, pk):
    signup = get_object_or_404(SignUp, activity_id=pk, volunteer__user=request.user)
    try:
        services.cancel_sign_up(signup)
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Your place has been given up."))
    return redirect("volunteers:activity", pk=pk)


@login_required
def check_in(request, token):
    """The page the activity's QR code opens: check in, later check out."""
    activity = get_object_or_404(
        Activity.objects.select_related("grid"), checkin_token=token
    )
    profile = volunteer_of(request.user)
    attendance = (
        Attendance.objects.filter(
            signup__activity=activity, signup__volunteer=profile
        ).first()
        if profile
        else None
    )
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if profile is None:
            raise Http404
        data = form.cleaned_data
        try:
            if data["action"] == "in":
                services.check_in(activity, profile, lat=data["lat"], lng=data["lng"])
                messages.success(request, _("Checked in. Thank you for serving!"))
            else:
                log = services.check_out(
                    activity, profile, lat=data["lat"], lng=data["lng"]
                )
                messages.success(
                    request,
                    _("Checked out after %(hours)s hours; waiting for verification.")
                    % {"hours": log.hours},
                )
        except ValidationError as error:
            _refuse(request, error)
        return redirect("volunteers:check_in", token=token)
    return render(
        request,
        "volunteers/check_in.html",
        {
            "activity": activity,
            "profile": profile,
            "attendance": attendance,
            "form": form,
        },
    )


@login_required
def log_service(request):
    profile = _approved_volunteer(request)
    if profile is None:
        return redirect("volunteers:apply")
    form = SelfReportedLogForm(
        request.POST or None, request.FILES or None, volunteer=profile
    )
    if form.is_valid():
        form.save()
        messages.success(request, _("Logged; it waits for verification."))
        return redirect("volunteers:my_points")
    return render(request, "volunteers/log_service.html", {"form": form})


@login_required
def log_photo(request, pk):
    log = get_object_or_404(ServiceLog.objects.select_related("volunteer"), pk=pk)
    if not log.photo or not can_see_log_photo(request.user, log):
        raise Http404
    return serve_private_file(log.photo)


@login_required
def my_points(request):
    profile = volunteer_of(request.user)
    if profile is None:
        return redirect("volunteers:apply")
    return render(
        request,
        "volunteers/my_points.html",
        {
            "profile": profile,
            "ledger": profile.ledger.all()[:HISTORY_SIZE],
            "logs": profile.service_logs.select_related("activity")[:HISTORY_SIZE],
            "redemptions": profile.redemptions.select_related("reward")[:HISTORY_SIZE],
            "signups": profile.signups.filter(
                status__in=[SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED]
            ).select_related("activity")[:HISTORY_SIZE],
            "certificates": profile.certificates.all()[:10],
        },
    )


def reward_list(request):
    rewards = (
        Reward.objects.filter(is_active=True)
        .select_related("image")
        .prefetch_related("image__renditions")
    )
    return render(
        request,
        "volunteers/reward_list.html",
        {"rewards": rewards, "profile": volunteer_of(request.user)},
    )


@login_required
@require_POST
def redeem(request, pk):
    reward = get_object_or_404(Reward, pk=pk, is_active=True)
    profile = _approved_volunteer(request)
    if profile is None:
        return redirect("volunteers:rewards")
    try:
        redemption = services.redeem(profile, reward, request.user)
    except ValidationError as error:
        _refuse(request, error)
        return redirect("volunteers:rewards")
    messages.success(request, _("Redeemed! Show the pickup code to collect it."))
    return redirect("volunteers:redemption", pk=redemption.pk)


@login_required
def redemption_detail(request, pk):
    redemption = get_own_redemption(request.user, pk)
    return render(
        request, "volunteers/redemption_detail.html", {"redemption": redemption}
    )


@login_required
@require_POST
def cancel_redemption(request, pk):
    redemption = get_own_redemption(request.user, pk)
    try:
        services.cancel_redemption(
            redemption, request.user, _("Cancelled by the volunteer.")
        )
    except ValidationError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Cancelled; your points have been refunded."))
    return redirect("volunteers:redemption", pk=pk)


def _issuer(request):
    return PortalSettings.for_request(request).bureau_name


@login_required
@require_POST
def issue_certificate(request):
    profile = volunteer_of(request.user)
    if profile is None:
        raise PermissionDenied
    try:
        certificate = services.issue_certificate(profile, _issuer(request))
    except ValidationError as error:
        _refuse(request, error)
        return redirect("volunteers:my_points")
    return redirect("volunteers:certificate", number=certificate.number)


@login_required
def certificate(request, number):
    certificate = get_object_or_404(
        Certificate.objects.select_related("volunteer"),
        number=number,
        volunteer__user=request.user,
    )
    verify_url = request.build_absolute_uri(
        reverse("volunteers:verify_certificate", args=[certificate.token])
    )
    return render(
        request,
        "volunteers/certificate.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr": segno.make(verify_url, error="m").svg_inline(scale=3, border=2),
        },
    )
