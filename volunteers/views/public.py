"""Pages anyone may open: teams, activities, leaderboards, certificate checks."""

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .. import leaderboards
from ..access import volunteer_of
from ..forms import ActivityFilterForm, LeaderboardForm
from ..models import Activity, Certificate, ServiceLog, SignUp, Team

CONFIRMED = Q(signups__status=SignUp.Status.CONFIRMED)


def upcoming_activities():
    return (
        Activity.objects.upcoming()
        .select_related("team", "grid")
        .annotate(taken=Count("signups", filter=CONFIRMED))
    )


def index(request):
    return render(
        request,
        "volunteers/index.html",
        {
            "profile": volunteer_of(request.user),
            "activities": upcoming_activities()[:5],
            "teams": Team.objects.filter(is_active=True)[:8],
        },
    )


def team_list(request):
    teams = (
        Team.objects.filter(is_active=True)
        .select_related("station")
        .annotate(member_count=Count("memberships", distinct=True))
    )
    return render(request, "volunteers/team_list.html", {"teams": teams})


def team_detail(request, slug):
    team = get_object_or_404(
        Team.objects.select_related("station").prefetch_related("grids"),
        slug=slug,
        is_active=True,
    )
    totals = (
        ServiceLog.objects.verified()
        .filter(team=team)
        .aggregate(hours=Sum("hours"), services=Count("pk"))
    )
    return render(
        request,
        "volunteers/team_detail.html",
        {
            "team": team,
            "totals": totals,
            "member_count": team.memberships.count(),
            "activities": upcoming_activities().filter(team=team)[:20],
            "board": leaderboards.volunteer_board("year", team=team, size=10),
        },
    )


def activity_list(request):
    form = ActivityFilterForm(request.GET or None)
    activities = upcoming_activities()
    if form.is_valid() and form.cleaned_data["kind"]:
        activities = activities.filter(kind=form.cleaned_data["kind"])
    return render(
        request,
        "volunteers/activity_list.html",
        {"activities": activities[:100], "form": form},
    )


def activity_detail(request, pk):
    activity = get_object_or_404(Activity.objects.select_related("team", "grid"), pk=pk)
    profile = volunteer_of(request.user)
    signup = (
        SignUp.objects.filter(activity=activity, volunteer=profile).first()
        if profile
        else None
    )
    waiting_ahead = None
    if signup and signup.status == SignUp.Status.WAITLISTED:
        waiting_ahead = activity.signups.filter(
            status=SignUp.Status.WAITLISTED,
            waitlist_position__lt=signup.waitlist_position,
        ).count()
    return render(
        request,
        "volunteers/activity_detail.html",
        {
            "activity": activity,
            "taken": activity.signups.filter(status=SignUp.Status.CONFIRMED).count(),
            "profile": profile,
            "signup": signup,
            "waiting_ahead": waiting_ahead,
            "now": timezone.now(),
        },
    )


def leaderboard(request):
    form = LeaderboardForm(request.GET or None)
    period, team = "month", None
    if form.is_valid():
        period = form.cleaned_data["period"] or "month"
        team = form.cleaned_data["team"]
    return render(
        request,
        "volunteers/leaderboard.html",
        {
            "form": form,
            "period": period,
            "team": team,
            "volunteers": leaderboards.volunteer_board(period, team=team),
            "teams": [] if team else leaderboards.team_board(period),
        },
    )


def verify_certificate(request, token):
    certificate = get_object_or_404(
        Certificate.objects.select_related("volunteer"), token=token
    )
    return render(
        request, "volunteers/certificate_verify.html", {"certificate": certificate}
    )
