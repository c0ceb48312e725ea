"""The "Scoreboard" menu of the Wagtail admin (dashboard, rankings, scoring
schemes), its URLs, and the public service summary section of grid pages.
The command map (一张图) registers its own hooks in ``map.hooks``."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from . import services, views
from .forms import SchemeAdminForm
from .map import hooks as map_hooks  # noqa: F401  (registers the map's hooks)
from .models import ScoringScheme
from .summary import grid_summary

MENU_HOOK = "register_scoreboard_menu_item"


class ViewerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("scoreboard.view_ranking")


@hooks.register("register_admin_menu_item")
def register_scoreboard_menu():
    return SubmenuMenuItem(
        _("Scoreboard"),
        Menu(register_hook_name=MENU_HOOK),
        icon_name="order",
        name="scoreboard",
        order=450,
    )


@hooks.register(MENU_HOOK)
def register_dashboard_item():
    return ViewerMenuItem(
        _("KPI dashboard"),
        reverse("scoreboard_dashboard"),
        icon_name="table",
        order=100,
    )


@hooks.register(MENU_HOOK)
def register_rankings_item():
    return ViewerMenuItem(
        _("Rankings"), reverse("scoreboard_rankings"), icon_name="order", order=200
    )


@hooks.register("register_admin_urls")
def register_scoreboard_urls():
    return views.admin_urls()


class VersioningCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.snapshot_version(instance, self.request.user)
        return instance


class VersioningEditView(generic.EditView):
    def save_instance(self):
        instance = super().save_instance()
        services.snapshot_version(instance, self.request.user)
        return instance


class SchemeDeleteView(generic.DeleteView):
    """A scheme is kept for the rankings scored with its versions: refuse."""

    def form_valid(self, form):
        if self.object.versions.exists():
            messages.error(
                self.request,
                _("This scheme has versions used for rankings; make it inactive."),
            )
            return redirect(self.index_url_name)
        return super().form_valid(form)


class ScoringSchemeViewSet(ModelViewSet):
    """Bureau admins edit schemes; each saved change freezes a new version."""

    model = ScoringScheme
    icon = "cogs"
    menu_label = _("Scoring schemes")
    menu_order = 300
    menu_hook = MENU_HOOK
    add_to_admin_menu = True
    copy_view_enabled = False
    add_view_class = VersioningCreateView
    edit_view_class = VersioningEditView
    delete_view_class = SchemeDeleteView
    list_display = ["name", "period_kind", "normalisation", "is_active"]
    list_filter = ["period_kind", "is_active"]
    search_fields = ["name"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("period_kind"), FieldPanel("normalisation")]),
            FieldPanel("is_active"),
            InlinePanel("weights", label=_("Indicators"), min_num=1),
        ],
        base_form_class=SchemeAdminForm,
    )


@hooks.register("register_admin_viewset")
def register_scheme_viewset():
    return ScoringSchemeViewSet("scoreboard_scheme", url_prefix="scoreboard/schemes")


@hooks.register("grid_page_sections")
def grid_service_section(request, grid):
    """This month's service figures of the grid; public, no personal data."""
    return render_to_string(
        "scoreboard/grid_section.html",
        {"figures": grid_summary(grid)},
        request=request,
    )
