"""The officers' report views in the Wagtail admin, scoped by reports.access.

The detail page is the only place a report changes: workflow steps (one model
transition each), moderation of the public text and of photos. Contact details
are shown in full here, to staff who can see the report's grid at all.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export.formats.base_formats import XLSX
from wagtail.admin.views import generic

from portal.uploads import serve_private_file

from . import access, services
from .filters import ReportFilterSet
from .forms import ModerationForm, PhotoVisibilityForm, WorkflowForm
from .models import InvalidTransition, Report, ReportUpdate, ResponseTemplate
from .resources import ReportResource


class ReportIndexView(generic.IndexView):
    """The inbox: the user's reports, filterable, overdue ones flagged."""

    def get_base_queryset(self):
        return access.reports_visible_to(self.request.user).select_related(
            "category", "grid", "station", "assigned_to"
        )

    @property
    def header_more_buttons(self):
        from wagtail.admin.widgets import Button

        buttons = super().header_more_buttons.copy()
        if access.can_export(self.request.user):
            query = self.request.GET.urlencode()
            buttons.append(
                Button(
                    _("Export to Excel (masked)"),
                    url=f"{_url('export')}?{query}",
                    icon_name="download",
                    priority=85,
                )
            )
        return buttons


def _url(name, *args):
    from django.urls import reverse

    return reverse(f"report_inbox:{name}", args=args)


def _workflow_step(report, user, data):
    """Run the chosen transition; raises InvalidTransition when not allowed."""
    action = data["action"]
    texts = {
        "public_reply": data["public_reply"],
        "internal_note": data["internal_note"],
    }
    if action == "reopen" or (action == "close" and report.needs_review):
        if not access.can_reopen(user):
            raise PermissionDenied
    if action == "duplicate":
        return report.mark_duplicate(user, data["original"], **texts)
    if action == "transfer":
        return report.transfer(user, data["agency"].strip(), **texts)
    if action == "escalate":
        return services.escalate_to_mediation(report, user, **texts)
    method = {
        "accept": report.accept,
        "start": report.start,
        "reply": report.reply,
        "resolve": report.resolve,
        "close": report.close,
        "reject": report.reject,
        "reopen": report.reopen,
    }[action]
    return method(user, **texts)


def report_detail(request, pk):
    """The report with its timeline, and the forms that act on it."""
    report = access.get_report_for_user(request.user, pk)
    reports = access.reports_visible_to(request.user)
    can_change = request.user.has_perm("reports.change_report")
    workflow = WorkflowForm(
        report=report, reports=reports, can_reopen=access.can_reopen(request.user)
    )
    moderation = ModerationForm(instance=report, prefix="mod")
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form_name = request.POST.get("form")
        if form_name == "workflow":
            workflow = WorkflowForm(
                request.POST,
                report=report,
                reports=reports,
                can_reopen=access.can_reopen(request.user),
            )
            if workflow.is_valid():
                try:
                    with transaction.atomic():
                        locked = Report.objects.select_for_update().get(pk=report.pk)
                        _workflow_step(locked, request.user, workflow.cleaned_data)
                except InvalidTransition as exc:
                    workflow.add_error("action", exc)
                else:
                    messages.success(request, _("Report updated."))
                    return redirect(_url("edit", report.pk))
        elif form_name == "moderation":
            moderation = ModerationForm(request.POST, instance=report, prefix="mod")
            if moderation.is_valid():
                moderation.save()
                report.reply(
                    request.user, internal_note=_("Public text or visibility changed.")
                )
                messages.success(request, _("Moderation saved."))
                return redirect(_url("edit", report.pk))
        else:
            return _photo_visibility(request, report)
    context = {
        "report": report,
        "updates": report.updates.select_related("author"),
        "photos": report.photos.all(),
        "workflow": workflow,
        "moderation": moderation,
        "can_change": can_change,
        "templates": ResponseTemplate.objects.filter(
            Q(category=report.category) | Q(category__isnull=True)
        ),
        "duplicate_of": report.duplicate_of,
        "header_title": report.reference,
        "now": timezone.now(),
    }
    status = 400 if request.method == "POST" else 200
    return TemplateResponse(
        request, "reports/admin/report_detail.html", context, status=status
    )


def _photo_visibility(request, report):
    form = PhotoVisibilityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a photo and a visibility."))
        return redirect(_url("edit", report.pk))
    photo = get_object_or_404(report.photos, pk=form.cleaned_data["photo"])
    photo.visibility = form.cleaned_data["visibility"]
    photo.save(update_fields=["visibility"])
    ReportUpdate.objects.create(
        report=report,
        kind=ReportUpdate.Kind.MODERATION,
        author=request.user,
        internal_note=_("Photo %(number)s: %(visibility)s")
        % {"number": photo.pk, "visibility": photo.get_visibility_display()},
    )
    messages.success(request, _("Photo visibility saved."))
    return redirect(_url("edit", report.pk))


def report_photo(request, pk, photo_id):
    report = access.get_report_for_user(request.user, pk)
    return serve_private_file(get_object_or_404(report.photos, pk=photo_id).image)


def export(request):
    """The inbox's filtered set as xlsx, names and phones masked."""
    if not access.can_export(request.user):
        raise PermissionDenied
    queryset = access.reports_visible_to(request.user).select_related(
        "category", "grid", "station"
    )
    filters = ReportFilterSet(request.GET, queryset=queryset, request=request)
    rows = filters.qs if filters.is_valid() else queryset.none()
    dataset = ReportResource(user=request.user).export(queryset=rows)
    response = HttpResponse(XLSX().export_data(dataset), content_type=XLSX.CONTENT_TYPE)
    filename = f"reports-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
