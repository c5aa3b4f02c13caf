"""A fake Zalo: the subset of Zalo's APIs we use, with Zalo's response shapes and error codes.

It serves the tests (as a real HTTP server on 127.0.0.1), `make run` (in-process, no extra process)
and the benchmarks. It can be told to fail: POST /__control__/inject {"endpoint": "zns", "error": -133,
"times": 2} (a Zalo error code), {"status": 503} (HTTP error) or {"delay": 3.0} (a slow answer), expire
every OA access token it issued (POST /__control__/expire_tokens, {"oa_id": …} for one OA's only), and it
records every request it received (GET /__control__/requests), each with the OA whose token it carried.

It serves several OAs: every OA token belongs to one OA id. The initial pair (`fake-oa-access-initial`,
`fake-oa-refresh-initial`) belongs to PROVINCE_OA_ID; POST /__control__/oa {"oa_id", "access_token",
"refresh_token"} adds a pair for another OA, and an authorisation code `fake-code@<oa id>` grants that OA (the
OA the person picks on Zalo's permission page). ZNS checks each parameter against the limits set with POST
/__control__/zns_limits {"<template id>": {"<param>": max length}} (error -1121 over a limit). Paths mirror the real base URLs:
/graph (graph.zalo.me/v2.0), /oauth (oauth.zaloapp.com/v4), /openapi (openapi.zalo.me), /zns
(business.openapi.zalo.me).

Citizens' tokens (what the Mini App's SDK would hand out on a real phone) are made up by the caller:
- an access token (getAccessToken) is `fake-<user>` or `fake-<user>~<anything>`: every token with the same
  `<user>` belongs to the same Zalo user (a new access token per call, one user), whose id is `user_id_for`;
- a phone token (getPhoneNumber) is `fake-phone-<number>@<the access token the app held when it asked>`:
  bound to that user, so /me/info answers it only for an access token of the same user, and only with the
  `secret_key` header that Zalo requires;
- a location token (getLocation) is `fake-location-<latitude>,<longitude>`.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

ENDPOINTS = {
    ("GET", "/graph/me"): "me",
    ("GET", "/graph/me/info"): "phone",
    ("POST", "/oauth/oa/access_token"): "oa_token",
    ("POST", "/openapi/v3.0/oa/message/transaction"): "oa_message",
    ("POST", "/openapi/v3.0/oa/message/cs"): "oa_consultation",
    ("POST", "/openapi/v3.0/oa/message/promotion"): "oa_promotion",
    ("GET", "/openapi/v2.0/oa/getoa"): "oa_info",
    ("POST", "/zns/message/template"): "zns",
    ("POST", "/miniapp/notification/template"): "miniapp",
}


@dataclass
class Injection:
    error: int | None = None
    status: int | None = None
    delay: float = 0.0
    times: int = 1


PROVINCE_OA_ID = "1000000000000000001"


@dataclass
class FakeZaloState:
    requests: list[dict[str, Any]] = field(default_factory=list)
    injections: dict[str, list[Injection]] = field(default_factory=dict)
    # token → the OA id it belongs to
    refresh_tokens: dict[str, str] = field(default_factory=lambda: {"fake-oa-refresh-initial": PROVINCE_OA_ID})
    access_tokens: dict[str, str] = field(default_factory=lambda: {"fake-oa-access-initial": PROVINCE_OA_ID})
    zns_limits: dict[str, dict[str, int]] = field(default_factory=dict)
    # ZNS accepts a tracking_id once (UNVERIFIED, modelled as idempotent): a repeat gets the first msg_id back.
    zns_tracking: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.injections.clear()
            self.zns_tracking.clear()
            self.zns_limits.clear()
            self.refresh_tokens = {"fake-oa-refresh-initial": PROVINCE_OA_ID}
            self.access_tokens = {"fake-oa-access-initial": PROVINCE_OA_ID}

    def take_injection(self, endpoint: str) -> Injection | None:
        with self.lock:
            queue = self.injections.get(endpoint) or []
            if not queue:
                return None
            injection = queue[0]
            injection.times -= 1
            if injection.times <= 0:
                queue.pop(0)
            return injection


def user_of(token: str) -> str:
    """The user a fake access token belongs to: `fake-citizen-1` and `fake-citizen-1~2` are the same user."""
    return token.partition("~")[0]


# Readable demo names (the account page shows the name): one per fake user, stable, never a raw token.
DEMO_GIVEN_NAMES = ["An", "Bình", "Chi", "Dũng", "Hà", "Lan", "Minh", "Nam", "Phương", "Quân", "Thảo", "Vy"]


def display_name_for(token: str) -> str:
    index = int(hashlib.sha256(user_of(token).encode()).hexdigest()[:8], 16) % len(DEMO_GIVEN_NAMES)
    return f"Người dùng Demo {DEMO_GIVEN_NAMES[index]}"


def user_id_for(token: str) -> str:
    """A stable Zalo-like user id (> 2^53, as a string) for the user of a fake access token."""
    return str(3_000_000_000_000_000_000 + int(hashlib.sha256(user_of(token).encode()).hexdigest()[:12], 16))


def phone_token_for(access_token: str, number: str) -> str:
    """What getPhoneNumber() would give the user holding `access_token`: a token bound to that user."""
    return f"fake-phone-{number}@{access_token}"


SESSION_INVALID = {"error": 452, "message": "Session key invalid. This could be because session key has expired"}


class FakeZalo:
    def __init__(self) -> None:
        self.state = FakeZaloState()

    # --- WSGI ------------------------------------------------------------------------------------
    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        method = environ["REQUEST_METHOD"]
        path = environ.get("PATH_INFO", "")
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length) if length else b""
        if len(raw) < length:
            # The client went away mid-body (a worker killed while sending): a real server never hands such a
            # request on, so it is neither recorded nor answered as a call.
            start_response("400 Bad Request", [("Content-Type", "application/json")])
            return [b'{"error": -400, "message": "Incomplete body"}']
        headers = {k[5:].replace("_", "-").lower(): v for k, v in environ.items() if k.startswith("HTTP_")}
        headers["content-type"] = environ.get("CONTENT_TYPE", "")
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
        status, body = self.handle(method, path, headers, query, raw)
        payload = json.dumps(body).encode()
        start_response(f"{status} {'OK' if status < 400 else 'Error'}", [("Content-Type", "application/json")])
        return [payload]

    def handle(
        self, method: str, path: str, headers: dict[str, str], query: dict[str, str], raw: bytes
    ) -> tuple[int, Any]:
        if path.startswith("/__control__/"):
            return self.control(method, path, raw)
        endpoint = ENDPOINTS.get((method, path))
        if endpoint is None:
            return 404, {"error": -404, "message": "Not found"}
        try:
            body = json.loads(raw) if raw and headers.get("content-type", "").startswith("application/json") else None
        except ValueError:
            body = None
        form = {k: v[0] for k, v in parse_qs(raw.decode(errors="replace")).items()} if body is None and raw else {}
        with self.state.lock:
            self.state.requests.append(
                {
                    "endpoint": endpoint,
                    "oa_id": self.state.access_tokens.get(headers.get("access-token", ""), ""),
                    "headers": headers,
                    "query": query,
                    "json": body,
                    "form": form,
                    "at": time.time(),
                }
            )
        injection = self.state.take_injection(endpoint)
        if injection is not None:
            if injection.delay:
                time.sleep(injection.delay)
            if injection.status:
                return injection.status, {"error": -1, "message": "Injected HTTP error"}
            if injection.error is not None:
                return 200, {"error": injection.error, "message": "Injected error"}
        return getattr(self, f"do_{endpoint}")(headers, query, body or {}, form)

    # --- control ---------------------------------------------------------------------------------
    def control(self, method: str, path: str, raw: bytes) -> tuple[int, Any]:
        if path == "/__control__/requests":
            with self.state.lock:
                return 200, list(self.state.requests)
        if path == "/__control__/expire_tokens" and method == "POST":
            only = json.loads(raw or b"{}").get("oa_id")
            with self.state.lock:  # every OA access token issued so far (of one OA, if named) is now expired
                for token, oa_id in list(self.state.access_tokens.items()):
                    if only is None or oa_id == only:
                        del self.state.access_tokens[token]
            return 200, {"ok": True}
        if path == "/__control__/oa" and method == "POST":
            spec = json.loads(raw or b"{}")
            with self.state.lock:
                self.state.access_tokens[spec["access_token"]] = spec["oa_id"]
                self.state.refresh_tokens[spec["refresh_token"]] = spec["oa_id"]
            return 200, {"ok": True}
        if path == "/__control__/zns_limits" and method == "POST":
            with self.state.lock:
                self.state.zns_limits.update(json.loads(raw or b"{}"))
            return 200, {"ok": True}
        if path == "/__control__/reset" and method == "POST":
            self.state.reset()
            return 200, {"ok": True}
        if path == "/__control__/inject" and method == "POST":
            spec = json.loads(raw or b"{}")
            injection = Injection(
                error=spec.get("error"),
                status=spec.get("status"),
                delay=float(spec.get("delay", 0)),
                times=int(spec.get("times", 1)),
            )
            with self.state.lock:
                self.state.injections.setdefault(spec["endpoint"], []).append(injection)
            return 200, {"ok": True}
        return 404, {"error": -404, "message": "Not found"}

    # --- Zalo endpoints --------------------------------------------------------------------------
    def do_me(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        token = headers.get("access-token", "")
        if not token.startswith("fake-") or not headers.get("appsecret-proof"):
            return 200, SESSION_INVALID
        return 200, {
            "id": user_id_for(token),
            "name": display_name_for(token),
            "picture": {"data": {"url": "https://s120-ava-talk.zadn.vn/fake.jpg"}},
            "error": 0,
            "message": "Success",
        }

    def do_phone(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        """/me/info answers for the phone token and for the location token alike (the code decides), for the
        user of the access token, to an app that sends its secret_key."""
        code, access_token = headers.get("code", ""), headers.get("access-token", "")
        if not access_token.startswith("fake-"):
            return 200, SESSION_INVALID
        if not headers.get("secret-key"):
            return 200, {"error": -1, "message": "Invalid secret key"}
        if code.startswith("fake-location-"):  # fake-location-<latitude>,<longitude>
            latitude, _, longitude = code.removeprefix("fake-location-").partition(",")
            data = {
                "provider": "gps",
                "latitude": latitude,
                "longitude": longitude,
                "timestamp": str(int(time.time() * 1000)),
            }
            return 200, {"data": data, "error": 0, "message": "Success"}
        number, _, obtained_with = code.removeprefix("fake-phone-").partition("@")
        if not code.startswith("fake-phone-") or not obtained_with.startswith("fake-"):
            return 200, {"error": -1, "message": "Invalid code"}
        if user_id_for(obtained_with) != user_id_for(access_token):  # another user's phone token
            return 200, {"error": -1, "message": "Invalid code"}
        return 200, {"data": {"number": number}, "error": 0, "message": "Success"}

    def do_oa_token(
        self, headers: dict[str, str], query: dict[str, str], body: Any, form: dict[str, str]
    ) -> tuple[int, Any]:
        with self.state.lock:
            if form.get("grant_type") == "refresh_token":
                if form.get("refresh_token") not in self.state.refresh_tokens:
                    return 200, {"error": -14014, "error_name": "Invalid refresh token", "error_description": "used"}
                oa_id = self.state.refresh_tokens.pop(form["refresh_token"])  # single use, like Zalo's
            elif form.get("grant_type") != "authorization_code" or not form.get("code"):
                return 200, {"error": -14002, "error_name": "Invalid grant"}
            else:
                oa_id = form["code"].partition("@")[2] or PROVINCE_OA_ID
            access, refresh = f"fake-oa-access-{secrets.token_hex(6)}", f"fake-oa-refresh-{secrets.token_hex(6)}"
            self.state.access_tokens[access] = oa_id
            self.state.refresh_tokens[refresh] = oa_id
        return 200, {"access_token": access, "refresh_token": refresh, "expires_in": "90000"}

    def _oa_token_ok(self, headers: dict[str, str]) -> bool:
        with self.state.lock:
            return headers.get("access-token", "") in self.state.access_tokens

    def do_oa_message(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        if not self._oa_token_ok(headers):
            return 200, {"error": -216, "message": "Access token is invalid"}
        if not (body.get("recipient") or {}).get("user_id"):
            return 200, {"error": -201, "message": "Parameters are invalid"}
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {"message_id": secrets.token_hex(8), "user_id": body["recipient"]["user_id"]},
        }

    def do_oa_consultation(
        self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any
    ) -> tuple[int, Any]:
        """Zalo refuses a consultation message outside the reply window with -305; tests inject that error."""
        if not str((body.get("message") or {}).get("text", "")).strip():
            return 200, {"error": -201, "message": "Parameters are invalid"}
        return self.do_oa_message(headers, query, body, form)

    def do_oa_promotion(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        return self.do_oa_message(headers, query, body, form)

    def do_oa_info(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        with self.state.lock:
            oa_id = self.state.access_tokens.get(headers.get("access-token", ""))
        if oa_id is None:
            return 200, {"error": -216, "message": "Access token is invalid"}
        return 200, {"error": 0, "message": "Success", "data": {"oa_id": oa_id, "name": f"OA {oa_id}"}}

    def do_zns(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        if not self._oa_token_ok(headers):
            return 200, {"error": -124, "message": "Access token invalid"}
        if not str(body.get("phone", "")).startswith("84"):
            return 200, {"error": -108, "message": "Phone number invalid"}
        with self.state.lock:
            limits = dict(self.state.zns_limits.get(str(body.get("template_id", "")), {}))
        for param, value in (body.get("template_data") or {}).items():
            if param in limits and len(str(value)) > limits[param]:
                return 200, {"error": -1121, "message": f"Parameter {param} exceeds max length"}
        tracking = str(body.get("tracking_id", ""))
        with self.state.lock:
            msg_id = self.state.zns_tracking.get(tracking) if tracking else None
            if msg_id is None:
                msg_id = secrets.token_hex(8)
                if tracking:
                    self.state.zns_tracking[tracking] = msg_id
        return 200, {
            "error": 0,
            "message": "Success",
            "data": {"msg_id": msg_id, "sent_time": str(int(time.time() * 1000))},
        }

    def do_miniapp(self, headers: dict[str, str], query: dict[str, str], body: Any, form: Any) -> tuple[int, Any]:
        if not headers.get("x-user-id") or not body.get("templateId"):
            return 200, {"error": -201, "message": "Parameters are invalid"}
        return 200, {"error": 0, "message": "Success", "data": {"msgId": secrets.token_hex(8)}}


# The in-process instance used in fake mode (make run); tests start their own HTTP server.
default_fake = FakeZalo()
