from django.urls import path

from . import map_popup, patrol_urls, views

app_name = "grids"

urlpatterns = [
    path("locate/", views.locate_grid, name="locate"),
    path("search/", views.search, name="search"),
    path("boundaries.geojson", views.boundaries, name="boundaries"),
    path("popup/<str:code>.json", map_popup.grid_popup, name="popup"),
] + patrol_urls.urlpatterns
