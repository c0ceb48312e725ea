import pytest
from django.urls import reverse

from mediation.models import Case
from reports.models import Report

from .factories import ReportFactory, report_with_token

pytestmark = pytest.mark.django_db


def test_escalating_opens_a_linked_mediation_case(client, officer_a, grid_a, category):
    report, token = report_with_token(grid=grid_a, category=category)
    report.accept(officer_a)
    client.force_login(officer_a)
    response = client.post(
        reverse("report_inbox:edit", args=[report.pk]),
        {"form": "workflow", "action": "escalate", "public_reply": "已转人民调解"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    case = Case.objects.get()
    assert report.status == Report.Status.ESCALATED and report.case == case
    assert case.source_reference == report.reference and case.grid == grid_a
    client.logout()
    page = client.get(reverse("reports:track", args=[token]), HTTP_ACCEPT_LANGUAGE="en")
    assert "handed to mediation" in page.text


def test_a_report_outside_grids_cannot_be_escalated(
    client, station_supervisor, grid_a, category
):
    report = ReportFactory(
        grid=None, station=grid_a.community.station, category=category
    )
    report.accept(station_supervisor)
    client.force_login(station_supervisor)
    response = client.post(
        reverse("report_inbox:edit", args=[report.pk]),
        {"form": "workflow", "action": "escalate"},
    )
    assert response.status_code == 400
    assert not Case.objects.exists()
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
