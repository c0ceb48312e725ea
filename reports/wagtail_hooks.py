"""The "Reports" menu of the Wagtail admin: the inbox (scoped by reports.access),
categories, response templates and Open311 API keys; dashboard counts; and the
reports section of every public grid page."""

from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.site_summary import SummaryItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, StatusFlagColumn
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from . import access, admin_views
from .filters import ReportFilterSet
from .models import ApiKey, Category, Report, ResponseTemplate


class ReportViewSet(ModelViewSet):
    """Inbox and detail only: reports are filed by residents, never edited raw."""

    model = Report
    name = "report_inbox"
    icon = "warning"
    menu_label = _("Inbox")
    index_view_class = admin_views.ReportIndexView
    filterset_class = ReportFilterSet
    copy_view_enabled = False
    list_per_page = 50
    list_display = [
        "reference",
        "category",
        Column("status", label=_("Status"), accessor="get_status_display"),
        "grid",
        "created_at",
        StatusFlagColumn(
            "is_overdue", label=_("Overdue"), true_label=_("Overdue"), false_label=""
        ),
        "supporters",
    ]
    search_fields = ["reference", "description", "address"]
    search_backend_name = None

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None, delete_url_name=None, **kwargs
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<int:pk>/", admin_views.report_detail, name="edit"),
            path(
                "<int:pk>/photos/<int:photo_id>/",
                admin_views.report_photo,
                name="photo",
            ),
            path("export/", admin_views.export, name="export"),
        ]


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "tag"
    list_display = ["name", "code", "hours_to_accept", "hours_to_resolve", "is_active"]
    form_fields = [
        "code",
        "name",
        "description",
        "notice",
        "questions",
        "hours_to_accept",
        "hours_to_reply",
        "hours_to_resolve",
        "sort_order",
        "is_active",
    ]
    copy_view_enabled = False


class ResponseTemplateViewSet(ModelViewSet):
    model = ResponseTemplate
    icon = "doc-full"
    list_display = ["title", "category"]
    list_filter = ["category"]
    form_fields = ["category", "title", "text"]
    copy_view_enabled = False


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    icon = "key"
    list_display = ["name", "key", "is_active", "created_at"]
    form_fields = ["name", "is_active"]
    copy_view_enabled = False


class ReportsGroup(ModelViewSetGroup):
    menu_label = _("Reports")
    menu_icon = "warning"
    menu_order = 210
    items = [ReportViewSet, CategoryViewSet, ResponseTemplateViewSet, ApiKeyViewSet]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ReportsGroup()


def _counts(user):
    return access.reports_visible_to(user).aggregate(
        open=Count("pk", filter=Q(status__in=Report.OPEN_STATUSES)),
        new=Count("pk", filter=Q(status=Report.Status.SUBMITTED)),
        review=Count("pk", filter=Q(needs_review=True)),
    )


class ReportsSummaryItem(SummaryItem):
    order = 150
    template_name = "reports/admin/summary_item.html"

    def get_context_data(self, parent_context):
        return {"open": _counts(self.request.user)["open"]}

    def is_shown(self):
        return self.request.user.has_perm("reports.view_report")


class ReportsPanel(Component):
    name = "reports"
    order = 60
    template_name = "reports/admin/dashboard_panel.html"

    def __init__(self, user):
        self.user = user

    def get_context_data(self, parent_context):
        visible = access.reports_visible_to(self.user)
        return {
            **_counts(self.user),
            "overdue": visible.overdue(timezone.now()).count(),
        }


@hooks.register("construct_homepage_summary_items")
def add_summary_item(request, items):
    items.append(ReportsSummaryItem(request))


@hooks.register("construct_homepage_panels")
def add_panel(request, panels):
    if request.user.has_perm("reports.view_report"):
        panels.append(ReportsPanel(request.user))


@hooks.register("grid_page_sections")
def grid_section(request, grid):
    """Counts and the latest public reports of the grid; no personal data."""
    reports = Report.objects.filter(grid=grid)
    counts = reports.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status__in=Report.OPEN_STATUSES)),
        resolved=Count(
            "pk", filter=Q(status__in=[Report.Status.RESOLVED, Report.Status.CLOSED])
        ),
    )
    latest = (
        reports.filter(is_public=True)
        .select_related("category")
        .order_by("-created_at")[:5]
    )
    return render_to_string(
        "reports/grid_section.html",
        {"grid": grid, "counts": counts, "latest": latest},
        request=request,
    )
