"""Health checks for probes and operators, and the benchmarks' bare baseline."""

from __future__ import annotations

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.health import check_database, check_redis


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _warnings() -> list[str]:
    from reports.media import video_cleaning_available
    from sync.selectors import sources_lagging

    warnings = [f"sync_lag: {lag.text}" for lag in sources_lagging()]
    if not video_cleaning_available():
        warnings.append("video: thiếu ffmpeg, video gửi kèm tin báo bị từ chối (không lưu video còn thông tin vị trí)")
    return warnings


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(connections["default"]), "redis": check_redis()}
    failed = [name for name, result in checks.items() if not result.ok]
    body = {
        "status": "ok" if not failed else "unavailable",
        "failed": failed,
        "checks": {name: result.as_dict() for name, result in checks.items()},
        # Worth an alert but no reason to take the web out of service: the upstream feed lags.
        "warnings": _warnings() if not failed else [],
    }
    return JsonResponse(body, status=503 if failed else 200)


@require_GET
def bench_bare_json(request: HttpRequest) -> JsonResponse:
    """Benchmark baseline only (settings.BENCH_ENDPOINTS): what Django itself costs per request."""
    return JsonResponse({"status": "ok", "items": [{"id": 1, "name": "Công an xã Demo"}]})
