"""Role × view/action: everyone but the grid's own staff is refused, and
nothing changes."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from reports.models import Report, ReportPhoto

from .factories import ReportFactory, image_bytes

pytestmark = pytest.mark.django_db

OUTSIDERS = [
    "anonymous",
    "resident",
    "volunteer",
    "team_leader",
    "mediator",
    "officer_b",
]
INSIDERS = ["officer_a", "station_supervisor", "bureau_admin"]


@pytest.fixture
def report(grid_a, category):
    report = ReportFactory(grid=grid_a, category=category, reporter_phone="13812345678")
    ReportPhoto.objects.create(
        report=report, image=ContentFile(image_bytes(), name="p.jpg")
    )
    return report


def login(client, request, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))


def requests(report):
    photo = report.photos.get()
    detail = reverse("report_inbox:edit", args=[report.pk])
    return {
        "list": ("get", reverse("report_inbox:index"), {}),
        "detail": ("get", detail, {}),
        "photo": ("get", reverse("report_inbox:photo", args=[report.pk, photo.pk]), {}),
        "accept": ("post", detail, {"form": "workflow", "action": "accept"}),
        "moderate": (
            "post",
            detail,
            {
                "form": "moderation",
                "mod-public_description": "x",
                "mod-is_public": "on",
            },
        ),
        "publish_photo": (
            "post",
            detail,
            {"form": "photo", "photo": photo.pk, "visibility": "public"},
        ),
        "export": ("get", reverse("report_inbox:export"), {}),
        "public_photo": ("get", reverse("reports:public_photo", args=[photo.pk]), {}),
    }


@pytest.mark.parametrize("persona", OUTSIDERS)
@pytest.mark.parametrize(
    "action",
    [
        "list",
        "detail",
        "photo",
        "accept",
        "moderate",
        "publish_photo",
        "export",
        "public_photo",
    ],
)
def test_outsiders_are_refused_and_nothing_changes(
    client, request, report, persona, action
):
    login(client, request, persona)
    method, url, data = requests(report)[action]
    response = getattr(client, method)(url, data)
    body = (
        b"".join(response)
        if hasattr(response, "streaming_content")
        else response.content
    )
    if response.status_code == 200:
        # Only lists and exports may answer, and then without this report.
        assert action in ("list", "export")
        assert report.reference.encode() not in body
    else:
        assert response.status_code in (302, 403, 404)
    assert b"13812345678" not in body
    fresh = Report.objects.get(pk=report.pk)
    assert fresh.status == Report.Status.SUBMITTED and not fresh.is_public
    assert report.photos.get().visibility == ReportPhoto.Visibility.PRIVATE
    assert fresh.updates.count() == 0


@pytest.mark.parametrize("persona", INSIDERS)
def test_the_grids_staff_can_see_and_act(client, request, report, persona):
    login(client, request, persona)
    calls = requests(report)
    for action in ("list", "detail", "photo", "export"):
        method, url, data = calls[action]
        assert getattr(client, method)(url, data).status_code == 200, action
    assert "13812345678" in client.get(calls["detail"][1]).text
    method, url, data = calls["accept"]
    assert client.post(url, data).status_code == 302
    assert Report.objects.get(pk=report.pk).status == Report.Status.ACCEPTED


def test_a_wrong_tracking_token_is_404_for_every_tracking_url(client, report):
    photo = report.photos.get()
    bad = "x" * 43
    assert client.get(reverse("reports:track", args=[bad])).status_code == 404
    assert (
        client.post(reverse("reports:track_rate", args=[bad]), {"stars": 5}).status_code
        == 404
    )
    assert (
        client.get(reverse("reports:track_photo", args=[bad, photo.pk])).status_code
        == 404
    )
