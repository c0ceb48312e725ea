from django.urls import path

from . import views

app_name = "grids"

urlpatterns = [
    path("locate/", views.locate_grid, name="locate"),
    path("search/", views.search, name="search"),
    path("boundaries.geojson", views.boundaries, name="boundaries"),
]
