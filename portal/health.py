"""Health endpoints for the load balancer and monitoring.

/livez touches nothing: the process answers. /healthz checks what a request
needs (the database, the shared cache) and whether background work keeps up
(the task queue's depth and its oldest waiting task). Neither returns personal
data, and neither may be cached.
"""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Min, Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def livez(request):
    return HttpResponse("ok", content_type="text/plain")


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {}


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", 10)
    value = cache.get(key)
    cache.delete(key)
    if value != "ok":
        raise RuntimeError("cache did not return what was stored")
    return {}


def check_tasks():
    """Queue depth and the age of the oldest task waiting to run.

    Only the database backend has a queue to inspect; the immediate backend
    runs tasks inline. A queue whose oldest ready task waited longer than
    HEALTH_TASK_MAX_AGE_SECONDS means no worker is running.
    """
    backend = settings.TASKS["default"]["BACKEND"]
    if not backend.startswith("django_tasks_db."):
        return {"backend": backend.rsplit(".", 1)[-1]}
    from django_tasks_db.models import DBTaskResult, get_date_max

    # Deferred tasks (retries) wait from their run_after, the others from
    # when they were queued.
    undeferred = Q(run_after=get_date_max())
    queue = DBTaskResult.objects.ready().aggregate(
        depth=Count("pk"),
        oldest_queued=Min("enqueued_at", filter=undeferred),
        oldest_due=Min("run_after", filter=~undeferred),
    )
    depth = queue["depth"]
    waiting_since = [t for t in (queue["oldest_queued"], queue["oldest_due"]) if t]
    age = (timezone.now() - min(waiting_since)).total_seconds() if waiting_since else 0
    result = {"depth": depth, "oldest_age_s": round(age, 1)}
    if age > settings.HEALTH_TASK_MAX_AGE_SECONDS:
        raise QueueStalled(result)
    return result


class QueueStalled(Exception):
    def __init__(self, details):
        super().__init__("the oldest task has waited too long")
        self.details = details


CHECKS = {"database": check_database, "cache": check_cache, "tasks": check_tasks}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            result = {"ok": True, **check()}
        except QueueStalled as exc:
            result = {"ok": False, "error": str(exc), **exc.details}
        except Exception as exc:  # any failure is the answer, not a 500
            result = {"ok": False, "error": type(exc).__name__}
        result["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = result
    healthy = all(result["ok"] for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "fail", "checks": results},
        status=200 if healthy else 503,
    )
