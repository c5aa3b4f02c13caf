from __future__ import annotations

import pytest
from django.db import connection


def test_healthz_says_the_process_is_alive(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_health_checks_answer_probes_that_address_the_process_by_ip(client, db, settings):
    # The image's HEALTHCHECK calls http://127.0.0.1:8000/healthz; ALLOWED_HOSTS has only the public name.
    settings.ALLOWED_HOSTS = ["dichvucong.congan.example.gov.vn"]
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000").status_code == 200
    assert client.get("/readyz", HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get("/api/v1/units/", HTTP_HOST="127.0.0.1:8000").status_code == 400  # everything else still refuses


def test_readyz_is_ok_when_database_and_redis_answer(client, db, settings):
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["failed"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["redis"]["ok"]


def test_readyz_is_503_naming_redis_when_redis_is_down(client, db, settings):
    settings.REDIS_URL = settings.REDIS_BROKER_URL = settings.REDIS_CACHE_URL = "redis://127.0.0.1:1/0"  # nothing there
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert "Redis" in response.json()["checks"]["redis"]["detail"]


def test_readyz_names_the_redis_role_that_is_down_when_they_are_split(client, db, settings):
    settings.REDIS_CACHE_URL = "redis://127.0.0.1:1/0"  # the broker's Redis stays the tests' own
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["failed"] == ["redis"]
    assert "Redis bộ đệm" in response.json()["checks"]["redis"]["detail"]


@pytest.mark.django_db(transaction=True)
def test_readyz_is_503_naming_the_database_when_it_is_down(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs a network database")
    original = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there
    try:
        response = client.get("/readyz")
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(original)
    assert response.status_code == 503
    assert "database" in response.json()["failed"]
    assert response.json()["checks"]["database"]["ok"] is False
    # And the app recovers by itself once the database is back.
    assert client.get("/readyz").status_code == 200
