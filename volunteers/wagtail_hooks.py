"""The "Volunteers" menu of the Wagtail admin, every listing scoped by
volunteers.access; state changes go through the small action views in
admin_views.py (which call the model transitions and services)."""

from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSetGroup

from grids.admin_views import ScopedEditView, ScopedIndexView, ScopedModelViewSet
from portal import imports

from . import access, admin_views, services, tasks
from .admin_forms import ActivityAdminForm, RewardAdminForm, VolunteersAdminForm
from .models import (
    Activity,
    LedgerEntry,
    Membership,
    Redemption,
    Reward,
    ServiceLog,
    SignUp,
    Team,
    Volunteer,
)
from .resources import TeamResource, VolunteerResource


def _actions(view, instance, items):
    """Menu items [(label, url_name, args, icon)] after the default ones."""
    buttons = list(super(type(view), view).get_list_more_buttons(instance))
    for priority, (label, url_name, args, icon) in enumerate(items, start=30):
        buttons.append(
            MenuItem(
                label,
                url=reverse(url_name, args=args),
                icon_name=icon,
                priority=priority,
            )
        )
    return buttons


# --- Volunteers ---------------------------------------------------------------------


class VolunteerIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        status = Volunteer.Status
        items = []
        transitions = {
            status.APPLIED: [("approve", _("Approve")), ("decline", _("Decline"))],
            status.DECLINED: [("approve", _("Approve"))],
            status.APPROVED: [("suspend", _("Suspend"))],
            status.SUSPENDED: [("reinstate", _("Reinstate"))],
        }
        for action, label in transitions.get(instance.status, []):
            items.append(
                (label, "volunteers_volunteer_action", [instance.pk, action], "check")
            )
        if access.is_officer(self.request.user):
            items.append(
                (_("Adjust points"), "volunteers_adjust", [instance.pk], "plus")
            )
        return _actions(self, instance, items)


class VolunteerViewSet(ScopedModelViewSet):
    model = Volunteer
    icon = "user"
    scope = staticmethod(access.volunteers_managed_by)
    spreadsheet = "volunteers-volunteer"
    index_view_class = VolunteerIndexView
    list_select_related = ["community"]
    list_display = [
        "real_name",
        "mobile",
        "community",
        "status",
        "balance",
        "created_at",
    ]
    list_filter = ["status", "community"]
    search_fields = ["real_name", "mobile", "skills"]
    list_export = ["real_name", "mobile", "community", "status", "balance", "skills"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("real_name"), FieldPanel("mobile")]),
            FieldPanel("community"),
            FieldPanel("preferred_team"),
            FieldPanel("skills"),
            FieldPanel("availability"),
        ],
        base_form_class=VolunteersAdminForm,
    )


# --- Teams -------------------------------------------------------------------------------


class TeamViewSet(ScopedModelViewSet):
    model = Team
    icon = "group"
    scope = staticmethod(access.teams_managed_by)
    spreadsheet = "volunteers-team"
    list_select_related = ["station", "leader"]
    list_display = ["name", "slug", "station", "leader", "is_partner", "is_active"]
    list_filter = ["is_partner", "is_active", "station"]
    search_fields = ["name", "slug", "partner_organisation"]
    list_export = ["slug", "name", "station", "is_partner", "partner_organisation"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
            FieldPanel("description"),
            FieldPanel("leader"),
            FieldPanel("station"),
            FieldPanel("grids"),
            FieldRowPanel(
                [FieldPanel("is_partner"), FieldPanel("partner_organisation")]
            ),
            FieldPanel("is_active"),
        ],
        base_form_class=VolunteersAdminForm,
    )


def memberships_managed_by(user):
    return Membership.objects.filter(team__in=access.teams_managed_by(user))


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    icon = "link"
    scope = staticmethod(memberships_managed_by)
    list_select_related = ["team", "volunteer"]
    list_display = ["volunteer", "team", "joined_on"]
    list_filter = ["team"]
    search_fields = ["volunteer__real_name", "team__name"]
    edit_handler = ObjectList(
        [FieldPanel("team"), FieldPanel("volunteer"), FieldPanel("joined_on")],
        base_form_class=VolunteersAdminForm,
    )


