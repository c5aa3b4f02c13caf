"""The service survey: anonymous, and protected against stuffing by atomic per-citizen, per-device and
per-IP counters."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from citizens.models import Citizen
from citizens.tokens import access_token_issue
from ratings.models import SurveyResponse
from tests.ratings.conftest import citizen_client

URL = "/api/v1/surveys/"


def survey(client, unit, level=3, **extra):  # type: ignore[no-untyped-def]
    headers = extra.pop("headers", {})
    return client.post(URL, {"unit": unit.pk, "level": level, **extra}, format="json", **headers)


def test_a_citizen_answers_the_survey_of_a_unit_anonymously(citizen_api, tree):
    response = survey(citizen_api, tree.unit_a, 2, drivers=["clear", "fast"], comment="Cán bộ hướng dẫn kỹ")
    assert response.status_code == 201
    assert response.json() == {"message": "Cảm ơn bạn đã tham gia khảo sát."}
    answer = SurveyResponse.objects.get()
    assert (answer.unit, answer.level, answer.drivers, answer.comment) == (
        tree.unit_a,
        2,
        ["clear", "fast"],
        "Cán bộ hướng dẫn kỹ",
    )
    stored = {f.name for f in SurveyResponse._meta.get_fields()}
    assert not stored & {"citizen", "device", "ip", "citizen_id"}


def test_one_tap_is_enough(citizen_api, tree):
    assert survey(citizen_api, tree.unit_b, 1).status_code == 201  # no reason needed for the survey


def test_the_same_citizen_answers_once_per_unit_per_day(citizen_api, tree, settings):
    settings.RATINGS_SURVEY_PER_CITIZEN_PER_DAY = 1
    assert survey(citizen_api, tree.unit_a).status_code == 201
    again = survey(citizen_api, tree.unit_a)
    assert again.status_code == 429
    assert "hôm nay" in again.json()["message"] and again["Retry-After"]
    assert survey(citizen_api, tree.unit_b).status_code == 201  # another unit is another survey
    assert SurveyResponse.objects.count() == 2


def test_one_device_cannot_stuff_the_survey_with_many_accounts(tree, settings):
    settings.RATINGS_SURVEY_PER_DEVICE_PER_DAY = 2
    clients = [citizen_client(Citizen.objects.create(zalo_user_id=f"61{n}")) for n in range(3)]
    device = {"HTTP_X_DEVICE_ID": "device-123"}
    statuses = [survey(c, tree.unit_a, headers=device).status_code for c in clients]
    assert statuses == [201, 201, 429]


def test_one_address_cannot_stuff_the_survey(tree, settings):
    settings.RATINGS_SURVEY_PER_IP_PER_HOUR = 2
    clients = [citizen_client(Citizen.objects.create(zalo_user_id=f"62{n}")) for n in range(3)]
    statuses = [survey(c, tree.unit_a, headers={"REMOTE_ADDR": "203.0.113.9"}).status_code for c in clients]
    assert statuses == [201, 201, 429]
    other = citizen_client(Citizen.objects.create(zalo_user_id="6299"))
    assert survey(other, tree.unit_a, headers={"REMOTE_ADDR": "203.0.113.10"}).status_code == 201


def test_a_client_sent_forwarded_for_header_does_not_reset_the_ip_limit(tree, settings):
    settings.RATINGS_SURVEY_PER_IP_PER_HOUR = 1
    settings.TRUSTED_PROXY_COUNT = 1
    clients = [citizen_client(Citizen.objects.create(zalo_user_id=f"63{n}")) for n in range(2)]
    proxied = [{"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": f"198.51.100.{n}, 203.0.113.9"} for n in range(2)]
    statuses = [survey(c, tree.unit_a, headers=h).status_code for c, h in zip(clients, proxied, strict=True)]
    assert statuses == [201, 429]  # the proxy saw 203.0.113.9 both times


@pytest.mark.parametrize(
    "payload",
    [{"unit": 0, "level": 3}, {"unit": "x", "level": 3}, {"level": 3}, {"unit": 1, "level": 5}, {"unit": 1}],
)
def test_malformed_survey_answers_are_a_clear_400(citizen_api, tree, payload):
    response = citizen_api.post(URL, payload, format="json")
    assert response.status_code == 400


def test_an_unknown_or_closed_unit_is_a_404(citizen_api, tree):
    tree.unit_b.is_active = False
    tree.unit_b.save()
    assert survey(citizen_api, tree.unit_b).status_code == 404
    assert citizen_api.post(URL, {"unit": 999999, "level": 3}, format="json").status_code == 404


def test_the_survey_needs_a_signed_in_citizen(api, tree):
    assert survey(api, tree.unit_a).status_code == 401


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_answers_from_one_citizen_never_exceed_the_limit(live_server, tree, settings):
    settings.RATINGS_SURVEY_PER_CITIZEN_PER_DAY = 3
    settings.RATINGS_SURVEY_PER_IP_PER_HOUR = 1000
    token = access_token_issue(citizen=Citizen.objects.create(zalo_user_id="6401"))

    def one(_: int) -> int:
        return requests.post(
            f"{live_server.url}{URL}",
            json={"unit": tree.unit_a.pk, "level": 3},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(one, range(40)))
    assert statuses.count(201) == 3, sorted(statuses)
    assert statuses.count(429) == 37
    assert SurveyResponse.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_forty_concurrent_accounts_on_one_device_never_exceed_the_device_limit(live_server, tree, settings):
    settings.RATINGS_SURVEY_PER_DEVICE_PER_DAY = 5
    settings.RATINGS_SURVEY_PER_IP_PER_HOUR = 1000
    tokens = [access_token_issue(citizen=Citizen.objects.create(zalo_user_id=f"65{n:02d}")) for n in range(40)]

    def one(token: str) -> int:
        return requests.post(
            f"{live_server.url}{URL}",
            json={"unit": tree.unit_a.pk, "level": 3},
            headers={"Authorization": f"Bearer {token}", "X-Device-Id": "one-phone"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        statuses = list(pool.map(one, tokens))
    assert statuses.count(201) == 5, sorted(statuses)
    assert SurveyResponse.objects.count() == 5
