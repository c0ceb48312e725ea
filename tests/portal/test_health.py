from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from volunteers import tasks

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def closed_port():
    from tests.conftest import _free_port

    return _free_port()


def test_livez_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/livez")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_reports_every_check_ok(client, settings, redis_cache):
    settings.TASKS = DB_TASKS
    response = client.get("/healthz")
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "ok"
    assert set(data["checks"]) == {"database", "cache", "tasks"}
    assert all(check["ok"] for check in data["checks"].values())
    assert data["checks"]["tasks"]["depth"] == 0
    assert "no-cache" in response["Cache-Control"]
    assert not response.cookies


def test_healthz_fails_with_the_cache_check_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["cache"]["ok"] is False
    assert checks["cache"]["error"] == "ConnectionError"
    assert checks["database"]["ok"] is True


def test_healthz_shows_the_queue_depth_and_fails_when_no_worker_runs(
    client, settings, volunteer
):
    settings.TASKS = DB_TASKS
    settings.HEALTH_TASK_MAX_AGE_SECONDS = 60
    tasks.notify_application_decided.enqueue(1)
    tasks.notify_application_decided.enqueue(2)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["depth"] == 2

    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    queue = response.json()["checks"]["tasks"]
    assert queue["ok"] is False and queue["depth"] == 2
    assert queue["oldest_age_s"] >= 3600


def test_a_retry_waiting_for_its_time_does_not_count_as_stalled(client, settings):
    settings.TASKS = DB_TASKS
    later = timezone.now() + timedelta(minutes=5)
    tasks.notify_application_decided.using(run_after=later).enqueue(1)
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["checks"]["tasks"]["depth"] == 0


def test_health_endpoints_are_not_redirected_to_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
    assert client.get("/livez").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/grids/").status_code == 301
