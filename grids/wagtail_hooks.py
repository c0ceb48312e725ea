"""The "Grids" menu of the Wagtail admin: stations, communities, grids, people
and assignments, each scoped by grids.access, with spreadsheet import/export;
and a dashboard panel of the priorities that have gone stale."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.viewsets.model import ModelViewSetGroup

from portal import imports

from . import access
from .admin_views import ScopedIndexView, ScopedModelViewSet
from .forms import GridAdminForm, ScopedAdminForm
from .models import (
    Assignment,
    Community,
    Grid,
    GridPriority,
    Patrol,
    PatrolPoint,
    Person,
    Station,
)
from .resources import (
    AssignmentResource,
    CommunityResource,
    GridResource,
    PersonResource,
    StationResource,
)


class StationViewSet(ScopedModelViewSet):
    model = Station
    icon = "home"
    scope = staticmethod(access.stations_visible_to)
    spreadsheet = "grids-station"
    list_display = ["name", "code", "phone", "address"]
    search_fields = ["name", "code", "address"]
    list_export = ["code", "name", "address", "phone", "latitude", "longitude"]
    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
    ]


class CommunityViewSet(ScopedModelViewSet):
    model = Community
    icon = "group"
    scope = staticmethod(access.communities_visible_to)
    spreadsheet = "grids-community"
    list_select_related = ["station"]
    list_display = ["name", "code", "station", "subdistrict"]
    list_filter = ["station"]
    search_fields = ["name", "code", "subdistrict", "station__name"]
    list_export = ["code", "name", "station.code", "station.name", "subdistrict"]
    export_headings = {"station.code": _("Station code"), "station.name": _("Station")}
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldPanel("station"),
            FieldPanel("subdistrict"),
        ],
        base_form_class=ScopedAdminForm,
    )


class GridViewSet(ScopedModelViewSet):
    model = Grid
    icon = "table"
    scope = staticmethod(access.grids_visible_to)
    spreadsheet = "grids-grid"
    list_select_related = ["community__station"]
    list_display = ["name", "code", "community", "households", "population"]
    list_filter = ["community__station", "community"]
    search_fields = [
        "name",
        "code",
        "streets",
        "community__name",
        "community__subdistrict",
        "community__station__name",
    ]
    list_export = [
        "code",
        "name",
        "community.code",
        "community.name",
        "households",
        "population",
        "centroid_lat",
        "centroid_lng",
    ]
    export_headings = {
        "community.code": _("Community code"),
        "community.name": _("Community"),
    }
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("code"), FieldPanel("name")]),
            FieldPanel("community"),
            FieldPanel("streets"),
            FieldRowPanel([FieldPanel("households"), FieldPanel("population")]),
            FieldPanel("boundary"),
        ],
        base_form_class=GridAdminForm,
    )


class PersonViewSet(ScopedModelViewSet):
    model = Person
    icon = "user"
    scope = staticmethod(access.people_visible_to)
    spreadsheet = "grids-person"
    list_select_related = ["station"]
    list_display = ["name", "role", "work_phone", "station", "badge_number"]
    list_filter = ["role", "station"]
    search_fields = ["name", "work_phone", "badge_number", "duties"]
    # Staff-only data (badge number) is fine here: only staff reach the admin.
    list_export = [
        "name",
        "get_role_display",
        "work_phone",
        "station",
        "badge_number",
        "office_hours",
    ]
    export_headings = {"get_role_display": _("Role")}
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("role")]),
            FieldPanel("photo"),
            FieldRowPanel([FieldPanel("work_phone"), FieldPanel("badge_number")]),
            FieldPanel("station"),
            FieldPanel("duties"),
            FieldPanel("office_hours"),
        ],
        base_form_class=ScopedAdminForm,
    )


class AssignmentViewSet(ScopedModelViewSet):
    model = Assignment
    icon = "link"
    scope = staticmethod(access.assignments_visible_to)
    spreadsheet = "grids-assignment"
    list_select_related = ["person", "grid"]
    list_display = ["person", "grid", "role", "start_date", "end_date"]
    list_filter = ["role", "grid__community__station", "end_date"]
    search_fields = ["person__name", "grid__name", "grid__code"]
    list_export = [
        "person.name",
        "person.work_phone",
        "grid.code",
        "grid.name",
        "get_role_display",
        "start_date",
        "end_date",
    ]
    export_headings = {
        "person.name": _("Person"),
        "person.work_phone": _("Work phone"),
        "grid.code": _("Grid code"),
        "grid.name": _("Grid"),
        "get_role_display": _("Role"),
    }
    edit_handler = ObjectList(
        [
            FieldPanel("person"),
            FieldPanel("grid"),
            FieldPanel("role"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        ],
        base_form_class=ScopedAdminForm,
    )


# --- Patrols ---------------------------------------------------------------------


class PatrolPointIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            MenuItem(
                _("Print QR codes of this grid"),
                url=reverse("grids:patrol_qr_sheet", args=[instance.grid.code]),
                icon_name="doc-full",
                priority=30,
            )
        )
        return buttons


class PatrolPointViewSet(ScopedModelViewSet):
    model = PatrolPoint
    icon = "site"
    scope = staticmethod(access.patrol_points_visible_to)
    index_view_class = PatrolPointIndexView
    list_select_related = ["grid"]
    list_display = ["name", "grid", "radius_m", "is_active"]
    list_filter = ["grid__community__station", "grid", "is_active"]
    search_fields = ["name", "description", "grid__name", "grid__code"]
    list_export = ["grid.code", "grid.name", "name", "lat", "lng", "radius_m"]
    export_headings = {"grid.code": _("Grid code"), "grid.name": _("Grid")}
    edit_handler = ObjectList(
        [
            FieldPanel("grid"),
            FieldPanel("name"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("lat"), FieldPanel("lng")]),
            FieldRowPanel([FieldPanel("radius_m"), FieldPanel("is_active")]),
        ],
        base_form_class=ScopedAdminForm,
    )


class PatrolViewSet(ScopedModelViewSet):
    model = Patrol
    icon = "time"
    scope = staticmethod(access.patrols_visible_to)
    inspect_view_enabled = True
    list_select_related = ["grid", "patroller"]
    list_display = [
        "grid",
        "patroller",
        "kind",
        "started_at",
        "ended_at",
        "points_covered",
        "points_total",
        "status",
    ]
    list_filter = ["status", "kind", "auto_closed", "grid__community__station", "grid"]
    search_fields = ["grid__name", "grid__code", "notes"]
    list_export = [
        "grid.code",
        "grid.name",
        "patroller",
        "get_kind_display",
        "started_at",
        "ended_at",
        "minutes",
        "points_covered",
        "points_total",
        "auto_closed",
        "notes",
    ]
    export_headings = {
        "grid.code": _("Grid code"),
        "grid.name": _("Grid"),
        "get_kind_display": _("Patrolled as"),
        "minutes": _("Minutes"),
    }
    # Patrols are started and ended on phones; the admin only shows them.
    edit_handler = ObjectList([FieldPanel("notes", read_only=True)])
    inspect_view_fields = [
        "grid",
        "patroller",
        "kind",
        "status",
        "started_at",
        "ended_at",
        "points_covered",
        "points_total",
        "auto_closed",
        "notes",
    ]


class GridsViewSetGroup(ModelViewSetGroup):
    menu_label = _("Grids")
    menu_icon = "table"
    menu_order = 200
    items = (
        GridViewSet("grids_grid", url_prefix="grids/grids"),
        PersonViewSet("grids_person", url_prefix="grids/people"),
        AssignmentViewSet("grids_assignment", url_prefix="grids/assignments"),
        CommunityViewSet("grids_community", url_prefix="grids/communities"),
        StationViewSet("grids_station", url_prefix="grids/stations"),
        PatrolPointViewSet("grids_patrolpoint", url_prefix="grids/patrol-points"),
        PatrolViewSet("grids_patrol", url_prefix="grids/patrols"),
    )


@hooks.register("register_admin_viewset")
def register_grids_viewsets():
    return GridsViewSetGroup()


class PatrolOnPhoneMenuItem(AdminMenuItem):
    """Patrols are walked with a phone: the admin links to the phone pages.
    (A permission check, not access.patrol_grids: the admin has the user's
    permissions loaded already, so every admin page stays one query lighter.)"""

    def is_shown(self, request):
        return request.user.has_perm("grids.view_patrol")


@hooks.register("register_admin_menu_item")
def register_patrol_on_phone():
    return PatrolOnPhoneMenuItem(
        _("Patrol (phone)"),
        reverse("grids:patrols"),
        icon_name="mobile-alt",
        order=210,
    )


for name, resource in [
    ("grids-station", StationResource),
    ("grids-community", CommunityResource),
    ("grids-grid", GridResource),
    ("grids-person", PersonResource),
    ("grids-assignment", AssignmentResource),
]:
    imports.register(name, resource, index_url_name=f"{name.replace('-', '_')}:index")


class StalePrioritiesPanel(Component):
    """Priorities on the user's grid pages not updated for GridPriority.STALE_AFTER_DAYS."""

    name = "stale_priorities"
    template_name = "grids/admin/stale_priorities.html"
    order = 90
    limit = 20

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        cutoff = timezone.localdate() - timedelta(days=GridPriority.STALE_AFTER_DAYS)
        stale = (
            GridPriority.objects.filter(
                page__grid__in=access.grids_visible_to(self.user),
                updated_on__lt=cutoff,
            )
            .select_related("page__grid")
            .order_by("updated_on")
        )
        return {"priorities": list(stale[: self.limit]), "limit": self.limit}


@hooks.register("construct_homepage_panels")
def add_stale_priorities_panel(request, panels):
    panels.append(StalePrioritiesPanel(request.user))
