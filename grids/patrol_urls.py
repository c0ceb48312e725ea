"""Patrol pages, included under /grids/patrols/ by grids/urls.py."""

from django.urls import path

from . import patrol_views

urlpatterns = [
    path("patrols/", patrol_views.patrol_home, name="patrols"),
    path("patrols/start/<str:code>/", patrol_views.patrol_start, name="patrol_start"),
    path("patrols/<int:pk>/", patrol_views.patrol_detail, name="patrol"),
    path(
        "patrols/<int:pk>/points/<int:point_pk>/check-in/",
        patrol_views.patrol_checkin,
        name="patrol_checkin",
    ),
    path("patrols/<int:pk>/end/", patrol_views.patrol_end, name="patrol_end"),
    path("patrols/p/<str:token>/", patrol_views.patrol_point_scan, name="patrol_scan"),
    path(
        "patrols/qr/<str:code>/", patrol_views.patrol_qr_sheet, name="patrol_qr_sheet"
    ),
]
