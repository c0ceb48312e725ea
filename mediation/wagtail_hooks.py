"""The "Mediation" menu of the Wagtail admin: cases and their records, mediators,
councils and the audit log, each scoped by mediation.access; a dashboard panel
of overdue and high-risk cases and overdue council actions; statistics; and the
council section of public grid pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSetGroup

from grids.access import sees_everything
from grids.admin_views import ScopedIndexView, ScopedModelViewSet

from . import access, services
from .admin_forms import MediationAdminForm, MeetingAdminForm
from .models import (
    ActionItem,
    Agreement,
    AuditLogEntry,
    Case,
    Council,
    FollowUp,
    Mediator,
    Meeting,
    MeetingIssue,
    MemberUnit,
    MinutesSignOff,
    ResidentRepresentative,
    Session,
)
from .statistics import case_statistics


def _in_cases(model_scope):
    return staticmethod(
        lambda user: model_scope.objects.filter(
            case__in=access.cases_with_party_access(user)
        )
    )


def _in_councils(model):
    return staticmethod(
        lambda user: model.objects.filter(council__in=access.councils_visible_to(user))
    )


class CaseFileColumn(Column):
    """A link from the admin list to the case file, where the steps are taken."""

    def get_value(self, instance):
        return reverse("mediation:case_detail", args=[instance.pk])

    cell_template_name = "mediation/admin/case_file_cell.html"


class CaseIndexView(ScopedIndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().urgent_first()


class CaseCreateView(generic.CreateView):
    def save_instance(self):
        return services.open_case(
            case=self.form.save(commit=False), by=self.request.user
        )


class CaseViewSet(ScopedModelViewSet):
    model = Case
    icon = "folder-open-inverse"
    menu_label = _("Cases")
    scope = staticmethod(access.cases_visible_to)
    index_view_class = CaseIndexView
    add_view_class = CaseCreateView
    list_select_related = ["grid"]
    list_display = [
        "reference",
        "category",
        "grid",
        "risk",
        "status",
        "deadline",
        CaseFileColumn("file", label=_("Case file")),
    ]
    list_filter = ["status", "risk", "category", "source"]
    search_fields = ["reference", "source_reference"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("source"), FieldPanel("source_reference")]),
            FieldRowPanel([FieldPanel("category"), FieldPanel("risk")]),
            FieldPanel("grid"),
            FieldPanel("summary"),
        ],
        base_form_class=MediationAdminForm,
    )


class SessionViewSet(ScopedModelViewSet):
    model = Session
    icon = "doc-full"
    scope = _in_cases(Session)
    list_select_related = ["case"]
    list_display = ["case", "held_at", "place"]
    search_fields = ["case__reference", "place"]
    edit_handler = ObjectList(
        [
            FieldPanel("case"),
            FieldRowPanel([FieldPanel("held_at"), FieldPanel("place")]),
            FieldPanel("attendees"),
            FieldPanel("minutes"),
        ],
        base_form_class=MediationAdminForm,
    )


class AgreementViewSet(ScopedModelViewSet):
    model = Agreement
    icon = "doc-full-inverse"
    scope = _in_cases(Agreement)
    list_select_related = ["case"]
    list_display = ["case", "signed_on", "performance_deadline", "court_confirmation"]
    list_filter = ["court_confirmation"]
    search_fields = ["case__reference"]
    edit_handler = ObjectList(
        [
            FieldPanel("case", read_only=True),
            FieldPanel("facts"),
            FieldPanel("terms"),
            FieldRowPanel(
                [FieldPanel("performance_method"), FieldPanel("performance_place")]
            ),
            FieldRowPanel(
                [FieldPanel("performance_deadline"), FieldPanel("signed_on")]
            ),
            FieldRowPanel(
                [
                    FieldPanel("signatures_recorded"),
                    FieldPanel("seal_recorded"),
                    FieldPanel("copies"),
                ]
            ),
        ],
        base_form_class=MediationAdminForm,
    )


class FollowUpViewSet(ScopedModelViewSet):
    model = FollowUp
    icon = "date"
    scope = _in_cases(FollowUp)
    list_select_related = ["case"]
    list_display = ["case", "due_on", "visited_on", "obligations_kept"]
    list_filter = ["obligations_kept", "due_on"]
    search_fields = ["case__reference"]
    # Visits are recorded on the case file, where they move the case on.
    edit_handler = ObjectList(
        [FieldPanel("case", read_only=True), FieldPanel("due_on")],
        base_form_class=MediationAdminForm,
    )


class MediatorViewSet(ScopedModelViewSet):
    model = Mediator
    icon = "user"
    scope = staticmethod(access.mediators_visible_to)
    list_select_related = ["station"]
    list_display = ["name", "kind", "institution", "station", "work_phone", "active"]
    list_filter = ["kind", "station", "active"]
    search_fields = ["name", "institution"]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("name"), FieldPanel("kind")]),
            FieldRowPanel([FieldPanel("institution"), FieldPanel("station")]),
            FieldRowPanel([FieldPanel("work_phone"), FieldPanel("active")]),
            FieldPanel("user"),
        ],
        base_form_class=MediationAdminForm,
    )


class AuditLogViewSet(ScopedModelViewSet):
    """Read-only: nobody has add, change or delete permission on the audit log."""

    model = AuditLogEntry
    icon = "history"
    scope = staticmethod(
        lambda user: AuditLogEntry.objects.filter(
            case__in=access.cases_with_party_access(user)
        )
    )
    list_select_related = ["user", "case"]
    list_display = ["at", "user", "case", "action", "detail"]
    list_filter = ["action"]
    search_fields = ["case__reference"]
    inspect_view_enabled = True
    # Wagtail needs a form definition; no role holds add or change permission and
    # the model refuses any save after the first, so the form is never usable.
    form_fields = ["detail"]


class CouncilViewSet(ScopedModelViewSet):
    model = Council
    icon = "group"
    scope = staticmethod(access.councils_visible_to)
    list_select_related = ["community"]
    list_display = ["name", "community", "convenor"]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("community"),
            FieldPanel("grids"),
            FieldPanel("convenor"),
            FieldPanel("description"),
        ],
        base_form_class=MediationAdminForm,
    )


class MemberUnitViewSet(ScopedModelViewSet):
    model = MemberUnit
    icon = "site"
    scope = _in_councils(MemberUnit)
    list_select_related = ["council"]
    list_display = ["name", "council", "contact_name", "contact_phone"]
    list_filter = ["council"]
    search_fields = ["name", "contact_name"]
    edit_handler = ObjectList(
        [
            FieldPanel("council"),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("contact_name"), FieldPanel("contact_phone")]),
        ],
        base_form_class=MediationAdminForm,
    )


class RepresentativeViewSet(ScopedModelViewSet):
    model = ResidentRepresentative
    icon = "user"
    scope = _in_councils(ResidentRepresentative)
    list_select_related = ["council"]
    list_display = ["name", "council", "building"]
    list_filter = ["council"]
    search_fields = ["name", "building"]
    edit_handler = ObjectList(
        [
            FieldPanel("council"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("phone")]),
            FieldPanel("building"),
        ],
        base_form_class=MediationAdminForm,
    )


class MeetingViewSet(ScopedModelViewSet):
    model = Meeting
    icon = "calendar"
    scope = _in_councils(Meeting)
    list_select_related = ["council"]
    list_display = ["council", "scheduled_at", "place", "status"]
    list_filter = ["council", "status"]
    search_fields = ["place", "agenda"]
    edit_handler = ObjectList(
        [
            FieldPanel("council"),
            FieldRowPanel([FieldPanel("scheduled_at"), FieldPanel("place")]),
            FieldPanel("agenda"),
            FieldPanel("attending_units"),
            FieldPanel("attending_representatives"),
            FieldPanel("minutes"),
            FieldPanel("public_summary"),
            FieldPanel("mark_held"),
        ],
        base_form_class=MeetingAdminForm,
    )


class MeetingIssueViewSet(ScopedModelViewSet):
    model = MeetingIssue
    icon = "warning"
    scope = staticmethod(
        lambda user: MeetingIssue.objects.filter(
            meeting__council__in=access.councils_visible_to(user)
        )
    )
    list_select_related = ["meeting__council"]
    list_display = ["title", "meeting", "report_reference"]
    search_fields = ["title", "report_reference"]
    edit_handler = ObjectList(
        [
            FieldPanel("meeting"),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("report_reference"),
        ],
        base_form_class=MediationAdminForm,
    )


class SignOffViewSet(ScopedModelViewSet):
    model = MinutesSignOff
    icon = "tick"
    scope = staticmethod(
        lambda user: MinutesSignOff.objects.filter(
            meeting__council__in=access.councils_visible_to(user)
        )
    )
    list_select_related = ["meeting__council", "member_unit"]
    list_display = ["meeting", "member_unit", "signed_by", "signed_at"]
    edit_handler = ObjectList(
        [FieldPanel("meeting"), FieldPanel("member_unit"), FieldPanel("signed_by")],
        base_form_class=MediationAdminForm,
    )


class ActionItemViewSet(ScopedModelViewSet):
    model = ActionItem
    icon = "tasks"
    scope = _in_councils(ActionItem)
    list_select_related = ["council", "owner_unit"]
    list_display = ["title", "owner_unit", "due_on", "status"]
    list_filter = ["council", "status", "owner_unit"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("council"),
            FieldPanel("meeting"),
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("owner_unit"), FieldPanel("due_on")]),
            FieldRowPanel([FieldPanel("status"), FieldPanel("done_on")]),
            FieldPanel("notes"),
        ],
        base_form_class=MediationAdminForm,
    )


class MediationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Mediation")
    menu_icon = "folder-open-inverse"
    menu_order = 400
    items = (
        CaseViewSet("mediation_case", url_prefix="mediation/cases"),
        SessionViewSet("mediation_session", url_prefix="mediation/sessions"),
        AgreementViewSet("mediation_agreement", url_prefix="mediation/agreements"),
        FollowUpViewSet("mediation_followup", url_prefix="mediation/follow-ups"),
        MediatorViewSet("mediation_mediator", url_prefix="mediation/mediators"),
        AuditLogViewSet("mediation_audit", url_prefix="mediation/audit-log"),
    )


class CouncilViewSetGroup(ModelViewSetGroup):
    menu_label = _("Councils")
    menu_icon = "group"
    menu_order = 410
    items = (
        CouncilViewSet("mediation_council", url_prefix="councils/councils"),
        MemberUnitViewSet("mediation_memberunit", url_prefix="councils/units"),
        RepresentativeViewSet(
            "mediation_representative", url_prefix="councils/representatives"
        ),
        MeetingViewSet("mediation_meeting", url_prefix="councils/meetings"),
        MeetingIssueViewSet("mediation_meetingissue", url_prefix="councils/issues"),
        SignOffViewSet("mediation_signoff", url_prefix="councils/sign-offs"),
        ActionItemViewSet("mediation_actionitem", url_prefix="councils/actions"),
    )


@hooks.register("register_admin_viewset")
def register_mediation_viewsets():
    return [MediationViewSetGroup(), CouncilViewSetGroup()]


# --- Dashboard ---------------------------------------------------------------


class MediationDashboardPanel(Component):
    """Overdue and red-risk cases, and overdue council actions the user convenes."""

    name = "mediation_urgent"
    template_name = "mediation/admin/dashboard_panel.html"
    order = 80
    limit = 20

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        urgent = (
            access.cases_visible_to(self.user)
            .filter(
                Q(status__in=Case.RUNNING, deadline__lt=today)
                | Q(status__in=Case.ACTIVE, risk=Case.Risk.RED)
            )
            .select_related("grid")
            .urgent_first()
        )
        overdue_actions = ActionItem.objects.filter(
            council__in=access.councils_visible_to(self.user),
            status__in=ActionItem.OPEN,
            due_on__lt=today,
        ).select_related("council", "owner_unit")
        if not sees_everything(self.user):
            overdue_actions = overdue_actions.filter(
                Q(council__convenor=self.user)
                | Q(
                    council__community__station_id__in=access.supervised_station_ids(
                        self.user
                    )
                )
            )
        return {
            "cases": list(urgent[: self.limit]),
            "actions": list(overdue_actions[: self.limit]),
        }


@hooks.register("construct_homepage_panels")
def add_mediation_panel(request, panels):
    panels.append(MediationDashboardPanel(request.user))


# --- Statistics --------------------------------------------------------------


def statistics_view(request):
    if not request.user.has_perm("mediation.view_case"):
        raise PermissionDenied
    cases = access.cases_visible_to(request.user)
    year = request.GET.get("year", "")
    if year.isdigit():
        cases = cases.filter(created_at__year=int(year))
    return render(
        request,
        "mediation/admin/statistics.html",
        {"stats": case_statistics(cases), "year": year},
    )


@hooks.register("register_admin_urls")
def register_statistics_url():
    return [path("mediation/statistics/", statistics_view, name="mediation_statistics")]


class StatisticsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("mediation.view_case")


@hooks.register("register_reports_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(
        _("Mediation statistics"),
        reverse("mediation_statistics"),
        icon_name="doc-full",
        order=500,
    )


# --- Public grid pages -------------------------------------------------------


@hooks.register("grid_page_sections")
def council_section(request, grid):
    """Upcoming meetings and decisions of the councils serving this grid.

    Only council names, dates, places and public summaries: no personal data.
    """
    councils = Council.objects.filter(
        Q(grids=grid) | Q(community_id=grid.community_id, grids__isnull=True)
    ).values("pk")
    now = timezone.now()
    upcoming = list(
        Meeting.objects.filter(
            council__in=councils, status=Meeting.Status.PLANNED, scheduled_at__gte=now
        )
        .select_related("council")
        .order_by("scheduled_at")[:3]
    )
    decisions = list(
        Meeting.objects.filter(council__in=councils, status=Meeting.Status.HELD)
        .exclude(public_summary="")
        .select_related("council")
        .order_by("-scheduled_at")[:3]
    )
    if not upcoming and not decisions:
        return ""
    return render_to_string(
        "mediation/grid_section.html",
        {"upcoming": upcoming, "decisions": decisions},
        request=request,
    )
