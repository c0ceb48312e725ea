from django.urls import path

from .views import leader, public, volunteer

app_name = "volunteers"

urlpatterns = [
    path("", public.index, name="index"),
    path("teams/", public.team_list, name="teams"),
    path("teams/<slug:slug>/", public.team_detail, name="team"),
    path("activities/", public.activity_list, name="activities"),
    path("activities/<int:pk>/", public.activity_detail, name="activity"),
    path("activities/<int:pk>/sign-up/", volunteer.sign_up, name="sign_up"),
    path(
        "activities/<int:pk>/cancel/", volunteer.cancel_sign_up, name="cancel_sign_up"
    ),
    path("check-in/<str:token>/", volunteer.check_in, name="check_in"),
    path("apply/", volunteer.apply, name="apply"),
    path("log/", volunteer.log_service, name="log_service"),
    path("logs/<int:pk>/photo/", volunteer.log_photo, name="log_photo"),
    path("me/", volunteer.my_points, name="my_points"),
    path("rewards/", volunteer.reward_list, name="rewards"),
    path("rewards/<int:pk>/redeem/", volunteer.redeem, name="redeem"),
    path("redemptions/<int:pk>/", volunteer.redemption_detail, name="redemption"),
    path(
        "redemptions/<int:pk>/cancel/",
        volunteer.cancel_redemption,
        name="cancel_redemption",
    ),
    path("leaderboard/", public.leaderboard, name="leaderboard"),
    path("certificates/new/", volunteer.issue_certificate, name="issue_certificate"),
    path("certificates/<str:number>/", volunteer.certificate, name="certificate"),
    path("verify/<str:token>/", public.verify_certificate, name="verify_certificate"),
    path("lead/", leader.dashboard, name="lead"),
    path("lead/logs/<int:pk>/verify/", leader.verify_log, name="verify_log"),
    path("lead/logs/<int:pk>/reject/", leader.reject_log, name="reject_log"),
    path("lead/activities/<int:pk>/", leader.activity_roster, name="lead_activity"),
    path(
        "lead/activities/<int:pk>/sign-ups/<int:signup_pk>/",
        leader.roster_action,
        name="roster_action",
    ),
]
