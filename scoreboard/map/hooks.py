"""Wagtail hooks of the command map, imported by scoreboard.wagtail_hooks; and
the public summary in the popups of the public grids map."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from ..summary import grid_summary
from .views import admin_urls, display, may_view_map


@hooks.register("register_admin_urls")
def register_map_urls():
    return admin_urls()


class CommandMapMenuItem(MenuItem):
    def is_shown(self, request):
        return may_view_map(request.user)


@hooks.register("register_admin_menu_item")
def register_map_menu_item():
    return CommandMapMenuItem(
        _("Command map"), reverse("scoreboard_map"), icon_name="site", order=190
    )


@hooks.register("grid_public_summary")
def public_summary(grid):
    """This month's public figures of the grid, the same as on its page."""
    return [
        {"label": str(kpi.label), "value": display(value, str(kpi.unit))}
        for kpi, value in grid_summary(grid)
    ]