# --- Activities ----------------------------------------------------------------------------


class ActivityEditView(ScopedEditView):
    def save_instance(self):
        notify = self.form.changed_for_volunteers()
        note = self.form.cleaned_data.get("change_note") or ""
        activity = super().save_instance()
        services.fill_places(activity)
        if notify:
            tasks.notify_activity_changed.enqueue(activity.pk, note)
        return activity


class ActivityViewSet(ScopedModelViewSet):
    model = Activity
    icon = "date"
    scope = staticmethod(access.activities_managed_by)
    edit_view_class = ActivityEditView
    list_select_related = ["team", "grid"]
    list_display = ["title", "kind", "team", "grid", "starts_at", "capacity", "status"]
    list_filter = ["kind", "status", "team"]
    search_fields = ["title", "place"]
    list_export = ["title", "kind", "team", "grid", "place", "starts_at", "ends_at"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("title"), FieldPanel("kind")]),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("team"), FieldPanel("grid")]),
            FieldPanel("place"),
            FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldRowPanel([FieldPanel("capacity"), FieldPanel("signup_deadline")]),
            FieldRowPanel([FieldPanel("points_rule"), FieldPanel("points_value")]),
            FieldPanel("change_note"),
        ],
        base_form_class=ActivityAdminForm,
    )


def signups_managed_by(user):
    return SignUp.objects.filter(activity__in=access.activities_managed_by(user))


# --- Service logs -----------------------------------------------------------------------------


class ServiceLogIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        items = []
        if instance.status == ServiceLog.Status.PENDING:
            items = [
                (
                    _("Verify"),
                    "volunteers_review_log",
                    [instance.pk, "verify"],
                    "check",
                ),
                (
                    _("Reject"),
                    "volunteers_review_log",
                    [instance.pk, "reject"],
                    "cross",
                ),
            ]
        if instance.photo:
            items.append((_("Photo"), "volunteers:log_photo", [instance.pk], "image"))
        return _actions(self, instance, items)


class ServiceLogViewSet(ScopedModelViewSet):
    model = ServiceLog
    icon = "time"
    scope = staticmethod(access.logs_reviewable_by)
    index_view_class = ServiceLogIndexView
    list_select_related = ["volunteer", "team"]
    list_display = [
        "description",
        "volunteer",
        "team",
        "started_at",
        "hours",
        "status",
        "needs_review",
    ]
    list_filter = ["status", "needs_review", "kind", "team"]
    search_fields = ["description", "place", "volunteer__real_name"]
    list_export = [
        "volunteer",
        "team",
        "kind",
        "description",
        "place",
        "started_at",
        "hours",
        "status",
    ]
    # Reviewers change a log only through Verify / Reject; here they add a note.
    edit_handler = ObjectList([FieldPanel("review_note")])


# --- Points --------------------------------------------------------------------------------


def all_rewards(user):
    return Reward.objects.all()


class RewardCreateView(CreateView):
    def save_instance(self):
        """The stock typed in is recorded as the item's first stock movement."""
        initial = self.form.cleaned_data.get("stock") or 0
        with transaction.atomic():
            self.form.instance.stock = 0
            reward = super().save_instance()
            if initial:
                services.restock(
                    reward, initial, self.request.user, _("Initial stock"), initial=True
                )
        return reward


class RewardIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        items = []
        if self.request.user.has_perm("volunteers.change_reward"):
            items = [(_("Restock"), "volunteers_restock", [instance.pk], "plus")]
        return _actions(self, instance, items)


class RewardViewSet(ScopedModelViewSet):
    model = Reward
    icon = "pick"
    scope = staticmethod(all_rewards)
    add_view_class = RewardCreateView
    index_view_class = RewardIndexView
    list_display = ["name", "cost", "stock", "limit_per_person", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    # Stock is set when an item is created; afterwards only Restock and
    # redemptions move it (see RewardAdminForm and Reward.save).
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("description"),
            FieldPanel("image"),
            FieldRowPanel([FieldPanel("cost"), FieldPanel("stock")]),
            FieldRowPanel([FieldPanel("limit_per_person"), FieldPanel("limit_period")]),
            FieldPanel("is_active"),
        ],
        base_form_class=RewardAdminForm,
    )


