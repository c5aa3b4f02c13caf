"""The Zalo client against the fake Zalo over real HTTP: shapes, headers, errors and their classes."""

from __future__ import annotations

import pytest
import requests

from zalo.client import ZaloClient, appsecret_proof
from zalo.errors import Action, ZaloError
from zalo.fake.app import phone_token_for


def test_get_me_sends_the_token_and_the_appsecret_proof(fake_zalo, settings):
    user = ZaloClient().get_me("fake-user-1")
    assert user.name.startswith("Người dùng Demo") and int(user.id) > 2**53
    [call] = fake_zalo.requests("me")
    assert call["headers"]["access-token"] == "fake-user-1"
    assert call["headers"]["appsecret-proof"] == appsecret_proof("fake-user-1", settings.ZALO_APP_SECRET)


def test_appsecret_proof_is_hmac_sha256_of_the_token_keyed_by_the_secret():
    # hash_hmac('sha256', $accessToken, $appSecret) in Zalo's PHP SDK
    import hashlib
    import hmac

    assert appsecret_proof("token", "secret") == hmac.new(b"secret", b"token", hashlib.sha256).hexdigest()


def test_an_invalid_user_token_is_a_permanent_error(fake_zalo):
    with pytest.raises(ZaloError) as excinfo:
        ZaloClient().get_me("not-a-zalo-token")
    assert not excinfo.value.transient


def test_phone_exchange_returns_the_number(fake_zalo, settings):
    phone_token = phone_token_for("fake-user-1", "84912345678")
    assert ZaloClient().exchange_phone_token("fake-user-1", phone_token) == "84912345678"
    [call] = fake_zalo.requests("phone")
    assert call["headers"]["code"] == phone_token and call["headers"]["access-token"] == "fake-user-1"
    assert call["headers"]["secret-key"] == settings.ZALO_APP_SECRET


def test_a_new_access_token_of_the_same_user_is_the_same_zalo_user(fake_zalo):
    assert ZaloClient().get_me("fake-user-1").id == ZaloClient().get_me("fake-user-1~again").id
    assert ZaloClient().get_me("fake-user-1").id != ZaloClient().get_me("fake-user-2").id


def test_a_phone_token_is_answered_only_for_the_user_who_obtained_it(fake_zalo):
    phone_token = phone_token_for("fake-user-1", "84912345678")
    assert ZaloClient().exchange_phone_token("fake-user-1~again", phone_token) == "84912345678"
    with pytest.raises(ZaloError) as excinfo:
        ZaloClient().exchange_phone_token("fake-user-2", phone_token)
    assert not excinfo.value.transient


@pytest.mark.parametrize("code", ["fake-phone-84912345678", "fake-phone-84912345678@", "84912345678@fake-user-1"])
def test_a_phone_token_not_obtained_by_a_user_is_refused(fake_zalo, code):
    with pytest.raises(ZaloError):
        ZaloClient().exchange_phone_token("fake-user-1", code)


def test_the_fake_answers_the_phone_exchange_only_with_the_app_secret_key(fake_zalo):
    # Zalo's protocol: GET /me/info with headers access_token, code and secret_key (docs/zalo.md).
    headers = {"access_token": "fake-user-1", "code": phone_token_for("fake-user-1", "84912345678")}
    without = requests.get(f"{fake_zalo.url}/graph/me/info", headers=headers, timeout=5).json()
    assert without["error"] != 0 and "data" not in without
    answer = requests.get(
        f"{fake_zalo.url}/graph/me/info", headers={**headers, "secret_key": "app-secret"}, timeout=5
    ).json()
    assert answer == {"data": {"number": "84912345678"}, "error": 0, "message": "Success"}


@pytest.mark.parametrize(
    ("spec", "action"),
    [
        ({"error": -133}, Action.DEFER_NIGHT),
        ({"error": -124}, Action.REFRESH_TOKEN),
        ({"error": -115}, Action.DEFER_QUOTA),
        ({"error": -139}, Action.GIVE_UP_USER_CHOICE),
        ({"status": 503}, Action.RETRY),
        ({"status": 429}, Action.RETRY),
        ({"delay": 2.0}, Action.RETRY),  # longer than the 1 s read timeout of the test settings
    ],
)
def test_zns_failures_are_classified(fake_zalo, spec, action):
    fake_zalo.inject("zns", **spec)
    with pytest.raises(ZaloError) as excinfo:
        ZaloClient().send_zns(
            "fake-oa-access-initial", phone="84912345678", template_id="1", template_data={}, tracking_id="42"
        )
    assert excinfo.value.action is action


def test_zns_success_carries_our_tracking_id(fake_zalo):
    sent = ZaloClient().send_zns(
        "fake-oa-access-initial",
        phone="84912345678",
        template_id="123",
        template_data={"ma_ho_so": "H56-1"},
        tracking_id="notification-42",
    )
    assert sent.message_id
    [call] = fake_zalo.requests("zns")
    assert call["json"]["tracking_id"] == "notification-42" and call["json"]["phone"] == "84912345678"


def test_oa_refresh_tokens_work_only_once(fake_zalo):
    client = ZaloClient()
    tokens = client.oa_refresh("fake-oa-refresh-initial")
    assert tokens.access_token.startswith("fake-oa-access-") and tokens.expires_in == 90000
    with pytest.raises(ZaloError):
        client.oa_refresh("fake-oa-refresh-initial")
    assert client.send_oa_transaction(tokens.access_token, follower_id="123", payload={"text": "Xin chào"}).message_id


def test_an_expired_oa_token_asks_for_a_refresh(fake_zalo):
    with pytest.raises(ZaloError) as excinfo:
        ZaloClient().send_oa_transaction("expired", follower_id="123", payload={"text": "x"})
    assert excinfo.value.action is Action.REFRESH_TOKEN


def test_fake_mode_works_in_process_without_a_server(settings):
    settings.ZALO_MODE = "fake"
    settings.ZALO_FAKE_URL = ""
    settings.ZALO_GRAPH_URL = "http://fake-zalo/graph"
    assert ZaloClient().get_me("fake-demo").id


def test_the_fake_ignores_a_request_whose_sender_died_mid_body(fake_zalo):
    """A worker killed while sending leaves half a body: Zalo never sees that call, so neither does the fake's log."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(fake_zalo.url)
    head = (
        "POST /zns/message/template HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 200\r\naccess_token: t\r\n\r\n"
    )
    with socket.create_connection((url.hostname, url.port), timeout=5) as sock:
        sock.sendall(head.encode() + b'{"phone": "84912')
        sock.shutdown(socket.SHUT_WR)  # the sender is gone
        sock.recv(1024)
    assert fake_zalo.requests("zns") == []


def test_sends_through_the_shared_client_reuse_one_kept_alive_connection(fake_zalo):
    """Every message goes through the process's one session (zalo_client()) and its open connection: a new TCP
    connection per message cost more than the message. The fake answers HTTP/1.1 keep-alive, as Zalo does."""
    from zalo.client import zalo_client

    before = fake_zalo.server.connections()
    assert before >= 0  # the fake counts the connections it accepted
    for n in range(5):
        zalo_client().send_zns(
            "fake-oa-access-initial", phone="84912345678", template_id="123", template_data={}, tracking_id=f"k-{n}"
        )
    assert len(fake_zalo.requests("zns")) == 5
    assert fake_zalo.server.connections() - before <= 2  # ours (one), and the test's own look at the fake's log
