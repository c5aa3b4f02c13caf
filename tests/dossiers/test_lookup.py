from __future__ import annotations

import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import requests
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from citizens.models import Citizen
from citizens.tokens import access_token_issue
from common.codes import with_clean_codes
from common.errors import ApplicationError
from dossiers import lookup as lookup_module
from dossiers.apis import DossierLookupApi
from dossiers.models import Delivery, Dossier, DossierEvent, DossierFollow, DossierSource, DossierStatus
from dossiers.services import dossier_status_change
from sync.models import SyncSource
from tests.dossiers.conftest import PHONE_A, citizen_client, receive, verified

URL = "/api/v1/dossiers/lookup"


def lookup(client, code, verifier, **extra):  # type: ignore[no-untyped-def]
    return client.post(URL, {"code": code, "verifier": verifier}, format="json", **extra)


def test_lookup_with_the_last_four_id_digits_shows_status_timeline_and_unit(citizen_api, dossiers, tree):
    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.PROCESSING, note="Đang xác minh chỗ ở.")
    response = lookup(citizen_api, "A-0001", "1234")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "A-0001"
    assert (body["status"], body["status_label"]) == (4, "Đang xử lý")
    assert body["meaning"] and body["next_step"]
    assert [e["status"] for e in body["timeline"]] == [2, 4]
    assert body["timeline"][1]["note"] == "Đang xác minh chỗ ở."
    assert body["appointment_date"] == "2026-11-25"  # Monday 16/11 + 7 working days
    assert body["deadline"]["state"] in {"overdue", "due_soon", "on_time"}
    assert body["procedure"]["code"] == "1.004222"
    assert body["unit"]["name"] == tree.unit_a.name and body["unit"]["phones"]
    assert body["applicant_name_masked"] == "Nguyễn V. A."
    assert body["following"] is False and body["follow_token"]
    assert response["Cache-Control"] == "no-store"


_SOME_DAY = st.none() | st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 3, 1))
_SOME_MOMENT = st.none() | st.datetimes(
    min_value=datetime(2026, 10, 1), max_value=datetime(2027, 3, 1), timezones=st.just(ZoneInfo("UTC"))
)
_DOSSIER_STATES = st.fixed_dictionaries(
    {
        "status": st.sampled_from(DossierStatus.values),
        "delivery": st.sampled_from(Delivery.values),
        "appointment_date": _SOME_DAY,
        "first_appointment_date": _SOME_DAY,
        "supplement_deadline": _SOME_DAY,
        "finished_at": _SOME_MOMENT,
        "returned_at": _SOME_MOMENT,
        "synced_at": _SOME_MOMENT,
        "reason": st.sampled_from(["", "Ảnh chụp giấy tờ bị mờ"]),
        "fee_due": st.none() | st.integers(min_value=0, max_value=5_000_000),
        "collect_location": st.sampled_from(["", "Bộ phận một cửa, tầng 1"]),
        "collect_note": st.sampled_from(["", "Mang theo giấy hẹn"]),
    }
)


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    state=_DOSSIER_STATES,
    event_sources=st.lists(st.sampled_from(DossierSource.values), max_size=3),
    following=st.booleans(),
    source=st.none() | st.tuples(_SOME_MOMENT, st.booleans()),
)
def test_the_lookup_answer_is_my_dossiers_answer_in_the_documented_shape(
    citizen, dossiers, settings, state, event_sources, following, source
):
    """Whatever the dossier's state, the lookup and "my dossiers" give the same values, key for key
    (the lookup adds its follow token), and the list item agrees on every field it shares."""
    from dossiers.serializers import DeadlineOutput, LookupResultOutput, TimelineOutput, UnitContact

    settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE = settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR = 1_000_000
    owner = citizen_client(verified(citizen, PHONE_A))
    with transaction.atomic():
        if source is not None:
            success, incremental = source
            state["sync_source"] = SyncSource.objects.create(
                name="thu", title="Nguồn thử", kind="http", last_success_at=success, incremental=incremental
            )
        Dossier.objects.filter(pk=dossiers.a.pk).update(**state)
        for n, event_source in enumerate(event_sources):
            DossierEvent.objects.create(
                dossier=dossiers.a,
                status=state["status"],
                occurred_at=datetime(2026, 11, 17, 8, n, 30, 123456, tzinfo=ZoneInfo("UTC")),
                note=f"Bước {n}",
                source=event_source,
            )
        if following:
            DossierFollow.objects.create(citizen=citizen, dossier=dossiers.a)

        looked_up = lookup(owner, "A-0001", "1234").json()
        mine = owner.get(f"/api/v1/me/dossiers/{dossiers.a.pk}/").json()
        listed = next(d for d in owner.get("/api/v1/me/dossiers/").json()["results"] if d["id"] == dossiers.a.pk)
        transaction.set_rollback(True)

    assert set(looked_up) == set(LookupResultOutput().fields)
    assert set(looked_up["unit"]) == set(UnitContact().fields)
    assert all(set(event) == set(TimelineOutput().fields) for event in looked_up["timeline"])
    assert set(looked_up["unit"]["phones"][0]) == {"label", "label_display", "number", "note"}
    assert set(looked_up["deadline"]) == set(DeadlineOutput().fields)
    assert looked_up.pop("follow_token")
    assert looked_up == mine
    assert {key: mine[key] for key in listed.keys() & mine.keys()} == {
        key: listed[key] for key in listed.keys() & mine.keys()
    }
    assert (listed["procedure_name"], listed["unit_name"]) == (mine["procedure"]["name"], mine["unit"]["name"])