class RedemptionIndexView(ScopedIndexView):
    def get_list_more_buttons(self, instance):
        items = []
        if instance.status == Redemption.Status.PENDING:
            items = [
                (
                    _("Hand over"),
                    "volunteers_close_redemption",
                    [instance.pk, "fulfil"],
                    "check",
                ),
                (
                    _("Cancel and refund"),
                    "volunteers_close_redemption",
                    [instance.pk, "cancel"],
                    "cross",
                ),
            ]
        return _actions(self, instance, items)


class RedemptionViewSet(ScopedModelViewSet):
    model = Redemption
    icon = "tag"
    scope = staticmethod(access.redemptions_managed_by)
    index_view_class = RedemptionIndexView
    list_select_related = ["volunteer", "reward"]
    list_display = [
        "pickup_code",
        "reward",
        "volunteer",
        "cost",
        "status",
        "created_at",
    ]
    list_filter = ["status", "reward"]
    search_fields = ["pickup_code", "volunteer__real_name"]
    list_export = ["pickup_code", "reward", "volunteer", "cost", "status", "created_at"]
    edit_handler = ObjectList([FieldPanel("cancel_reason", read_only=True)])


def ledger_managed_by(user):
    return LedgerEntry.objects.filter(volunteer__in=access.volunteers_managed_by(user))


class LedgerViewSet(ScopedModelViewSet):
    model = LedgerEntry
    icon = "list-ul"
    scope = staticmethod(ledger_managed_by)
    list_select_related = ["volunteer", "created_by"]
    list_display = [
        "created_at",
        "volunteer",
        "kind",
        "amount",
        "balance_after",
        "reason",
    ]
    list_filter = ["kind"]
    search_fields = ["volunteer__real_name", "reason"]
    list_export = [
        "created_at",
        "volunteer",
        "kind",
        "amount",
        "balance_after",
        "reason",
    ]
    edit_handler = ObjectList([FieldPanel("reason", read_only=True)])


class VolunteersViewSetGroup(ModelViewSetGroup):
    menu_label = _("Volunteers")
    menu_icon = "group"
    menu_order = 300
    items = (
        VolunteerViewSet("volunteers_volunteer", url_prefix="volunteers/volunteers"),
        TeamViewSet("volunteers_team", url_prefix="volunteers/teams"),
        MembershipViewSet("volunteers_membership", url_prefix="volunteers/memberships"),
        ActivityViewSet("volunteers_activity", url_prefix="volunteers/activities"),
        ServiceLogViewSet("volunteers_servicelog", url_prefix="volunteers/logs"),
        RewardViewSet("volunteers_reward", url_prefix="volunteers/rewards"),
        RedemptionViewSet("volunteers_redemption", url_prefix="volunteers/redemptions"),
        LedgerViewSet("volunteers_ledgerentry", url_prefix="volunteers/ledger"),
    )


@hooks.register("register_admin_viewset")
def register_volunteers_viewsets():
    return VolunteersViewSetGroup()


@hooks.register("register_admin_urls")
def register_volunteers_admin_urls():
    return admin_views.admin_urls()


class HoursReportMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("volunteers.view_servicelog")


@hooks.register("register_reports_menu_item")
def register_hours_report():
    return HoursReportMenuItem(
        _("Volunteer hours"), reverse("volunteers_hours_report"), icon_name="time"
    )


imports.register(
    "volunteers-volunteer",
    VolunteerResource,
    index_url_name="volunteers_volunteer:index",
)
imports.register(
    "volunteers-team", TeamResource, index_url_name="volunteers_team:index"
)


@hooks.register("grid_page_sections")
def volunteer_section(request, grid):
    """Upcoming activities and the teams serving this grid (two queries)."""
    activities = list(
        Activity.objects.upcoming().filter(grid=grid).order_by("starts_at")[:5]
    )
    teams = list(Team.objects.filter(grids=grid, is_active=True)[:10])
    if not activities and not teams:
        return ""
    return render_to_string(
        "volunteers/grid_section.html",
        {"activities": activities, "teams": teams},
        request=request,
    )


@hooks.register("patrol_grids")
def volunteer_patrol_grids(user):
    return access.patrol_grids_of(user)
