from __future__ import annotations


def test_metrics_are_hidden_without_a_configured_token(client, db, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


def test_metrics_need_the_bearer_token(client, db, settings):
    settings.METRICS_TOKEN = "bi-mat-giam-sat"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer sai").status_code == 401


def test_metrics_report_requests_and_queue_lengths(client, db, settings):
    import redis

    settings.METRICS_TOKEN = "bi-mat-giam-sat"
    settings.CELERY_QUEUE_NAMES = ["pz-test-queue"]
    broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    broker.delete("pz-test-queue")
    broker.rpush("pz-test-queue", "a", "b", "c")
    try:
        client.get("/api/v1/units/")
        body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer bi-mat-giam-sat").content.decode()
    finally:
        broker.delete("pz-test-queue")
    assert 'policezalo_queue_length{queue="pz-test-queue"} 3.0' in body
    assert "django_http_requests_total_by_method_total" in body
    assert "django_http_requests_latency_seconds_by_view_method" in body