def test_nothing_personal_beyond_the_masked_name_is_returned(citizen_api, dossiers):
    text = lookup(citizen_api, "A-0001", "1234").content.decode()
    for secret in ("hash", "encrypted", "0912345678", "84912345678", "001090001234", "Nguyễn Văn An"):
        assert secret not in text


@pytest.mark.parametrize("phone", ["0912345678", "0912 345 678", "+84912345678", "84912345678"])
def test_lookup_with_the_phone_given_at_the_counter(citizen_api, dossiers, phone):
    assert lookup(citizen_api, "A-0001", phone).status_code == 200


def test_an_unknown_code_and_a_wrong_second_factor_get_the_same_answer(citizen_api, dossiers):
    unknown = lookup(citizen_api, "A-9999", "1234")
    wrong_id = lookup(citizen_api, "A-0001", "4321")
    wrong_phone = lookup(citizen_api, "A-0001", "0900000000")
    other_owner = lookup(citizen_api, "A-0001", "5678")  # dossier B's applicant
    assert {r.status_code for r in (unknown, wrong_id, wrong_phone, other_owner)} == {404}
    assert unknown.content == wrong_id.content == wrong_phone.content == other_owner.content
    assert unknown.json()["code"] == "dossier_not_found"
    assert dict(unknown.headers).keys() == dict(wrong_id.headers).keys()


