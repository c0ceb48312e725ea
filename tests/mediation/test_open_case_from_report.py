from mediation.models import Case, CaseEvent
from mediation.services import open_case_from_report


def test_a_report_handed_over_opens_a_case_at_intake(grid_a, officer_a):
    case = open_case_from_report(
        reference="R2026-000123",
        grid=grid_a,
        summary="楼上漏水，协商未果",
        opened_by=officer_a,
    )
    case.refresh_from_db()
    assert case.status == Case.Status.INTAKE
    assert case.source == Case.Source.RESIDENT_REPORT
    assert case.source_reference == "R2026-000123"
    assert case.reference == f"M{case.created_at:%Y}-{case.pk:06d}"
    assert case.created_by == officer_a
    event = case.events.get()
    assert event.kind == CaseEvent.Kind.OPENED
    assert "R2026-000123" in event.text
