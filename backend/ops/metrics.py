"""Prometheus metrics: request counts and latency (django-prometheus middleware) plus gauges read at
scrape time from Redis and the database, so they are right whichever process serves the scrape."""

from __future__ import annotations

import hmac
import os
from collections.abc import Iterator

import prometheus_client
import redis
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import multiprocess
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector


class QueueLengthCollector(Collector):
    """Messages waiting in each Celery queue (Redis lists named after the queues)."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        gauge = GaugeMetricFamily("policezalo_queue_length", "Tác vụ đang chờ trong hàng đợi Celery", labels=["queue"])
        if settings.REDIS_BROKER_URL:
            from common.redis_client import redis_for

            client = redis_for(settings.CELERY_BROKER_URL, settings.REDIS_BROKER_SENTINEL_MASTER)
            try:
                for queue in settings.CELERY_QUEUE_NAMES:
                    gauge.add_metric([queue], client.llen(queue))
            except redis.RedisError:
                pass  # an unreachable broker shows as missing samples, and /readyz says why
            finally:
                client.close()
        yield gauge


class SyncLagCollector(Collector):
    """Seconds since each enabled sync source last succeeded (the upstream feed's freshness)."""

    @staticmethod
    def _gauge() -> GaugeMetricFamily:
        return GaugeMetricFamily(
            "policezalo_sync_lag_seconds", "Số giây từ lần đồng bộ thành công gần nhất", labels=["source"]
        )

    def describe(self) -> Iterator[GaugeMetricFamily]:
        # Registration asks for the names only: no database query at start-up.
        yield self._gauge()

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db import DatabaseError
        from django.utils import timezone

        from sync.models import SyncSource

        gauge = self._gauge()
        now = timezone.now()
        try:
            rows = list(SyncSource.objects.filter(enabled=True).values_list("name", "last_success_at"))
        except DatabaseError:
            rows = []  # the database's own state is reported by /readyz
        for name, success in rows:
            if success is not None:
                gauge.add_metric([name], (now - success).total_seconds())
        yield gauge


SCRAPE_TIME_COLLECTORS: list[type[Collector]] = [QueueLengthCollector, SyncLagCollector]


def register_scrape_time_collectors() -> None:
    """Called once at start-up (OpsConfig.ready) for the single-process registry."""
    for collector in SCRAPE_TIME_COLLECTORS:
        prometheus_client.REGISTRY.register(collector())


def _registry() -> prometheus_client.CollectorRegistry:
    if "PROMETHEUS_MULTIPROC_DIR" not in os.environ:
        return prometheus_client.REGISTRY
    # Several gunicorn workers: merge their files, then add the gauges read at scrape time.
    registry = prometheus_client.CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    for collector in SCRAPE_TIME_COLLECTORS:
        registry.register(collector())
    return registry


def metrics_view(request: HttpRequest) -> HttpResponse:
    """GET /metrics with `Authorization: Bearer <METRICS_TOKEN>`; 404 when no token is configured."""
    token = settings.METRICS_TOKEN
    if not token:
        return HttpResponse(status=404)
    if not hmac.compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse(status=401, headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(
        prometheus_client.generate_latest(_registry()), content_type=prometheus_client.CONTENT_TYPE_LATEST
    )
