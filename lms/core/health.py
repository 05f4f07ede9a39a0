"""/healthz (the process is alive) and /readyz (it can do its work: database, broker, outbox lag)."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from lms.events import selectors as event_selectors


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_broker() -> dict:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return {"ok": True, "mode": "eager"}
    from lms.celery import app

    started = time.perf_counter()
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_outbox() -> dict:
    try:
        status = event_selectors.outbox_status()
    except Exception as exc:
        return {"ok": False, "error": exc.__class__.__name__}
    limit = settings.EVENTS["READY_MAX_LAG_SECONDS"]
    return {
        "ok": status.lag_seconds <= limit,
        "lag_seconds": round(status.lag_seconds, 1),
        "max_lag_seconds": limit,
        "unpublished": status.unpublished,
        "failed_runs": status.failed_runs,
    }


@never_cache
@require_GET
def readyz(request):
    checks = {"database": _check_database()}
    checks["broker"] = _check_broker()
    checks["outbox"] = _check_outbox() if checks["database"]["ok"] else {"ok": False}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
