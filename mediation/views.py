"""Case work for mediators, supervisors and officers (staff only, never cached)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from portal.uploads import serve_private_file

from . import forms, services
from .access import (
    can_see_parties,
    can_take_case,
    cases_visible_to,
    get_case_for_user,
    grids_for_new_cases,
    mediators_for_case,
    require_party_access,
    staff_required,
)
from .models import Agreement, AuditLogEntry, Case, CaseMediator, audit
from .resources import export_cases_xlsx

ACTIONS = {
    "accept": (forms.AcceptForm, gettext_lazy("Accept the case")),
    "extend": (forms.ExtendForm, gettext_lazy("Extend the deadline")),
    "fail": (forms.FailForm, gettext_lazy("Record that mediation failed")),
    "withdraw": (forms.WithdrawForm, gettext_lazy("Withdraw the case")),
    "close": (forms.CloseForm, gettext_lazy("Close the case")),
    "assign": (forms.AssignForm, gettext_lazy("Assign a mediator")),
    "recusal": (forms.RecusalForm, gettext_lazy("Record a recusal request")),
    "court-apply": (forms.CourtApplyForm, gettext_lazy("Apply for court confirmation")),
    "court-decision": (
        forms.CourtDecisionForm,
        gettext_lazy("Record the court's decision"),
    ),
    "document": (forms.DocumentForm, gettext_lazy("Add a document")),
}


def _case_action_page(request, case, form, title):
    """The one page every case step (party, session, agreement...) is entered on."""
    return render(
        request,
        "mediation/case_action.html",
        {"case": case, "form": form, "title": title},
    )


@never_cache
@staff_required
def case_list(request):
    cases = cases_visible_to(request.user).select_related("grid").urgent_first()
    status = request.GET.get("status", "")
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mediation/case_list.html",
        {"page": page, "status": status, "statuses": Case.Status.choices},
    )


@never_cache
@staff_required
def case_create(request):
    data, _files = _data(request)
    form = forms.CaseForm(data, grids=grids_for_new_cases(request.user))
    if request.method == "POST" and form.is_valid():
        case = form.save_for(request.user)
        messages.success(request, _("Case %(ref)s opened.") % {"ref": case.reference})
        return redirect("mediation:case_detail", pk=case.pk)
    return render(request, "mediation/case_form.html", {"form": form})


@never_cache
@staff_required
def case_detail(request, pk):
    case = get_case_for_user(request.user, pk)
    party_access = can_see_parties(request.user, case)
    context = {
        "case": case,
        "party_access": party_access,
        "can_take": can_take_case(request.user, case),
        "events": case.events.select_related("actor"),
        "assignments": case.assignments.select_related("mediator"),
        "extensions": case.extensions.all(),
        "follow_ups": case.follow_ups.all(),
        "agreement": getattr(case, "agreement", None),
        "party_count": case.parties.count(),
        "steps": _steps(case) if party_access else [],
    }
    if party_access:
        context.update(
            parties=case.parties.all(),
            sessions=case.sessions.all(),
            documents=case.documents.all(),
        )
    return render(request, "mediation/case_detail.html", context)


@never_cache
@staff_required
def party_details(request, pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    audit(request.user, case, AuditLogEntry.Action.VIEW_PARTIES)
    return render(
        request,
        "mediation/party_details.html",
        {"case": case, "parties": case.parties.all()},
    )


@never_cache
@staff_required
def party_add(request, pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    form = forms.PartyForm(_data(request)[0], instance=_new(case, "parties"))
    if request.method == "POST" and form.is_valid():
        services.add_party(party=form.save(commit=False), by=request.user)
        messages.success(request, _("Party recorded."))
        return redirect("mediation:case_detail", pk=case.pk)
    return _case_action_page(request, case, form, _("Add a party"))


@never_cache
@staff_required
def session_add(request, pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    form = forms.SessionForm(_data(request)[0], instance=_new(case, "sessions"))
    if request.method == "POST" and form.is_valid():
        if _perform(form, services.add_session, session=form.instance, by=request.user):
            messages.success(request, _("Session recorded."))
            return redirect("mediation:case_detail", pk=case.pk)
    return _case_action_page(request, case, form, _("Record a session"))


@never_cache
@staff_required
def agreement_add(request, pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    if hasattr(case, "agreement"):
        return redirect("mediation:agreement_print", pk=case.pk)
    form = forms.AgreementForm(
        _data(request)[0],
        instance=Agreement(case=case, signed_on=timezone.localdate()),
    )
    if request.method == "POST" and form.is_valid():
        if _perform(
            form, services.record_agreement, agreement=form.instance, by=request.user
        ):
            messages.success(
                request, _("Agreement recorded; a follow-up is scheduled.")
            )
            return redirect("mediation:case_detail", pk=case.pk)
    return _case_action_page(request, case, form, _("Record the agreement"))


@never_cache
@staff_required
def agreement_print(request, pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    agreement = get_object_or_404(Agreement, case=case)
    audit(request.user, case, AuditLogEntry.Action.PRINT_AGREEMENT)
    return render(
        request,
        "mediation/agreement_print.html",
        {
            "case": case,
            "agreement": agreement,
            "parties": case.parties.all(),
            "mediators": case.assignments.current().select_related("mediator"),
        },
    )


@never_cache
@staff_required
def follow_up_record(request, pk, follow_up_pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    follow_up = get_object_or_404(case.follow_ups, pk=follow_up_pk)
    form = forms.FollowUpForm(_data(request)[0], follow_up=follow_up)
    if request.method == "POST" and form.is_valid():
        if _perform(form, form.perform, case, request.user):
            messages.success(request, _("Follow-up visit recorded."))
            return redirect("mediation:case_detail", pk=case.pk)
    return _case_action_page(request, case, form, _("Record the follow-up visit"))


@never_cache
@staff_required
def case_action(request, pk, action):
    if action not in ACTIONS:
        raise Http404
    case = get_case_for_user(request.user, pk)
    if not (action == "accept" and can_take_case(request.user, case)):
        require_party_access(request.user, case)
    form_class, title = ACTIONS[action]
    form = form_class(*_data(request), **_form_kwargs(form_class, case))
    if request.method == "POST" and form.is_valid():
        if _perform(form, form.perform, case, request.user):
            messages.success(request, _("Done: %(step)s.") % {"step": title})
            return redirect("mediation:case_detail", pk=case.pk)
    return _case_action_page(request, case, form, title)


@never_cache
@staff_required
def document_download(request, pk, document_pk):
    case = get_case_for_user(request.user, pk)
    require_party_access(request.user, case)
    document = get_object_or_404(case.documents, pk=document_pk)
    audit(request.user, case, AuditLogEntry.Action.VIEW_DOCUMENT, document.title)
    return serve_private_file(document.file)


@never_cache
@staff_required
def case_export(request):
    if not request.user.has_perm("mediation.view_case"):
        raise PermissionDenied
    cases = (
        cases_visible_to(request.user)
        .select_related("grid")
        .prefetch_related(
            "parties",
            Prefetch(
                "assignments",
                queryset=CaseMediator.objects.current().select_related("mediator"),
            ),
        )
    )
    response = HttpResponse(
        export_cases_xlsx(cases),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="cases.xlsx"'
    return response


STEPS_BY_STATUS = {
    Case.Status.INTAKE: ["accept", "party_add", "assign", "withdraw"],
    Case.Status.ACCEPTED: [
        "session_add",
        "party_add",
        "assign",
        "recusal",
        "extend",
        "fail",
        "withdraw",
    ],
    Case.Status.MEDIATING: [
        "agreement_add",
        "session_add",
        "party_add",
        "assign",
        "recusal",
        "extend",
        "fail",
        "withdraw",
    ],
    Case.Status.AGREED: ["court-apply", "court-decision"],
    Case.Status.FOLLOW_UP: ["close", "court-apply", "court-decision"],
    Case.Status.FAILED: ["close"],
}
STEP_LABELS = {
    "party_add": gettext_lazy("Add a party"),
    "session_add": gettext_lazy("Record a session"),
    "agreement_add": gettext_lazy("Record the agreement"),
    **{action: title for action, (_form, title) in ACTIONS.items()},
}


def _steps(case):
    """(url, label) of the steps this case can take now, in workflow order."""
    agreement = getattr(case, "agreement", None)
    court = agreement.court_confirmation if agreement else None
    hidden = {
        "court-apply": court != Agreement.CourtConfirmation.NOT_SOUGHT,
        "court-decision": court != Agreement.CourtConfirmation.APPLIED,
    }
    steps = []
    for step in [*STEPS_BY_STATUS.get(case.status, []), "document"]:
        if hidden.get(step):
            continue
        if step in ACTIONS:
            url = reverse("mediation:case_action", args=[case.pk, step])
        else:
            url = reverse(f"mediation:{step}", args=[case.pk])
        steps.append((url, STEP_LABELS[step], step))
    return steps


def _data(request):
    """Bound data for a POST (even an empty one), else nothing."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _new(case, relation):
    return getattr(case, relation).model(case=case)


def _form_kwargs(form_class, case):
    if form_class is forms.AcceptForm:
        return {"case": case, "mediators": mediators_for_case(case)}
    if form_class is forms.RecusalForm:
        return {"case": case, "mediators": mediators_for_case(case)}
    if form_class is forms.AssignForm:
        return {"mediators": mediators_for_case(case)}
    return {}


def _perform(form, step, *args, **kwargs):
    """Run a step; a refusal becomes the form's error and nothing is saved."""
    try:
        step(*args, **kwargs)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True
