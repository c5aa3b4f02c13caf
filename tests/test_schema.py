"""The OpenAPI schema matches the API: schemathesis fuzzes every endpoint in-process with all its checks.

Fails on any 5xx, any response that does not match the schema, any undocumented status code, schema-invalid
data accepted, and schema-valid data refused (positive_data_acceptance) except for the refusals listed in
ACCEPTED_REFUSALS, each for a reason a schema cannot state. Hostile strings (NUL, invalid UTF-8, emoji,
10,000 characters) are sent explicitly too.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from config.wsgi import application

# Loaded at collection (schema generation touches no database). The lazy fixture loader of
# schemathesis 4.32 does not work with pytest 9, so the schema is built eagerly.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def wsgi_in_test_transaction(tree):
    """Calling the raw WSGI app closes the DB connection after each request (as in production);
    inside a test transaction that would break the test, so keep it open like Django's test client does."""
    from django.core import signals
    from django.db import close_old_connections

    from procedures.demo import demo_guides_load

    demo_guides_load()  # published procedures, handbook and articles for the fuzzer to reach
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Schema-valid requests the API refuses on purpose with a 400, for reasons a schema cannot state. Only these
# error codes are let through positive_data_acceptance, and only on these operations; every other check
# (server errors, response and status conformance, negative data rejection...) still runs on these responses.
#   everywhere: a NUL character anywhere in the body, keys of undeclared properties included (PostgreSQL cannot
#     store it; JSON Schema has no way to forbid a character in the keys of additionalProperties).
#   /reports/: the kinds, areas and staged media are rows in the database configured in the admin, and the
#     location token is checked with Zalo; which values exist is data, not schema. location_token and
#     zalo_access_token go together (stated in their descriptions): the JSON Schema for "both or neither"
#     needs "not", which schemathesis 4.32 cannot generate next to this multipart body's binary files
#     (ValueError: Unsupported type: 'Binary' at collection).
#     occurred_at later than now is refused: "now" is not something a schema can state. An empty file part is
#     refused as missing (below).
#   /reports/media: a file must really be a photo or a video, judged by its bytes; a zero-byte file is a valid
#     binary for the schema (binary strings have no minimum size schemathesis honours) and is refused as missing.
ACCEPTED_REFUSALS: dict[str, set[str]] = {
    "*": {"bad_characters"},
    "/api/v1/reports/": {
        "report_kind_invalid",
        "report_location_pair",
        "report_location_required",
        "report_location_failed",
        "report_media_required",
        "report_media_expired",
        "report_anonymous_not_allowed",
        "file_type_refused",
        "report_occurred_in_future",
    },
    "/api/v1/reports/media": {"file_type_refused", "file_missing"},
}


def _accepted_refusal(case, response) -> bool:  # type: ignore[no-untyped-def]
    if response.status_code != 400:
        return False
    codes = ACCEPTED_REFUSALS["*"] | ACCEPTED_REFUSALS.get(case.operation.path, set())
    return response.json().get("code") in codes


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_endpoint_matches_its_schema(case, wsgi_in_test_transaction):
    response = case.call()
    excluded = [positive_data_acceptance] if _accepted_refusal(case, response) else []
    case.validate_response(response, excluded_checks=excluded)


HOSTILE_VALUES = ["\x00", "abc\x00", "🚓👮‍♀️ Đồng Tâm", "Đ" * 10_000, "%ff%fe", "' OR 1=1 --", "-1", "9" * 40]


def _operations(client: Client):
    document = client.get("/api/schema/?format=json").json()
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


@pytest.mark.django_db
def test_hostile_strings_in_every_parameter_get_a_documented_answer(tree):
    client = Client()
    checked = 0
    for path, method, operation in _operations(client):
        if method != "get":
            continue
        documented = set(operation["responses"])
        concrete = path.replace("{id}", str(tree.unit_a.pk))
        for parameter in operation.get("parameters", []):
            if parameter["in"] != "query":
                continue
            for value in HOSTILE_VALUES:
                response = client.get(concrete, {parameter["name"]: value})
                assert response.status_code < 500, (path, parameter["name"], value[:20])
                assert str(response.status_code) in documented, (path, parameter["name"], response.status_code)
                assert response["Content-Type"].startswith("application/json")
                checked += 1
        for value in ["\x00", "🚓", "9" * 40]:
            if "{id}" in path:
                response = client.get(path.replace("{id}", value))
                assert response.status_code in (400, 404), (path, value)
                assert response.json()["code"] in ("bad_characters", "not_found")
    assert checked > 20


@pytest.mark.django_db
def test_invalid_utf8_in_the_query_string_is_not_a_server_error(tree):
    client = Client()
    response = client.get("/api/v1/units/", QUERY_STRING="search=%ff%fe%00")
    assert response.status_code == 400
    response = client.get("/api/v1/units/", QUERY_STRING="search=%ff%fe")
    assert response.status_code == 200


@pytest.fixture
def signed_in(db):  # type: ignore[no-untyped-def]
    from citizens.models import Citizen
    from tests.dossiers.conftest import citizen_client

    return citizen_client(Citizen.objects.create(zalo_user_id="7003", display_name="Dũng"))


@pytest.mark.parametrize("value", [0, 1, "true", "yes", None])
def test_a_json_boolean_takes_only_true_or_false(signed_in, value):
    assert signed_in.post("/api/v1/me/notifications", {"allowed": value}, format="json").status_code == 400
    assert signed_in.post("/api/v1/me/notifications", {"allowed": True}, format="json").status_code == 200


@pytest.mark.parametrize("value", ["5", 5.0, True])
def test_a_json_integer_takes_only_a_whole_number(signed_in, tree, value):
    response = signed_in.post("/api/v1/surveys/", {"unit": value, "level": 3}, format="json")
    assert response.status_code == 400 and response.json()["fields"]["unit"] == ["Cần một số nguyên hợp lệ."]
    assert signed_in.post("/api/v1/surveys/", {"unit": tree.unit_a.pk, "level": 3}, format="json").status_code == 201


def test_the_schema_states_the_rules_the_endpoints_enforce():
    document = Client().get("/api/schema/?format=json").json()
    paths, components = document["paths"], document["components"]["schemas"]

    def request_schema(path: str) -> dict:
        reference = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        return components[reference["$ref"].rsplit("/", 1)[1]] if "$ref" in reference else reference

    one_of = [{"required": ["follow_token"]}, {"required": ["dossier_id"]}]
    assert request_schema("/api/v1/ratings/")["oneOf"] == one_of
    assert request_schema("/api/v1/ratings/eligibility")["oneOf"] == one_of
    assert request_schema("/api/v1/me/follows/")["oneOf"] == one_of
    assert components["FeedbackInputRequest"]["properties"]["useful"]["type"] == "boolean"
    assert request_schema("/api/v1/zalo/webhook")["required"] == ["event_name"]
    assert all("413" in paths[p]["post"]["responses"] for p in paths if "post" in paths[p])
