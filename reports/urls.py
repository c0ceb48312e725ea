from django.urls import path

from . import (
    converters,  # noqa: F401  (registers the URL converters)
    views,
)

app_name = "reports"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("nearby/", views.nearby, name="nearby"),
    path("voice/<key:reference>/", views.voice, name="voice"),
    path("track/<key:token>/", views.track, name="track"),
    path("track/<key:token>/rate/", views.rate, name="track_rate"),
    path("track/<key:token>/subscribe/", views.subscribe, name="track_subscribe"),
    path("track/<key:token>/photos/<int:photo_id>/", views.photo, name="track_photo"),
    path("mine/", views.my_reports, name="mine"),
    path("mine/<key:reference>/", views.my_report, name="my_report"),
    path("mine/<key:reference>/rate/", views.rate, name="my_rate"),
    path("mine/<key:reference>/subscribe/", views.subscribe, name="my_subscribe"),
    path("mine/<key:reference>/photos/<int:photo_id>/", views.photo, name="my_photo"),
    path("photos/<int:photo_id>/", views.public_photo, name="public_photo"),
    path("grid/<key:code>/subscribe/", views.subscribe_grid, name="subscribe_grid"),
    path("unsubscribe/<signed:signed>/", views.unsubscribe, name="unsubscribe"),
]
