"""Admin actions (one small view per state change) and the hours report."""

import io
from datetime import datetime, time, timedelta

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from . import access, services, tasks
from .forms import AdjustForm, ReasonForm, RestockForm
from .models import ActivityType, Reward


def _data(request):
    # A confirmation form has no fields: an empty POST must still bind it.
    return request.POST if request.method == "POST" else None


def _run(request, action, success):
    try:
        with transaction.atomic():
            action()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def _form_page(request, title, subject, form, back_url):
    return TemplateResponse(
        request,
        "volunteers/admin/action.html",
        {"title": title, "subject": subject, "form": form, "back_url": back_url},
    )


def _require_perm(request, codename):
    if not request.user.has_perm(f"volunteers.{codename}"):
        raise PermissionDenied


# --- Volunteers -----------------------------------------------------------------

VOLUNTEER_ACTIONS = {
    "approve": (gettext_lazy("Approve application"), False),
    "decline": (gettext_lazy("Decline application"), True),
    "suspend": (gettext_lazy("Suspend volunteer"), True),
    "reinstate": (gettext_lazy("Reinstate volunteer"), False),
}


def volunteer_action(request, pk, action):
    _require_perm(request, "change_volunteer")
    if action not in VOLUNTEER_ACTIONS:
        raise Http404
    volunteer = get_object_or_404(access.volunteers_managed_by(request.user), pk=pk)
    title, needs_reason = VOLUNTEER_ACTIONS[action]
    back = reverse("volunteers_volunteer:index")
    form_class = ReasonForm if needs_reason else forms.Form
    form = form_class(_data(request))
    if request.method == "POST" and form.is_valid():
        args = [request.user]
        if needs_reason:
            args.append(form.cleaned_data["reason"])
        done = _run(
            request, lambda: getattr(volunteer, action)(*args), _("Done: %s") % title
        )
        if done and action in ("approve", "decline"):
            transaction.on_commit(
                lambda: tasks.notify_application_decided.enqueue(volunteer.pk)
            )
        return redirect(back)
    return _form_page(request, title, volunteer, form, back)


def adjust_points(request, pk):
    if not access.is_officer(request.user):
        raise PermissionDenied
    volunteer = get_object_or_404(access.volunteers_managed_by(request.user), pk=pk)
    form = AdjustForm(_data(request))
    back = reverse("volunteers_volunteer:index")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _run(
            request,
            lambda: services.adjust(
                volunteer, data["amount"], data["reason"], request.user
            ),
            _("Points adjusted."),
        )
        return redirect(back)
    return _form_page(
        request,
        _("Adjust points (balance %(balance)s)") % {"balance": volunteer.balance},
        volunteer,
        form,
        back,
    )


# --- Service logs -----------------------------------------------------------------


def review_log(request, pk, action):
    _require_perm(request, "change_servicelog")
    log = get_object_or_404(access.logs_reviewable_by(request.user), pk=pk)
    back = reverse("volunteers_servicelog:index")
    if action == "verify":
        form = forms.Form(_data(request))
        title = _("Verify service and credit %(points)s points") % {
            "points": log.points
        }
    elif action == "reject":
        form = ReasonForm(_data(request))
        title = _("Reject service")
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        if action == "verify":
            _run(
                request,
                lambda: services.credit_service_log(log, request.user),
                _("Verified; points credited."),
            )
        else:
            _run(
                request,
                lambda: services.reject_service_log(
                    log, request.user, form.cleaned_data["reason"]
                ),
                _("Rejected."),
            )
        return redirect(back)
    return _form_page(request, title, log, form, back)


# --- Redemptions ---------------------------------------------------------------------


def close_redemption(request, pk, action):
    _require_perm(request, "change_redemption")
    redemption = get_object_or_404(
        access.redemptions_managed_by(request.user).select_related("volunteer"), pk=pk
    )
    back = reverse("volunteers_redemption:index")
    if action == "fulfil":
        form, title = forms.Form(_data(request)), _("Hand over the reward")
    elif action == "cancel":
        form, title = ReasonForm(_data(request)), _("Cancel and refund")
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        if action == "fulfil":
            _run(
                request,
                lambda: services.fulfil(redemption, request.user),
                _("Handed over."),
            )
        else:
            _run(
                request,
                lambda: services.cancel_redemption(
                    redemption, request.user, form.cleaned_data["reason"]
                ),
                _("Cancelled; points refunded and stock returned."),
            )
        return redirect(back)
    return _form_page(request, title, redemption, form, back)


# --- Reward stock ----------------------------------------------------------------------

