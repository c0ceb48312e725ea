import pytest
from django.urls import reverse

from grids.models import Person
from portal.sms import OutboxSender
from reports.models import Report, ReportUpdate

from .factories import ReportFactory, upload

pytestmark = pytest.mark.django_db

URL = reverse("reports:submit")


def form_data(place=None, **overrides):
    data = {
        "description": "小区门口路灯坏了，晚上很黑。",
        "latitude": place.centroid_lat if place else "",
        "longitude": place.centroid_lng if place else "",
        "consent": "on",
    }
    data.update(overrides)
    return data


def post(client, category, data, **extra):
    return client.post(
        f"{URL}?category={category.code}", data, HTTP_ACCEPT_LANGUAGE="en", **extra
    )


def test_the_first_step_lists_categories_and_the_110_notice(client, category):
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert category.name in response.text
    assert "Call 110" in response.text
    assert "no-store" in response["Cache-Control"]


def test_the_form_shows_the_category_notice_and_questions(client, category, grid_a):
    response = client.get(f"{URL}?category={category.code}&grid={grid_a.code}")
    assert category.notice in response.text
    assert "是否有人受伤？" in response.text
    assert f'value="{grid_a.code}" selected' in response.text


def test_a_report_on_the_map_goes_to_the_grid_and_its_officer(
    client, category, grid_a, officer_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, category, form_data(grid_a, answer_1="没有"))
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.grid == grid_a and report.station == grid_a.community.station
    assert report.assigned_to == officer_a
    assert report.answers == {"是否有人受伤？": "没有"}
    assert report.reference in response.text
    assert "/report/track/" in response.text
    assert any(report.reference in m.subject for m in mailoutbox)
    assert "no-store" in response["Cache-Control"]


def test_the_tracking_link_from_the_confirmation_opens_the_report(
    client, category, grid_a
):
    response = post(client, category, form_data(grid_a))
    link = response.context["tracking_url"]
    page = client.get(link)
    assert page.status_code == 200
    assert Report.objects.get().reference in page.text


def test_the_grid_picker_works_without_the_map(client, category, grid_b):
    response = post(client, category, form_data(None, grid=grid_b.code))
    assert response.status_code == 201
    assert Report.objects.get().grid == grid_b


def test_outside_every_grid_the_nearest_station_gets_it(client, category, grid_a):
    response = post(
        client, category, form_data(None, latitude="30.1", longitude="120.0")
    )
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.grid is None and report.station == grid_a.community.station


def test_no_location_is_an_error_next_to_the_picker(client, category, grid_a):
    response = post(client, category, form_data(None))
    assert response.status_code == 400
    assert response.context["form"].errors["grid"]
    assert not Report.objects.exists()


def test_consent_is_required(client, category, grid_a):
    response = post(client, category, form_data(grid_a, consent=""))
    assert "consent" in response.context["form"].errors
    assert not Report.objects.exists()


def test_the_honeypot_refuses_bots(client, category, grid_a):
    response = post(client, category, form_data(grid_a, website="http://spam"))
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_bad_phone_is_an_error_next_to_the_field(client, category, grid_a):
    response = post(client, category, form_data(grid_a, reporter_phone="1380000"))
    assert "reporter_phone" in response.context["form"].errors
    assert not Report.objects.exists()


def test_photos_are_stored_privately(client, category, grid_a):
    data = form_data(grid_a, photos=[upload("a.jpg"), upload("b.jpg")])
    response = post(client, category, data)
    assert response.status_code == 201
    report = Report.objects.get()
    assert report.photos.count() == 2
    assert report.photos.first().image.name.startswith("reports/")


def test_more_than_five_photos_are_refused(client, category, grid_a):
    data = form_data(grid_a, photos=[upload(f"{n}.jpg") for n in range(6)])
    response = post(client, category, data)
    assert "photos" in response.context["form"].errors
    assert not Report.objects.exists()


def test_nearby_open_reports_are_offered_before_filing(client, category, grid_a):
    existing = ReportFactory(grid=grid_a, category=category)
    response = post(client, category, form_data(grid_a))
    assert response.status_code == 200
    assert existing.reference in response.text
    assert Report.objects.count() == 1
    confirmed = post(client, category, form_data(grid_a, confirm_new="on"))
    assert confirmed.status_code == 201
    assert Report.objects.count() == 2


