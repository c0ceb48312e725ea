import pytest

from reports.models import ApiKey, Report

from .factories import ReportFactory

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


@pytest.fixture
def api_key(db):
    return ApiKey.objects.create(name="12345 热线").key


def test_services_list_the_active_categories(client, category):
    data = client.get(f"{BASE}/services.json").json()
    assert data[0]["service_code"] == category.code and data[0]["metadata"] is True


def test_a_service_definition_lists_its_questions(client, category):
    data = client.get(f"{BASE}/services/{category.code}.json").json()
    assert [a["description"] for a in data["attributes"]] == category.question_list
    assert client.get(f"{BASE}/services/nope.json").status_code == 404


def test_requests_carry_no_personal_data(client, grid_a, category):
    report = ReportFactory(grid=grid_a, category=category)
    response = client.get(f"{BASE}/requests.json")
    item = response.json()[0]
    assert item["service_request_id"] == report.reference and item["status"] == "open"
    for secret in ("张三丰", "13812345678", "zhang@example.com", report.description):
        assert secret not in response.text


def test_public_text_appears_once_an_officer_publishes_it(client, grid_a, category):
    report = ReportFactory(
        grid=grid_a, category=category, is_public=True, public_description="楼道堆物"
    )
    data = client.get(f"{BASE}/requests/{report.reference}.json").json()
    assert data[0]["description"] == "楼道堆物"


def test_requests_filter_by_status_and_code(client, grid_a, category, officer_a):
    open_one = ReportFactory(grid=grid_a, category=category)
    closed = ReportFactory(grid=grid_a, category=category)
    closed.reject(officer_a, public_reply="不属于公安职责")
    ids = [
        r["service_request_id"]
        for r in client.get(f"{BASE}/requests.json?status=closed").json()
    ]
    assert ids == [closed.reference]
    ids = [
        r["service_request_id"]
        for r in client.get(
            f"{BASE}/requests.json?service_code={category.code}&status=open"
        ).json()
    ]
    assert ids == [open_one.reference]


@pytest.mark.parametrize(
    "query", ["start_date=yesterday", "end_date=2026-13-45T00:00:00", "status=pending"]
)
def test_bad_filters_are_400(client, query):
    response = client.get(f"{BASE}/requests.json?{query}")
    assert response.status_code == 400
    assert response.json()[0]["description"]


def test_post_needs_a_valid_api_key(client, grid_a, category):
    data = {
        "service_code": category.code,
        "lat": grid_a.centroid_lat,
        "long": grid_a.centroid_lng,
        "description": "路口信号灯不亮",
        "api_key": "wrong",
    }
    assert client.post(f"{BASE}/requests.json", data).status_code == 403
    assert not Report.objects.exists()


def test_post_files_a_report_and_the_token_finds_it(client, grid_a, category, api_key):
    data = {
        "api_key": api_key,
        "service_code": category.code,
        "lat": grid_a.centroid_lat,
        "long": grid_a.centroid_lng,
        "description": "路口信号灯不亮",
        "phone": "13812345678",
        "first_name": "三",
        "last_name": "张",
    }
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 201
    body = response.json()[0]
    report = Report.objects.get()
    assert body["service_request_id"] == report.reference
    assert report.grid == grid_a and report.reporter_name == "张三"
    found = client.get(f"{BASE}/tokens/{body['token']}.json").json()
    assert found[0]["service_request_id"] == report.reference


def test_post_with_bad_fields_is_400_and_saves_nothing(client, category, api_key):
    data = {"api_key": api_key, "service_code": category.code, "lat": "north"}
    response = client.post(f"{BASE}/requests.json", data)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_the_openapi_schema_is_served(client):
    schema = client.get(f"{BASE}/openapi.json").json()
    assert "/requests.json" in schema["paths"]
