"""Operations on cases that write several rows at once."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Agreement, Case, CaseDocument, CaseEvent, CaseMediator, Recusal
from .tasks import notify_supervisors_later


@transaction.atomic
def open_case_from_report(*, reference, grid, summary, opened_by):
    """Open a case at intake for a resident report handed over to mediation.

    The report is linked by its reference text only, so mediation never depends
    on the reports app. Returns the new Case.
    """
    case = Case.objects.create(
        source=Case.Source.RESIDENT_REPORT,
        source_reference=reference,
        category=Case.Category.OTHER,
        grid=grid,
        summary=summary,
        created_by=opened_by,
    )
    case.log(
        CaseEvent.Kind.OPENED,
        _("Handed over from resident report %(reference)s.") % {"reference": reference},
        by=opened_by,
    )
    return case


@transaction.atomic
def open_case(*, case, by):
    """Save a case opened by staff (walk-in, 110, patrol...) with its first event."""
    case.created_by = by
    case.save()
    case.log(CaseEvent.Kind.OPENED, case.get_source_display(), by=by)
    if case.risk == Case.Risk.RED:
        notify_supervisors_later(case, _("A red-risk case was opened."))
    return case


@transaction.atomic
def add_party(*, party, by):
    """Record a party; the timeline names only the role, never the person."""
    party.save()
    party.case.log(CaseEvent.Kind.PARTY, party.get_role_display(), by=by)
    return party


@transaction.atomic
def add_session(*, session, by):
    """Record a session's minutes; the first session of an accepted case starts it."""
    case = Case.objects.select_for_update().get(pk=session.case_id)
    if case.status not in Case.RUNNING:
        raise ValidationError(
            _("Sessions are held once a case is accepted and before it is settled.")
        )
    session.recorded_by = by
    session.save()
    if case.status == Case.Status.ACCEPTED:
        case.start_mediation(by=by)
    case.log(
        CaseEvent.Kind.SESSION,
        f"{timezone.localtime(session.held_at):%Y-%m-%d %H:%M} {session.place}",
        by=by,
    )
    return session


@transaction.atomic
def record_agreement(*, agreement, by):
    """Save the agreement and move the case to 'agreement reached'."""
    case = Case.objects.select_for_update().get(pk=agreement.case_id)
    if case.status != Case.Status.MEDIATING:
        raise ValidationError(
            _("An agreement can be recorded only while mediating."),
            code="invalid_transition",
        )
    agreement.recorded_by = by
    agreement.save()
    case.agreement = agreement
    case.reach_agreement(by=by)
    return agreement


@transaction.atomic
def assign_mediator(case, mediator, *, role, by):
    """Put a mediator on a case; a new lead replaces the current one."""
    current = case.assignments.current()
    if current.filter(mediator=mediator).exists():
        raise ValidationError({"mediator": _("This mediator is already on the case.")})
    if role == CaseMediator.Role.LEAD:
        current.filter(role=CaseMediator.Role.LEAD).update(
            role=CaseMediator.Role.HELPER
        )
    assignment = CaseMediator.objects.create(case=case, mediator=mediator, role=role)
    case.log(
        CaseEvent.Kind.ASSIGNED,
        f"{mediator} · {assignment.get_role_display()}",
        by=by,
    )
    return assignment


@transaction.atomic
def record_recusal(case, *, mediator, requested_by, reason, granted, replacement, by):
    """Record a recusal request; when granted, the mediator leaves and is replaced."""
    assignment = case.assignments.current().filter(mediator=mediator).first()
    if assignment is None:
        raise ValidationError({"mediator": _("This mediator is not on the case.")})
    if granted and replacement is None:
        raise ValidationError(
            {"replacement": _("Name who takes over from the mediator stepping aside.")}
        )
    if granted and replacement == mediator:
        raise ValidationError(
            {"replacement": _("The replacement must be someone else.")}
        )
    recusal = Recusal.objects.create(
        case=case,
        mediator=mediator,
        requested_by=requested_by,
        reason=reason,
        granted=granted,
        replacement=replacement if granted else None,
        decided_by=by,
    )
    if granted:
        assignment.ended_at = timezone.now()
        assignment.save(update_fields=["ended_at"])
        existing = case.assignments.current().filter(mediator=replacement).first()
        if existing and assignment.role == CaseMediator.Role.LEAD:
            existing.role = CaseMediator.Role.LEAD
            existing.save(update_fields=["role"])
        elif existing is None:
            CaseMediator.objects.create(
                case=case, mediator=replacement, role=assignment.role
            )
        text = _("%(old)s steps aside; %(new)s takes over. %(reason)s") % {
            "old": mediator,
            "new": replacement,
            "reason": reason,
        }
    else:
        text = _("Request that %(old)s step aside refused. %(reason)s") % {
            "old": mediator,
            "reason": reason,
        }
    case.log(CaseEvent.Kind.RECUSAL, text, by=by)
    return recusal


@transaction.atomic
def accept_case(case, *, lead, by):
    """Accept a case at intake, putting a lead mediator on it if it has none."""
    if (
        lead is not None
        and not case.assignments.current().filter(role=CaseMediator.Role.LEAD).exists()
    ):
        assign_mediator(case, lead, role=CaseMediator.Role.LEAD, by=by)
    case.accept(by=by)


@transaction.atomic
def add_document(case, *, title, file, by):
    """File a private document with the case."""
    document = CaseDocument.objects.create(
        case=case, title=title, file=file, uploaded_by=by
    )
    case.log(CaseEvent.Kind.DOCUMENT, title, by=by)
    return document


@transaction.atomic
def erase_party_data(*, closed_before):
    """Erase the party data of cases closed before a moment; statistics stay.

    Parties lose name, phone, ID number, address; session minutes, agreement
    text and documents (which name the parties) go too. Returns the case count.
    """
    cases = Case.objects.filter(
        status__in=[Case.Status.CLOSED, Case.Status.WITHDRAWN],
        closed_at__lt=closed_before,
        party_data_erased_at__isnull=True,
    ).select_for_update()
    count = 0
    for case in cases:
        for party in case.parties.all():
            party.erase()
        case.sessions.update(attendees="", minutes="")
        Agreement.objects.filter(case=case).update(
            facts="", terms="", performance_method="", performance_place=""
        )
        for document in case.documents.all():
            document.file.delete(save=False)
            document.delete()
        case.summary = ""
        case.party_data_erased_at = timezone.now()
        case.save(update_fields=["summary", "party_data_erased_at", "updated_at"])
        case.log(CaseEvent.Kind.NOTE, _("Party data erased under the retention rule."))
        count += 1
    return count
