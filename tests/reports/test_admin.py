import io

import openpyxl
import pytest
from django.urls import reverse

from reports.models import Report, ReportPhoto, ResponseTemplate

from .factories import ReportFactory, image_bytes

pytestmark = pytest.mark.django_db

INBOX = reverse("report_inbox:index")


def detail(report):
    return reverse("report_inbox:edit", args=[report.pk])


def step(client, report, action, **fields):
    data = {"form": "workflow", "action": action, **fields}
    return client.post(detail(report), data, HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def report_a(grid_a, category):
    return ReportFactory(grid=grid_a, category=category, reporter_phone="13812345678")


def test_the_inbox_shows_only_my_grids_reports(
    client, officer_a, report_a, grid_b, category
):
    other = ReportFactory(grid=grid_b, category=category)
    client.force_login(officer_a)
    response = client.get(INBOX)
    assert response.status_code == 200
    assert report_a.reference in response.text
    assert other.reference not in response.text
    assert "13812345678" not in response.text


def test_the_supervisor_sees_the_station_and_its_inbox_outside_grids(
    client, station_supervisor, report_a, grid_b, grid_other_station, category
):
    own_b = ReportFactory(grid=grid_b, category=category)
    outside = ReportFactory(
        grid=None, station=grid_b.community.station, category=category
    )
    elsewhere = ReportFactory(grid=grid_other_station, category=category)
    client.force_login(station_supervisor)
    text = client.get(INBOX).text
    for visible in (report_a, own_b, outside):
        assert visible.reference in text
    assert elsewhere.reference not in text


def test_the_inbox_filters_by_overdue(client, officer_a, report_a, category, grid_a):
    from datetime import timedelta

    from django.utils import timezone

    late = ReportFactory(
        grid=grid_a, category=category, created_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(officer_a)
    text = client.get(INBOX, {"overdue": "true"}).text
    assert late.reference in text and report_a.reference not in text


def test_the_officer_sees_contact_details_on_the_detail_page(
    client, officer_a, report_a
):
    client.force_login(officer_a)
    response = client.get(detail(report_a))
    assert response.status_code == 200
    assert "13812345678" in response.text


def test_the_officer_accepts_and_resolves(client, officer_a, report_a):
    client.force_login(officer_a)
    assert step(client, report_a, "accept", public_reply="已受理").status_code == 302
    assert (
        step(client, report_a, "resolve", public_reply="已处理完毕").status_code == 302
    )
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.RESOLVED
    assert list(report_a.updates.values_list("author", flat=True)) == [officer_a.pk] * 2


def test_rejecting_needs_a_reason(client, officer_a, report_a):
    client.force_login(officer_a)
    response = step(client, report_a, "reject")
    assert response.status_code == 400
    assert "public_reply" in response.context["workflow"].errors
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.SUBMITTED


def test_transfer_names_the_agency(client, officer_a, report_a):
    client.force_login(officer_a)
    step(client, report_a, "transfer", agency="城管局", public_reply="已转城管处理")
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.TRANSFERRED
    assert report_a.transferred_to == "城管局"


def test_duplicate_links_a_report_i_can_see(
    client, officer_a, report_a, grid_a, grid_b, category
):
    original = ReportFactory(grid=grid_a, category=category)
    hidden = ReportFactory(grid=grid_b, category=category)
    client.force_login(officer_a)
    refused = step(client, report_a, "duplicate", duplicate_of=hidden.reference)
    assert refused.status_code == 400
    step(client, report_a, "duplicate", duplicate_of=original.reference)
    report_a.refresh_from_db()
    assert report_a.duplicate_of == original


def test_an_impossible_step_is_an_error_not_a_change(client, officer_a, report_a):
    client.force_login(officer_a)
    response = step(client, report_a, "close")
    assert response.status_code == 400
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.SUBMITTED


def test_only_supervisors_reopen(client, officer_a, station_supervisor, report_a):
    report_a.accept(officer_a)
    report_a.resolve(officer_a, public_reply="好了")
    report_a.close(officer_a)
    client.force_login(officer_a)
    assert step(client, report_a, "reopen").status_code == 400
    client.force_login(station_supervisor)
    assert step(client, report_a, "reopen", internal_note="回访").status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == Report.Status.IN_PROGRESS


def test_moderation_publishes_redacted_text(client, officer_a, report_a):
    client.force_login(officer_a)
    response = client.post(
        detail(report_a),
        {
            "form": "moderation",
            "mod-public_description": "楼道堆物",
            "mod-is_public": "on",
        },
    )
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.is_public and report_a.public_description == "楼道堆物"


def test_photos_are_published_or_hidden_by_staff(client, officer_a, report_a):
    from django.core.files.base import ContentFile

    photo = ReportPhoto.objects.create(
        report=report_a, image=ContentFile(image_bytes(), name="p.jpg")
    )
    client.force_login(officer_a)
    client.post(
        detail(report_a), {"form": "photo", "photo": photo.pk, "visibility": "public"}
    )
    photo.refresh_from_db()
    assert photo.visibility == "public"
    assert (
        client.get(reverse("reports:public_photo", args=[photo.pk])).status_code == 200
    )
    photo_url = reverse("report_inbox:photo", args=[report_a.pk, photo.pk])
    assert client.get(photo_url).status_code == 200


def test_response_templates_of_the_category_are_offered(client, officer_a, report_a):
    ResponseTemplate.objects.create(
        category=report_a.category, title="已受理", text="您好，已受理。"
    )
    client.force_login(officer_a)
    assert "您好，已受理。" in client.get(detail(report_a)).text


def test_export_is_xlsx_of_my_filtered_reports_with_masked_phones(
    client, officer_a, report_a, grid_b, category
):
    other = ReportFactory(grid=grid_b, category=category)
    client.force_login(officer_a)
    response = client.get(reverse("report_inbox:export"), {"status": "submitted"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert report_a.reference in cells and other.reference not in cells
    assert "138****5678" in cells and "13812345678" not in cells


def test_the_dashboard_shows_counts(client, officer_a, report_a):
    client.force_login(officer_a)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert (
        'id="reports-dashboard"' in response.text
        or "reports-dashboard" in response.text
    )


def test_the_inbox_keeps_its_queries_constant(
    client, officer_a, grid_a, category, django_assert_max_num_queries
):
    def make(count):
        reports = []
        for n in range(count):
            r = ReportFactory.build(
                grid=grid_a, category=category, token_hash=f"{count}-{n}"
            )
            r.set_deadlines()
            r.reference = f"R2026-{count:04d}{n:04d}"
            reports.append(r)
        Report.objects.bulk_create(reports)

    client.force_login(officer_a)
    make(10)
    with django_assert_max_num_queries(40) as small:
        assert client.get(INBOX).status_code == 200
    make(1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(INBOX).status_code == 200
