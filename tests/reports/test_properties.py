"""Random and hostile input at the report form and the Open311 API: never a
500, always a clear answer, and nothing saved unless the report was accepted."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reports.models import ApiKey, Report

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

hostile_text = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=40),
    st.just("x" * 100_000),
    st.just("<script>alert(1)</script>"),
    st.just("' OR 1=1 --"),
    st.just("\x00"),
)
numberish = st.one_of(
    hostile_text,
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.just("1e309"),
)
form_fields = st.fixed_dictionaries(
    {},
    optional={
        "description": hostile_text,
        "latitude": numberish,
        "longitude": numberish,
        "grid": hostile_text,
        "address": hostile_text,
        "reporter_name": hostile_text,
        "reporter_phone": hostile_text,
        "reporter_email": hostile_text,
        "consent": st.sampled_from(["on", "", "false", "1"]),
        "website": hostile_text,
        "photos": hostile_text,
        "answer_0": hostile_text,
        "confirm_new": hostile_text,
    },
)


@HYPOTHESIS
@given(data=form_fields, category_code=st.one_of(st.just("safety"), hostile_text))
def test_the_form_never_fails_and_saves_only_valid_reports(
    client, category, grid_a, data, category_code
):
    before = Report.objects.count()
    url = reverse("reports:submit")
    response = client.post(url + "?" + _query(category=category_code), data)
    assert response.status_code in (200, 201, 400, 429)
    if response.status_code != 201:
        assert Report.objects.count() == before


@HYPOTHESIS
@given(data=form_fields.filter(lambda d: d.get("consent") != "on"))
def test_without_consent_nothing_is_ever_saved(client, category, grid_a, data):
    url = reverse("reports:submit") + "?category=safety"
    response = client.post(url, data)
    assert response.status_code == 400
    assert not Report.objects.exists()


api_query = st.fixed_dictionaries(
    {},
    optional={
        "service_request_id": hostile_text,
        "service_code": hostile_text,
        "start_date": hostile_text,
        "end_date": st.one_of(hostile_text, st.just("2026-02-30T00:00:00Z")),
        "status": hostile_text,
    },
)


@HYPOTHESIS
@given(params=api_query)
def test_the_api_search_never_fails(client, category, params):
    response = client.get("/open311/v2/requests.json", params)
    assert response.status_code in (200, 400)
    assert isinstance(response.json(), list)


@HYPOTHESIS
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "service_code": hostile_text,
            "lat": numberish,
            "long": numberish,
            "description": hostile_text,
            "media_url": hostile_text,
            "email": hostile_text,
            "phone": hostile_text,
            "first_name": hostile_text,
            "address_string": hostile_text,
        },
    ),
    use_key=st.booleans(),
)
def test_the_api_post_never_fails(client, category, grid_a, data, use_key):
    key = ApiKey.objects.get_or_create(name="hotline")[0].key
    before = Report.objects.count()
    response = client.post(
        "/open311/v2/requests.json", {**data, "api_key": key if use_key else "x"}
    )
    assert response.status_code in (201, 400, 403, 429)
    if response.status_code != 201:
        assert Report.objects.count() == before


@HYPOTHESIS
@given(token=hostile_text, stars=numberish)
def test_tracking_urls_never_fail(client, token, stars):
    safe = "".join(c for c in token if c.isascii() and c.isalnum())[:100] or "x"
    url = reverse("reports:track_rate", args=[safe])
    assert client.post(url, {"stars": stars}).status_code == 404


def _query(**params):
    from urllib.parse import urlencode

    return urlencode(params)