def test_nearby_json_lists_reports_without_personal_data(client, category, grid_a):
    existing = ReportFactory(grid=grid_a, category=category)
    response = client.get(
        reverse("reports:nearby"),
        {
            "category": category.code,
            "lat": grid_a.centroid_lat,
            "lng": grid_a.centroid_lng,
        },
    )
    results = response.json()["results"]
    assert results[0]["reference"] == existing.reference
    assert "13812345678" not in response.text and "张三丰" not in response.text
    assert existing.description not in response.text


def test_nearby_json_refuses_bad_coordinates(client, category):
    response = client.get(
        reverse("reports:nearby"), {"category": category.code, "lat": "x", "lng": "1"}
    )
    assert response.status_code == 400


def test_adding_a_voice_counts_on_the_existing_report(client, category, grid_a):
    existing = ReportFactory(grid=grid_a, category=category)
    response = client.post(reverse("reports:voice", args=[existing.reference]))
    assert response.status_code == 200
    existing.refresh_from_db()
    assert existing.supporters == 2
    assert existing.updates.filter(kind=ReportUpdate.Kind.VOICE).count() == 1


def test_too_many_reports_from_one_ip_get_429(client, category, grid_a, settings):
    settings.REPORTS_RATE_LIMITS = {"ip": (2, 3600)}
    for _ in range(2):
        assert (
            post(client, category, form_data(grid_a, confirm_new="on")).status_code
            == 201
        )
    response = post(client, category, form_data(grid_a, confirm_new="on"))
    assert response.status_code == 429
    assert "try again" in response.text
    assert Report.objects.count() == 2


def test_too_many_reports_from_one_phone_get_429(client, category, grid_a, settings):
    settings.REPORTS_RATE_LIMITS = {"contact": (1, 3600)}
    data = form_data(grid_a, confirm_new="on", reporter_phone="13812345678")
    assert post(client, category, data).status_code == 201
    other_ip = {"REMOTE_ADDR": "10.0.0.9"}
    assert post(client, category, data, **other_ip).status_code == 429


def test_behind_a_trusted_proxy_clients_are_limited_one_by_one(
    client, category, grid_a, settings
):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.REPORTS_RATE_LIMITS = {"ip": (1, 3600)}
    data = form_data(grid_a, confirm_new="on")
    first = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"}
    second = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.8"}
    assert post(client, category, data, **first).status_code == 201
    assert post(client, category, data, **second).status_code == 201
    assert post(client, category, data, **first).status_code == 429
    assert Report.objects.count() == 2


def test_a_forged_forwarded_for_is_ignored_without_a_trusted_proxy(
    client, category, grid_a, settings
):
    settings.REPORTS_RATE_LIMITS = {"ip": (1, 3600)}
    data = form_data(grid_a, confirm_new="on")
    assert (
        post(client, category, data, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code
        == 201
    )
    assert (
        post(client, category, data, HTTP_X_FORWARDED_FOR="198.51.100.2").status_code
        == 429
    )
    assert Report.objects.count() == 1


def test_the_officer_gets_an_sms_about_a_new_report(
    client, category, grid_a, officer_a, django_capture_on_commit_callbacks
):
    Person.objects.filter(user=officer_a).update(work_phone="13900000001")
    with django_capture_on_commit_callbacks(execute=True):
        post(client, category, form_data(grid_a))
    assert [phone for phone, _ in OutboxSender.outbox] == ["13900000001"]


def test_logged_in_residents_see_their_reports(client, category, grid_a, resident):
    client.force_login(resident)
    post(client, category, form_data(grid_a))
    report = Report.objects.get()
    assert report.reporter == resident
    listing = client.get(reverse("reports:mine"))
    assert report.reference in listing.text
    detail = client.get(reverse("reports:my_report", args=[report.reference]))
    assert detail.status_code == 200


def test_other_residents_cannot_open_my_report(
    client, category, grid_a, resident, volunteer
):
    report = ReportFactory(grid=grid_a, category=category, reporter=resident)
    client.force_login(volunteer)
    response = client.get(reverse("reports:my_report", args=[report.reference]))
    assert response.status_code == 404
