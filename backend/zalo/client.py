"""The only code that speaks HTTP to Zalo: one session, timeouts on every call, typed results, and
every failure raised as a ZaloError that says what to do (see errors.py).

Endpoints, headers and the proof formula are written down in docs/zalo.md ("API Zalo mà hệ thống gọi"); base
URLs, paths and timeouts are settings. In fake mode (the embedded default) the same client talks to our fake Zalo
in-process, so `make run` needs no other process.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import BaseAdapter

from common.http import OutboundSession
from common.process_cache import process_cache
from zalo.errors import TRANSPORT, Api, Classification, ZaloError, classify


@dataclass(frozen=True)
class ZaloUser:
    id: str
    name: str
    avatar: str


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float
    provider: str


@dataclass(frozen=True)
class OATokens:
    access_token: str
    refresh_token: str
    expires_in: int


@dataclass(frozen=True)
class OAInfo:
    oa_id: str
    name: str


@dataclass(frozen=True)
class SentMessage:
    message_id: str


def appsecret_proof(access_token: str, app_secret: str) -> str:
    """hex(HMAC-SHA256(key=app secret, msg=access token)), as Zalo's PHP SDK computes it."""
    return hmac.new(app_secret.encode(), access_token.encode(), hashlib.sha256).hexdigest()


class _WSGIAdapter(BaseAdapter):
    """Send requests to a WSGI app in-process (fake mode): no socket, same request/response objects."""

    def __init__(self, app: Any):
        super().__init__()
        self.app = app

    def send(self, request, **kwargs):
        url = urlsplit(request.url)
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        environ = {
            "REQUEST_METHOD": request.method,
            "PATH_INFO": url.path,
            "QUERY_STRING": url.query,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": request.headers.get("Content-Type", ""),
            "wsgi.input": io.BytesIO(body),
            "SERVER_NAME": "fake-zalo",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
        }
        for name, value in request.headers.items():
            environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
        captured: dict[str, Any] = {}
        chunks = self.app(environ, lambda status, headers: captured.update(status=status, headers=headers))
        response = requests.Response()
        response.status_code = int(captured["status"].split()[0])
        response._content = b"".join(chunks)
        response.headers.update(dict(captured["headers"]))
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


_sessions: dict[tuple[str, str], requests.Session] = process_cache("zalo.http_sessions")


def _shared_session() -> requests.Session:
    """One HTTP session (kept-alive connections) per process and Zalo target; a new TCP and TLS handshake
    per message cost more than the message."""
    key = (settings.ZALO_MODE or "", settings.ZALO_FAKE_URL or "")
    session = _sessions.get(key)
    if session is None:
        session = OutboundSession()
        if settings.ZALO_MODE == "fake" and not settings.ZALO_FAKE_URL:
            from zalo.fake.app import default_fake

            session.mount("http://fake-zalo/", _WSGIAdapter(default_fake))
        _sessions[key] = session
    return session


