"""Keeping the public page tree (home → grids → station → grid) in step with records."""

from django.db import transaction
from django.utils.text import slugify

from portal.models import HomePage

from .models import GridIndexPage, GridPage, StationPage


def home_page():
    """The site's HomePage (a migration puts it in place of Wagtail's welcome page)."""
    return HomePage.objects.get()


def grid_index_page():
    index = GridIndexPage.objects.first()
    if index:
        return index
    return home_page().add_child(instance=GridIndexPage(title="网格服务", slug="grids"))


def _slug(code):
    return slugify(code) or code.lower()


@transaction.atomic
def ensure_station_page(station):
    """Create or rename the station's page so it matches the station record."""
    page = StationPage.objects.filter(station=station).first()
    if page is None:
        return grid_index_page().add_child(
            instance=StationPage(
                title=station.name, slug=_slug(station.code), station=station
            )
        )
    if page.title != station.name or page.slug != _slug(station.code):
        page.title, page.slug = station.name, _slug(station.code)
        page.save_revision().publish()
    return page


@transaction.atomic
def ensure_grid_page(grid):
    """Create the grid's page under its station, or move/rename it to match."""
    station_page = ensure_station_page(grid.community.station)
    page = GridPage.objects.filter(grid=grid).first()
    if page is None:
        return station_page.add_child(
            instance=GridPage(title=grid.name, slug=_slug(grid.code), grid=grid)
        )
    if page.get_parent().pk != station_page.pk:
        page.move(station_page, pos="last-child")
        page.refresh_from_db()
    if page.title != grid.name or page.slug != _slug(grid.code):
        page.title, page.slug = grid.name, _slug(grid.code)
        page.save_revision().publish()
    return page
