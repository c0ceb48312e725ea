"""Every case view against every persona that must not reach it."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.urls import reverse

from mediation.models import AuditLogEntry, CaseDocument

from .factories import AgreementFactory


def _case_urls(case, follow_up_pk=1, document_pk=1):
    pk = case.pk
    urls = [
        reverse("mediation:case_detail", args=[pk]),
        reverse("mediation:party_details", args=[pk]),
        reverse("mediation:party_add", args=[pk]),
        reverse("mediation:session_add", args=[pk]),
        reverse("mediation:agreement_add", args=[pk]),
        reverse("mediation:agreement_print", args=[pk]),
        reverse("mediation:follow_up_record", args=[pk, follow_up_pk]),
        reverse("mediation:document_download", args=[pk, document_pk]),
    ]
    for action in [
        "accept",
        "extend",
        "fail",
        "withdraw",
        "close",
        "assign",
        "recusal",
        "document",
    ]:
        urls.append(reverse("mediation:case_action", args=[pk, action]))
    return urls


@pytest.fixture
def full_case(case_on_mediator, mediator):
    case = case_on_mediator
    case.accept(by=mediator)
    case.start_mediation(by=mediator)
    AgreementFactory(case=case)
    follow_up = case.follow_ups.create(due_on=case.deadline)
    document = CaseDocument.objects.create(
        case=case, title="调解申请书", file=ContentFile(b"%PDF-1.4 test", name="a.pdf")
    )
    return case, follow_up, document


@pytest.mark.parametrize(
    "persona", ["officer_other_station", "other_mediator", "volunteer", "resident"]
)
def test_outsiders_get_403_or_404_on_every_case_view(
    client, request, full_case, persona
):
    case, follow_up, document = full_case
    client.force_login(request.getfixturevalue(persona))
    for url in _case_urls(case, follow_up.pk, document.pk):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code in (403, 404), (persona, url)
    assert not AuditLogEntry.objects.exists()


def test_anonymous_is_sent_to_login_everywhere(client, full_case):
    case, follow_up, document = full_case
    urls = [
        *_case_urls(case, follow_up.pk, document.pk),
        reverse("mediation:case_list"),
        reverse("mediation:case_export"),
    ]
    for url in urls:
        response = client.get(url)
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )


def test_volunteers_and_residents_cannot_list_or_export(client, volunteer, resident):
    for user in (volunteer, resident):
        client.force_login(user)
        assert client.get(reverse("mediation:case_list")).status_code == 403
        assert client.get(reverse("mediation:case_export")).status_code == 403


def test_officer_of_the_grid_sees_the_case_but_not_its_parties(
    client, officer_a, full_case
):
    case, follow_up, document = full_case
    client.force_login(officer_a)
    response = client.get(reverse("mediation:case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "张丽华" not in response.content.decode()
    assert "张**" not in response.content.decode()
    for url in _case_urls(case, follow_up.pk, document.pk)[1:]:
        assert client.get(url).status_code == 403, url


def test_officer_of_another_grid_of_the_station_gets_404(client, officer_b, full_case):
    case, *_ = full_case
    client.force_login(officer_b)
    assert (
        client.get(reverse("mediation:case_detail", args=[case.pk])).status_code == 404
    )


@pytest.mark.parametrize("persona", ["mediator", "station_supervisor", "bureau_admin"])
def test_allowed_viewers_see_party_details_and_each_view_is_audited(
    client, request, full_case, persona
):
    case, *_ = full_case
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("mediation:party_details", args=[case.pk])
    for _attempt in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "张丽华" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    entries = AuditLogEntry.objects.filter(case=case, user=user, action="view_parties")
    assert entries.count() == 2


def test_case_pages_are_not_cached(client, mediator, full_case):
    case, *_ = full_case
    client.force_login(mediator)
    for url in [
        reverse("mediation:case_list"),
        reverse("mediation:case_detail", args=[case.pk]),
    ]:
        assert "no-store" in client.get(url)["Cache-Control"]


def test_case_documents_are_served_after_a_check_and_audited(
    client, mediator, full_case
):
    case, _follow_up, document = full_case
    client.force_login(mediator)
    response = client.get(
        reverse("mediation:document_download", args=[case.pk, document.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert AuditLogEntry.objects.filter(action="view_document").count() == 1


def test_printing_the_agreement_is_audited(client, mediator, full_case):
    case, *_ = full_case
    client.force_login(mediator)
    response = client.get(reverse("mediation:agreement_print", args=[case.pk]))
    assert response.status_code == 200
    assert "张丽华" in response.content.decode()
    assert AuditLogEntry.objects.filter(action="print_agreement").count() == 1


def test_a_recused_mediator_loses_access(client, mediator, full_case, station):
    from mediation import services

    from .factories import MediatorFactory

    case, *_ = full_case
    replacement = MediatorFactory(name="吴律师", kind="lawyer", station=station)
    services.record_recusal(
        case,
        mediator=mediator.mediator,
        requested_by=case.parties.get(role="respondent"),
        reason="调解员与申请人系亲属",
        granted=True,
        replacement=replacement,
        by=mediator,
    )
    lead = case.assignments.current().get()
    assert lead.mediator == replacement and lead.role == "lead"
    client.force_login(mediator)
    assert (
        client.get(reverse("mediation:party_details", args=[case.pk])).status_code
        == 403
    )


def test_the_audit_log_cannot_be_changed_or_deleted(full_case, mediator):
    case, *_ = full_case
    entry = AuditLogEntry.objects.create(
        user=mediator, case=case, action="view_parties"
    )
    entry.detail = "tampered"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditLogEntry.objects.all().update(detail="x")
    with pytest.raises(PermissionDenied):
        AuditLogEntry.objects.all().delete()
    assert AuditLogEntry.objects.get().detail == ""


def test_export_masks_party_data_and_covers_only_visible_cases(
    client, mediator, full_case, grid_other_station
):
    from .factories import CaseFactory

    CaseFactory(grid=grid_other_station, summary="他所案件")
    case, *_ = full_case
    client.force_login(mediator)
    response = client.get(reverse("mediation:case_export"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    text = " ".join(str(cell) for row in rows for cell in row)
    assert case.reference in text
    assert "张**" in text and "张丽华" not in text and "13912345678" not in text