STOCK_HISTORY_SIZE = 50


def restock(request, pk):
    """Add to (or correct) a reward's stock, with the movement history below."""
    _require_perm(request, "change_reward")
    reward = get_object_or_404(Reward, pk=pk)
    form = RestockForm(_data(request))
    back = reverse("volunteers_reward:index")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.restock(reward, data["quantity"], request.user, data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Stock updated."))
            return redirect(back)
    movements = reward.stock_movements.select_related("created_by", "redemption")
    return TemplateResponse(
        request,
        "volunteers/admin/restock.html",
        {
            "title": _("Restock (in stock: %(stock)s)") % {"stock": reward.stock},
            "subject": reward,
            "form": form,
            "back_url": back,
            "movements": movements[:STOCK_HISTORY_SIZE],
        },
    )


# --- Hours report ----------------------------------------------------------------------

GROUPINGS = {
    "person": ("volunteer__real_name", gettext_lazy("Volunteer")),
    "team": ("team__name", gettext_lazy("Team")),
    "kind": ("kind", gettext_lazy("Type")),
    "month": ("month", gettext_lazy("Month")),
}


class HoursReportForm(forms.Form):
    group_by = forms.ChoiceField(
        label=gettext_lazy("Group by"),
        choices=[(key, label) for key, (_field, label) in GROUPINGS.items()],
        initial="person",
    )
    start = forms.DateField(
        label=gettext_lazy("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=gettext_lazy("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("start")
            and cleaned.get("end")
            and cleaned["end"] < cleaned["start"]
        ):
            raise ValidationError({"end": _("The end must be after the start.")})
        return cleaned


def hours_rows(user, group_by, start, end):
    """Verified hours in [start, end] of the logs the user may review, grouped."""
    from django.db.models.functions import TruncMonth

    tz = timezone.get_current_timezone()
    logs = (
        access.logs_reviewable_by(user)
        .verified()
        .filter(
            started_at__gte=datetime.combine(start, time.min, tz),
            started_at__lt=datetime.combine(end + timedelta(days=1), time.min, tz),
        )
    )
    field, _label = GROUPINGS[group_by]
    if group_by == "month":
        logs = logs.annotate(month=TruncMonth("started_at"))
    rows = (
        logs.values(field)
        .annotate(hours=Sum("hours"), services=Count("pk"))
        .order_by(field)
    )
    result = []
    for row in rows:
        key = row[field]
        if group_by == "kind":
            key = ActivityType(key).label
        elif group_by == "month" and key:
            key = timezone.localtime(key).strftime("%Y-%m")
        result.append((key or "—", row["hours"], row["services"]))
    return result


def hours_report(request):
    _require_perm(request, "view_servicelog")
    today = timezone.localdate()
    form = HoursReportForm(
        request.GET or None,
        initial={"start": today.replace(day=1), "end": today, "group_by": "person"},
    )
    rows, label = [], ""
    if form.is_valid():
        data = form.cleaned_data
        rows = hours_rows(request.user, data["group_by"], data["start"], data["end"])
        label = GROUPINGS[data["group_by"]][1]
        if request.GET.get("format") == "xlsx":
            return _xlsx(rows, label, data)
    return TemplateResponse(
        request,
        "volunteers/admin/hours_report.html",
        {"form": form, "rows": rows, "label": label, "title": _("Volunteer hours")},
    )


def _xlsx(rows, label, data):
    book = Workbook()
    sheet = book.active
    sheet.title = "hours"
    sheet.append([str(label), str(_("Verified hours")), str(_("Services"))])
    for key, hours, count in rows:
        sheet.append([str(key), float(hours), count])
    output = io.BytesIO()
    book.save(output)
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"volunteer-hours-{data['start']:%Y%m%d}-{data['end']:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def admin_urls():
    return [
        path(
            "volunteers-actions/volunteer/<int:pk>/adjust/",
            adjust_points,
            name="volunteers_adjust",
        ),
        path(
            "volunteers-actions/volunteer/<int:pk>/<slug:action>/",
            volunteer_action,
            name="volunteers_volunteer_action",
        ),
        path(
            "volunteers-actions/log/<int:pk>/<slug:action>/",
            review_log,
            name="volunteers_review_log",
        ),
        path(
            "volunteers-actions/redemption/<int:pk>/<slug:action>/",
            close_redemption,
            name="volunteers_close_redemption",
        ),
        path(
            "volunteers-actions/reward/<int:pk>/restock/",
            restock,
            name="volunteers_restock",
        ),
        path("volunteers-reports/hours/", hours_report, name="volunteers_hours_report"),
    ]