def test_unknown_and_wrong_factor_take_the_same_time(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE = 10_000
    settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR = 10_000
    settings.DOSSIER_LOOKUP_FAILURES_PER_CODE = 10_000
    timings: dict[str, list[float]] = {"unknown": [], "wrong": []}
    for round_ in range(60):
        for kind, code in (("unknown", f"X-{round_:04d}"), ("wrong", "A-0001")):
            started = time.perf_counter()
            assert lookup(citizen_api, code, "0000").status_code == 404
            timings[kind].append(time.perf_counter() - started)
    unknown, wrong = statistics.median(timings["unknown"][10:]), statistics.median(timings["wrong"][10:])
    # Same work on both paths (one query, one keyed hash, one compare): medians within 25 %.
    assert abs(unknown - wrong) <= 0.25 * max(unknown, wrong), (unknown, wrong)


def test_the_code_and_second_factor_never_travel_in_the_url(citizen_api, dossiers):
    assert citizen_api.get(URL, {"code": "A-0001", "verifier": "1234"}).status_code == 405


def test_lookup_needs_a_signed_in_citizen(api, dossiers):
    assert lookup(api, "A-0001", "1234").status_code == 401


@pytest.mark.parametrize(
    "code, verifier, field",
    [
        ("", "1234", "code"),
        ("A#0001", "1234", "code"),
        ("A-0001<script>", "1234", "code"),
        ("x" * 51, "1234", "code"),
        ("A-0001", "12", "verifier"),
        ("A-0001", "abcd", "verifier"),
        ("A-0001", "12345678901234567890", "verifier"),
    ],
)
def test_malformed_input_is_a_clear_400(citizen_api, dossiers, code, verifier, field):
    response = lookup(citizen_api, code, verifier)
    assert response.status_code == 400
    assert field in response.json()["fields"]


def test_too_many_lookups_from_one_ip_are_refused_with_retry_after(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE = 3
    statuses = [lookup(citizen_api, "A-0001", "1234").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = lookup(citizen_api, "A-0001", "1234")
    assert refused.json()["code"] == "throttled" and int(refused["Retry-After"]) > 0


def test_a_spoofed_x_forwarded_for_does_not_reset_the_ip_limit(citizen_api, dossiers, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # behind our nginx, which appends the address it saw
    settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE = 3
    statuses = [
        lookup(citizen_api, "A-0001", "1234", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.7").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    # A different real client (as seen by the proxy) is not affected.
    assert lookup(citizen_api, "A-0001", "1234", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


def test_each_citizen_has_an_hourly_allowance_too(dossiers, settings, db):
    settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR = 2
    client = citizen_client(Citizen.objects.create(zalo_user_id="6001"))
    statuses = [lookup(client, "A-0001", "1234", REMOTE_ADDR=f"198.51.100.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_repeated_wrong_factors_lock_the_code_even_for_the_right_one(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_FAILURES_PER_CODE = 3
    assert [lookup(citizen_api, "A-0001", "0000").status_code for _ in range(3)] == [404, 404, 404]
    locked = lookup(citizen_api, "A-0001", "1234")
    assert locked.status_code == 429 and locked.json()["code"] == "dossier_code_locked"
    assert int(locked["Retry-After"]) > 0
    assert lookup(citizen_api, "B-0001", "5678").status_code == 200  # other codes are not affected


def test_an_unknown_code_locks_exactly_like_a_real_one(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_FAILURES_PER_CODE = 2
    real = [lookup(citizen_api, "A-0001", "0000") for _ in range(3)]
    unknown = [lookup(citizen_api, "Z-0001", "0000") for _ in range(3)]
    assert [r.status_code for r in real] == [r.status_code for r in unknown] == [404, 404, 429]
    assert real[2].content == unknown[2].content


def test_successful_lookups_do_not_use_up_the_code_allowance(citizen_api, dossiers, settings):
    settings.DOSSIER_LOOKUP_FAILURES_PER_CODE = 2
    assert all(lookup(citizen_api, "A-0001", "1234").status_code == 200 for _ in range(6))
    assert lookup(citizen_api, "A-0001", "0000").status_code == 404


def test_lookup_costs_a_fixed_number_of_queries(citizen_api, dossiers, django_assert_max_num_queries):
    for _ in range(3):
        dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.SUPPLEMENT, reason="Ảnh mờ")
        dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.PROCESSING)
    # One statement finds, checks and answers (plus its PREPARE once per connection); the token is
    # checked without reading the citizen; holidays are cached.
    with django_assert_max_num_queries(2):
        assert lookup(citizen_api, "A-0001", "1234").status_code == 200


def test_the_sql_and_orm_answers_are_the_same(citizen, dossiers):
    from dossiers.lookup import _fetch_orm, _fetch_sql, _verifier_hash

    dossier_status_change(dossier=dossiers.a, new_status=DossierStatus.SUPPLEMENT, reason="Ảnh mờ")
    field, given = _verifier_hash("A-0001", "1234")
    assert _fetch_sql("A-0001", field, given, citizen.pk) == _fetch_orm("A-0001", field, given, citizen.pk)
    assert _fetch_sql("A-0001", field, "0" * 64, citizen.pk) is None


def fifty_at_once(live_server, settings, *, limits, code, verifiers, citizen) -> list[int]:  # type: ignore[no-untyped-def]
    """Fifty lookups of `code` sent together against a live server, the n-th with verifiers(n); their statuses.
    `limits`: (per IP per minute, per citizen per hour, wrong factors per code)."""
    (
        settings.DOSSIER_LOOKUP_PER_IP_PER_MINUTE,
        settings.DOSSIER_LOOKUP_PER_CITIZEN_PER_HOUR,
        settings.DOSSIER_LOOKUP_FAILURES_PER_CODE,
    ) = limits
    token = access_token_issue(citizen=Citizen.objects.create(zalo_user_id=citizen))

    def one(n: int) -> int:
        return requests.post(
            f"{live_server.url}{URL}",
            json={"code": code, "verifier": verifiers(n)},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        ).status_code

    with ThreadPoolExecutor(max_workers=50) as pool:
        return list(pool.map(one, range(50)))


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_lookups_never_exceed_the_ip_limit(live_server, tree, officer_a, procedure, settings):
    receive(officer_a, tree.unit_a, procedure, code="C-0001", phone=PHONE_A)
    statuses = fifty_at_once(
        live_server, settings, limits=(10, 1000, 1000), code="C-0001", verifiers=lambda n: "1234", citizen="7001"
    )
    assert statuses.count(200) == 10, sorted(statuses)
    assert statuses.count(429) == 40


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_wrong_guesses_never_exceed_the_code_lock(live_server, tree, officer_a, procedure, settings):
    receive(officer_a, tree.unit_a, procedure, code="C-0002", phone=PHONE_A)
    statuses = fifty_at_once(
        live_server,
        settings,
        limits=(1000, 1000, 5),
        code="C-0002",
        verifiers=lambda n: f"{n:04d}" if n != 1234 else "9999",
        citizen="7002",
    )
    assert statuses.count(404) == 5  # exactly five guesses were ever checked
    assert statuses.count(429) == 45


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_right_lookups_never_lock_the_code(live_server, tree, officer_a, procedure, settings):
    """A right answer is counted and given back in one atomic step: nothing in flight counts against it."""
    receive(officer_a, tree.unit_a, procedure, code="C-0003", phone=PHONE_A)
    statuses = fifty_at_once(
        live_server, settings, limits=(1000, 1000, 2), code="C-0003", verifiers=lambda n: "1234", citizen="7003"
    )
    assert statuses == [200] * 50


_TEXT = st.one_of(
    st.text(alphabet="0123456789 .+-_/AbZ\n\t", max_size=20),
    st.text(max_size=60),
    st.integers(),
    st.none(),
    st.booleans(),
)


@hypothesis_settings(max_examples=400, deadline=None)
@given(data=st.one_of(st.dictionaries(st.sampled_from(["code", "verifier", "x"]), _TEXT), st.lists(_TEXT), _TEXT))
def test_the_lookups_quick_input_check_takes_exactly_what_its_serializer_takes(data):
    """The hot path checks two clean strings itself; whatever it takes, the serializer takes unchanged
    (both see the input after the code folding of common/codes.py)."""
    serializer = DossierLookupApi.LookupInput(data=with_clean_codes(data, "code", "verifier"))
    valid = serializer.is_valid()
    try:
        taken = DossierLookupApi.valid_input(data)
    except ValidationError as exc:
        assert not valid and exc.detail == serializer.errors
    except ApplicationError as exc:  # an old CMND or a whole ID number: refused with its reason on both paths
        assert valid
        with pytest.raises(ApplicationError) as refused:
            lookup_module.verifier_check(serializer.validated_data["verifier"])
        assert (refused.value.code, refused.value.fields) == (exc.code, exc.fields)
    else:
        assert valid and taken == (serializer.validated_data["code"], serializer.validated_data["verifier"])


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    zone=st.sampled_from(["UTC", "Asia/Ho_Chi_Minh", "Europe/Paris", "America/St_Johns"]),
    current=st.sampled_from(["UTC", "Asia/Ho_Chi_Minh", "Pacific/Chatham"]),
)
def test_the_lookups_date_format_is_drfs(moment, zone, current):
    aware = moment.replace(tzinfo=ZoneInfo(zone))
    with timezone.override(ZoneInfo(current)):
        expected = serializers.DateTimeField().to_representation(aware)
        assert lookup_module._dt(aware) == expected
        assert lookup_module._dt(aware.isoformat()) == expected