class ZaloClient:
    def __init__(self, session: requests.Session | None = None):
        self.session = session or _shared_session()
        self.timeout = (settings.ZALO_CONNECT_TIMEOUT, settings.ZALO_READ_TIMEOUT)

    # --- plumbing --------------------------------------------------------------------------------
    def _call(
        self, api: Api, method: str, url: str, *, timeout: tuple[float, float] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        try:
            response = self.session.request(method, url, timeout=timeout or self.timeout, **kwargs)
        except requests.RequestException as exc:
            raise ZaloError(api=api, code=None, message=type(exc).__name__, classification=TRANSPORT) from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise ZaloError(api=api, code=None, message=f"HTTP {response.status_code}", classification=TRANSPORT)
        try:
            data = response.json()
        except ValueError as exc:
            raise ZaloError(api=api, code=None, message="invalid JSON", classification=TRANSPORT) from exc
        error = data.get("error", 0) if isinstance(data, dict) else 0
        if isinstance(error, dict):  # some Graph endpoints nest {"code", "message"}
            error = error.get("code", -1)
        if response.status_code >= 400 or error not in (0, "0", None):
            code = int(error) if str(error).lstrip("-").isdigit() else -1
            classification = (
                classify(api, code) if api != Api.GRAPH else Classification(classify(api, code).action, "graph error")
            )
            raise ZaloError(
                api=api, code=code, message=str(data.get("message", ""))[:200], classification=classification
            )
        return data

    # --- citizens --------------------------------------------------------------------------------
    def get_me(self, access_token: str, *, timeout: tuple[float, float] | None = None) -> ZaloUser:
        """Who the access token belongs to. `timeout`: (connect, read) seconds instead of the client's own (the
        sign-in waits less than a background task may)."""
        data = self._call(
            Api.GRAPH,
            "GET",
            f"{settings.ZALO_GRAPH_URL}/me",
            timeout=timeout,
            params={"fields": "id,name,picture"},
            headers={
                "access_token": access_token,
                "appsecret_proof": appsecret_proof(access_token, settings.ZALO_APP_SECRET),
            },
        )
        picture = ((data.get("picture") or {}).get("data") or {}).get("url", "")
        return ZaloUser(id=str(data["id"]), name=str(data.get("name", "")), avatar=str(picture))

    def exchange_phone_token(self, access_token: str, code: str) -> str:
        data = self._call(
            Api.GRAPH,
            "GET",
            f"{settings.ZALO_GRAPH_URL}/me/info",
            headers={"access_token": access_token, "code": code, "secret_key": settings.ZALO_APP_SECRET},
        )
        return str((data.get("data") or {}).get("number", ""))

    def exchange_location_token(self, access_token: str, code: str) -> Location:
        """The token from the Mini App's getLocation(), exchanged like the phone token (same endpoint and
        headers, docs/zalo.md, "API Zalo mà hệ thống gọi"); the answer carries latitude/longitude as strings."""
        data = self._call(
            Api.GRAPH,
            "GET",
            f"{settings.ZALO_GRAPH_URL}/me/info",
            headers={"access_token": access_token, "code": code, "secret_key": settings.ZALO_APP_SECRET},
        )
        payload = data.get("data") or {}
        try:
            return Location(
                latitude=float(payload["latitude"]),
                longitude=float(payload["longitude"]),
                provider=str(payload.get("provider", "")),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ZaloError(
                api=Api.GRAPH,
                code=-1,
                message="no coordinates in the location answer",
                classification=classify(Api.GRAPH, -1),
            ) from exc

    # --- OA token --------------------------------------------------------------------------------
    def oa_refresh(self, refresh_token: str) -> OATokens:
        return self._oa_token({"grant_type": "refresh_token", "refresh_token": refresh_token})

    def oa_exchange_code(self, code: str, code_verifier: str) -> OATokens:
        return self._oa_token({"grant_type": "authorization_code", "code": code, "code_verifier": code_verifier})

    def _oa_token(self, form: dict[str, str]) -> OATokens:
        data = self._call(
            Api.OA,
            "POST",
            f"{settings.ZALO_OAUTH_URL}/oa/access_token",
            data={"app_id": settings.ZALO_APP_ID, **form},
            headers={"secret_key": settings.ZALO_APP_SECRET},
        )
        return OATokens(data["access_token"], data["refresh_token"], int(data.get("expires_in") or 90000))

    def oa_info(self, oa_token: str) -> OAInfo:
        """Which OA a token belongs to (`GET /v2.0/oa/getoa`)."""
        data = self._call(
            Api.OA, "GET", f"{settings.ZALO_OPENAPI_URL}/v2.0/oa/getoa", headers={"access_token": oa_token}
        )
        info = data.get("data") or {}
        return OAInfo(oa_id=str(info.get("oa_id", "")), name=str(info.get("name", "")))

    # --- messages --------------------------------------------------------------------------------
    def send_oa_transaction(self, oa_token: str, *, follower_id: str, payload: dict[str, Any]) -> SentMessage:
        data = self._call(
            Api.OA,
            "POST",
            f"{settings.ZALO_OPENAPI_URL}/v3.0/oa/message/transaction",
            headers={"access_token": oa_token, "Content-Type": "application/json"},
            data=json.dumps({"recipient": {"user_id": follower_id}, "message": payload}),
        )
        return SentMessage(str((data.get("data") or {}).get("message_id", "")))

    def send_oa_consultation(self, oa_token: str, *, follower_id: str, text: str) -> SentMessage:
        """A consultation ("tư vấn") text message: the OA answering the user inside the reply window."""
        data = self._call(
            Api.OA,
            "POST",
            f"{settings.ZALO_OPENAPI_URL}/v3.0/oa/message/cs",
            headers={"access_token": oa_token, "Content-Type": "application/json"},
            data=json.dumps({"recipient": {"user_id": follower_id}, "message": {"text": text}}),
        )
        return SentMessage(str((data.get("data") or {}).get("message_id", "")))

    def send_oa_promotion(self, oa_token: str, *, follower_id: str, payload: dict[str, Any]) -> SentMessage:
        """A broadcast message to one follower (Zalo's "tin truyền thông"; path ZALO_OA_BROADCAST_PATH)."""
        data = self._call(
            Api.OA,
            "POST",
            f"{settings.ZALO_OPENAPI_URL}{settings.ZALO_OA_BROADCAST_PATH}",
            headers={"access_token": oa_token, "Content-Type": "application/json"},
            data=json.dumps({"recipient": {"user_id": follower_id}, "message": payload}),
        )
        return SentMessage(str((data.get("data") or {}).get("message_id", "")))

    def send_zns(
        self, oa_token: str, *, phone: str, template_id: str, template_data: dict[str, Any], tracking_id: str
    ) -> SentMessage:
        body: dict[str, Any] = {
            "phone": phone,
            "template_id": template_id,
            "template_data": template_data,
            "tracking_id": tracking_id,
        }
        if settings.ZALO_ZNS_DEVELOPMENT_MODE:
            body["mode"] = "development"
        data = self._call(
            Api.ZNS,
            "POST",
            f"{settings.ZALO_ZNS_URL}/message/template",
            headers={"access_token": oa_token, "Content-Type": "application/json"},
            data=json.dumps(body),
        )
        return SentMessage(str((data.get("data") or {}).get("msg_id", "")))

    def send_miniapp_notification(
        self, *, user_id: str, template_id: str, template_data: dict[str, Any]
    ) -> SentMessage:
        """UNVERIFIED endpoint and headers (community code only): kept in settings and this one method."""
        data = self._call(
            Api.MINIAPP,
            "POST",
            settings.ZALO_MINIAPP_NOTIFY_URL,
            headers={
                "X-Api-Key": f"Bearer {settings.ZALO_MINIAPP_API_KEY}",
                "X-User-Id": user_id,
                "X-MiniApp-Id": settings.ZALO_MINIAPP_ID,
                "Content-Type": "application/json",
            },
            data=json.dumps({"templateId": template_id, "templateData": template_data}),
        )
        return SentMessage(str((data.get("data") or {}).get("msgId", "")))


def zalo_client() -> ZaloClient:
    return ZaloClient()
