"""Officers edit only the grid pages of the grids they may work on.

Wagtail's page permissions are per subtree, so the roles get "change" and
"publish" on the whole /grids/ tree (portal.roles) and these hooks narrow it down
to grids.access: the explorer hides other grids' pages and their edit view is
refused.
"""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .access import grids_visible_to, sees_everything
from .models import GridPage, StationPage


def _may_edit(user, page):
    if sees_everything(user):
        return True
    specific_class = page.specific_class
    if specific_class is GridPage:
        grid_id = (
            GridPage.objects.filter(pk=page.pk)
            .values_list("grid_id", flat=True)
            .first()
        )
        return grids_visible_to(user).filter(pk=grid_id).exists()
    if specific_class is StationPage:
        station_id = (
            StationPage.objects.filter(pk=page.pk)
            .values_list("station_id", flat=True)
            .first()
        )
        return grids_visible_to(user).filter(community__station_id=station_id).exists()
    return True


@hooks.register("before_edit_page")
def refuse_other_grids_pages(request, page):
    if not _may_edit(request.user, page):
        raise PermissionDenied


@hooks.register("construct_explorer_page_queryset")
def hide_other_grids_pages(parent_page, pages, request):
    user = request.user
    if sees_everything(user) or parent_page.specific_class is not StationPage:
        return pages
    visible = GridPage.objects.filter(grid__in=grids_visible_to(user)).values("pk")
    return pages.filter(pk__in=visible)
