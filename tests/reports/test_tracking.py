import logging
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from portal.sms import OutboxSender
from reports.models import Report, ReportPhoto, ReportUpdate, Subscription

from .factories import ReportFactory, image_bytes, report_with_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracked(grid_a, category):
    return report_with_token(grid=grid_a, category=category)


def resolved(report, officer):
    report.accept(officer, public_reply="已受理")
    report.resolve(officer, public_reply="已清理完毕")
    return report


def test_the_tracking_page_shows_the_timeline_and_public_replies(
    client, tracked, officer_a
):
    report, token = tracked
    report.accept(
        officer_a, public_reply="民警正在赶来", internal_note="内部：联系物业"
    )
    response = client.get(reverse("reports:track", args=[token]))
    assert response.status_code == 200
    assert "民警正在赶来" in response.text
    assert "内部：联系物业" not in response.text
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "same-origin"


def test_a_resolved_report_can_be_rated_once(client, tracked, officer_a):
    report, token = resolved(tracked[0], officer_a), tracked[1]
    url = reverse("reports:track_rate", args=[token])
    assert client.post(url, {"stars": "5", "comment": "谢谢"}).status_code == 302
    report.refresh_from_db()
    assert report.rating == 5 and report.status == Report.Status.CLOSED
    again = client.post(url, {"stars": "1"})
    assert again.status_code == 409
    report.refresh_from_db()
    assert report.rating == 5


def test_an_unhappy_rating_goes_to_the_supervisor(client, tracked, officer_a):
    report, token = resolved(tracked[0], officer_a), tracked[1]
    client.post(reverse("reports:track_rate", args=[token]), {"stars": "1"})
    report.refresh_from_db()
    assert report.needs_review and report.status == Report.Status.RESOLVED


def test_a_rating_out_of_range_changes_nothing(client, tracked, officer_a):
    report, token = resolved(tracked[0], officer_a), tracked[1]
    response = client.post(reverse("reports:track_rate", args=[token]), {"stars": "9"})
    assert response.status_code == 400
    report.refresh_from_db()
    assert report.rating is None


def test_the_reporter_sees_own_photos_but_not_hidden_ones(client, tracked):
    report, token = tracked
    shown = ReportPhoto.objects.create(
        report=report, image=ContentFile(image_bytes(), "a.jpg")
    )
    hidden = ReportPhoto.objects.create(
        report=report, image=ContentFile(image_bytes(), "b.jpg"), visibility="hidden"
    )
    assert (
        client.get(reverse("reports:track_photo", args=[token, shown.pk])).status_code
        == 200
    )
    assert (
        client.get(reverse("reports:track_photo", args=[token, hidden.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:public_photo", args=[shown.pk])).status_code == 404
    )


def test_the_resident_is_told_about_status_changes(
    tracked, officer_a, mailoutbox, django_capture_on_commit_callbacks
):
    report = tracked[0]
    with django_capture_on_commit_callbacks(execute=True):
        report.accept(officer_a, public_reply="已受理")
        report.reply(officer_a, internal_note="内部")
    assert [m.to for m in mailoutbox] == [["zhang@example.com"]]
    assert "已受理" in mailoutbox[0].body
    assert [phone for phone, _ in OutboxSender.outbox] == ["13812345678"]


def test_subscribers_get_updates_and_unsubscribe_with_one_click(
    client, tracked, officer_a, mailoutbox, django_capture_on_commit_callbacks
):
    report, token = tracked
    response = client.post(
        reverse("reports:track_subscribe", args=[token]), {"email": "fan@example.com"}
    )
    assert response.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        report.accept(officer_a, public_reply="已受理")
    message = next(m for m in mailoutbox if m.to == ["fan@example.com"])
    link = re.search(r"https?://[^/\s]+(/report/unsubscribe/\S+/)", message.body).group(
        1
    )
    assert client.get(link).status_code == 200
    assert not Subscription.objects.exists()


def test_a_forged_unsubscribe_link_is_404(client):
    assert (
        client.get(reverse("reports:unsubscribe", args=["1:forged"])).status_code == 404
    )


def test_grid_subscriptions_get_public_news_without_personal_data(
    client, grid_a, tracked, officer_a, django_capture_on_commit_callbacks
):
    url = reverse("reports:subscribe_grid", args=[grid_a.code])
    assert client.post(url, {"phone": "13700000000"}).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        tracked[0].accept(officer_a)
    texts = [text for phone, text in OutboxSender.outbox if phone == "13700000000"]
    assert texts and "张三丰" not in texts[0] and "13812345678" not in texts[0]


def test_subscribing_needs_a_contact(client, tracked):
    response = client.post(reverse("reports:track_subscribe", args=[tracked[1]]), {})
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_the_token_never_reaches_the_logs(tracked, caplog):
    token = tracked[1]
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.DEBUG):
        client.get(reverse("reports:track", args=["wrong-" + token]))
        logging.getLogger("django.server").info(
            '"GET /report/track/%s/ HTTP/1.1" 200', token
        )
    assert caplog.records
    assert token not in caplog.text


def test_the_tracking_page_keeps_its_queries_constant(
    client, grid_a, category, officer_a, django_assert_max_num_queries
):
    report, token = report_with_token(grid=grid_a, category=category)
    url = reverse("reports:track", args=[token])

    def grow(count):
        rows = []
        for n in range(count):
            other = ReportFactory.build(
                grid=grid_a, category=category, token_hash=f"{count}-{n}"
            )
            other.set_deadlines()
            other.reference = f"R2026-9{count:04d}{n:04d}"
            rows.append(other)
        Report.objects.bulk_create(rows)
        ReportUpdate.objects.bulk_create(
            ReportUpdate(report=report, kind="comment", public_reply=f"回复{n}")
            for n in range(count)
        )

    grow(10)
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    grow(1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
