"""Anonymous means unlogged: no line of nginx, gunicorn, the app or a worker ties a report submission, a staged
upload or a tracking request to the sender's address, user agent, device id or request id (common/unlogged.py).
"""

from __future__ import annotations

import io
import json
import logging
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from celery.signals import before_task_publish
from django.urls import reverse

from common.unlogged import UNLOGGED_PREFIX, GunicornAccessLogger
from config.celery import app as celery_app
from tests.reports.conftest import TRACK_URL, jpeg_with_gps, submit, upload

ROOT = Path(__file__).resolve().parents[2]
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "templates" / "default.conf.template"

ADDRESS = "203.0.113.77"
USER_AGENT = "Mozilla/5.0 (Linux; Android 14) Zalo/24.10 probe-ua-5521"
DEVICE_ID = "dev-7f3a9c1e5b2d4a68"
REQUEST_ID = "0f2e6a4c8d2b4e5f9a1b2c3d4e5f6a7b"
SENDER = {
    "REMOTE_ADDR": ADDRESS,
    "HTTP_USER_AGENT": USER_AGENT,
    "HTTP_X_DEVICE_ID": DEVICE_ID,
    "HTTP_X_REQUEST_ID": REQUEST_ID,
}
IDENTIFYING = (ADDRESS, USER_AGENT, "probe-ua-5521", DEVICE_ID, REQUEST_ID)


@pytest.fixture
def console_log(settings):  # type: ignore[no-untyped-def]
    """What the app's real console handler (settings.LOGGING, with its filters) writes, as production's JSON."""
    from pythonjsonlogger.json import JsonFormatter

    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    spec = {key: value for key, value in settings.LOGGING["formatters"]["json"].items() if key != "()"}
    stream = io.StringIO()
    previous_stream, previous_formatter = handler.setStream(stream), handler.formatter
    handler.setFormatter(JsonFormatter(**spec))
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]
    finally:
        handler.setStream(previous_stream)
        handler.setFormatter(previous_formatter)


def _leaks(lines: list[dict]) -> list[str]:
    return [json.dumps(line, ensure_ascii=False) for line in lines if any(v in json.dumps(line) for v in IDENTIFYING)]


# --- The app (Django's own lines and ours) -------------------------------------------------------------------


def test_an_anonymous_submission_leaves_no_address_device_or_request_id_in_the_logs(api, areas, console_log):
    assert submit(api, files=[upload(jpeg_with_gps())], **SENDER).status_code == 201
    assert submit(api, description="ngắn", **SENDER).status_code == 400  # Django logs "Bad Request"
    assert api.post("/api/v1/reports/media", {}, format="multipart", **SENDER).status_code == 400
    tracked = api.post(TRACK_URL, {"code": "PA-ABCDEFGH", "secret": "ABCDEFGHJK"}, format="json", **SENDER)
    assert tracked.status_code == 404
    lines = console_log()
    assert any(line["message"].startswith("Bad Request: /api/v1/reports/") for line in lines)
    assert any(line["message"].startswith("Not Found: /api/v1/reports/track") for line in lines)
    assert _leaks(lines) == []
    assert all(line.get("request_id") is None for line in lines)


def test_a_line_that_names_the_address_while_a_report_is_handled_is_scrubbed(api, areas, console_log, monkeypatch):
    def careless(**kwargs):  # type: ignore[no-untyped-def]
        probe = logging.getLogger("reports.probe")
        probe.warning("limit check for %s (%s)", kwargs["client_ip"], kwargs["device_id"], extra={"agent": USER_AGENT})
        try:
            raise ValueError(f"refused {kwargs['client_ip']}")
        except ValueError:
            probe.exception("limit check failed")

    monkeypatch.setattr("reports.submission.report_submit_allowed", careless)
    assert submit(api, **SENDER).status_code == 201
    lines = [line for line in console_log() if line["logger"] == "reports.probe"]
    assert lines[0]["message"] == "limit check for [ẩn] ([ẩn])"
    assert "ValueError: refused [ẩn]" in lines[1]["exc_info"]
    assert _leaks(lines) == []


def test_report_answers_carry_no_request_id_while_other_answers_keep_theirs(api, areas):
    assert "X-Request-ID" not in submit(api, **SENDER).headers
    assert "X-Request-ID" not in api.get("/api/v1/reports/form", HTTP_X_REQUEST_ID=REQUEST_ID).headers
    assert api.get("/api/v1/units/", HTTP_X_REQUEST_ID=REQUEST_ID).headers["X-Request-ID"] == REQUEST_ID


def test_a_report_request_does_not_inherit_the_request_id_its_thread_served_before(api, areas, console_log):
    api.get("/api/v1/units/999999/", HTTP_X_REQUEST_ID=REQUEST_ID)  # logs "Not Found" with its id
    submit(api, description="ngắn", **{**SENDER, "HTTP_X_REQUEST_ID": "1" * 32})
    bad = next(line for line in console_log() if line["message"].startswith("Bad Request: /api/v1/reports/"))
    assert bad["request_id"] is None


# --- Celery ------------------------------------------------------------------------------------------------------


@pytest.fixture
def published(settings):  # type: ignore[no-untyped-def]
    """Headers of every task published (to an in-memory broker, as a real enqueue, not an eager call)."""
    from notifications.models import Kind, NotificationTemplate

    settings.NOTIFY_CHANNEL_ORDER = ["console"]
    settings.NOTIFY_CONSOLE_ENABLED = True
    # An earlier transactional test may have flushed the shipped templates.
    NotificationTemplate.objects.get_or_create(
        kind=Kind.REPORT_RECEIVED, defaults={"title": "Đã tiếp nhận", "body": "Tin {code} đã được tiếp nhận."}
    )
    headers: list[dict] = []

    def record(sender=None, **kwargs):  # type: ignore[no-untyped-def]
        headers.append(dict(kwargs["headers"]))

    before_task_publish.connect(record, weak=False)
    eager, broker = celery_app.conf.task_always_eager, celery_app.conf.broker_url
    celery_app.conf.task_always_eager, celery_app.conf.broker_url = False, "memory://"
    _reset_producers()
    try:
        yield headers
    finally:
        before_task_publish.disconnect(record)
        celery_app.conf.task_always_eager, celery_app.conf.broker_url = eager, broker
        _reset_producers()


def _reset_producers() -> None:
    """Celery caches its connection pool: without this, later tests would keep publishing to memory://."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.mark.django_db(transaction=True)  # commits for real: the message is enqueued while the request runs
def test_a_task_enqueued_by_a_report_submission_carries_no_request_id(citizen_api, areas, published):
    # Named, so a message is enqueued; nginx and gunicorn cannot tell named from anonymous, neither does this.
    assert submit(citizen_api, is_anonymous="false", **SENDER).status_code == 201
    assert published, "the named sender's 'received' message was enqueued"
    for headers in published:
        assert headers.get("X-Request-ID") is None
        assert headers.get("CELERY_PARENT_ID") is None
        assert not any(value in json.dumps(headers, default=str) for value in IDENTIFYING)


@pytest.mark.django_db(transaction=True)
def test_an_anonymous_submission_enqueues_nothing(api, areas, published):
    assert submit(api, **SENDER).status_code == 201
    assert published == []


# --- gunicorn's access log ---------------------------------------------------------------------------------------


def gunicorn_access_line(path: str, query: str = "") -> str:
    """One access line written by our logger class with the configured format, for a fake request."""
    from gunicorn.config import Config

    config = Config()
    config.set("accesslog", "-")
    # The richest format an operator might set: every atom and the request id header.
    config.set(
        "access_log_format",
        '%(h)s %({x-forwarded-for}i)s %(u)s %(t)s "%(r)s" %(s)s "%(f)s" "%(a)s" '
        "%({x-request-id}i)s %({x-device-id}i)s %({x-request-id}o)s %({remote_addr}e)s %(q)s %(U)s",
    )
    logger = GunicornAccessLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers = [logging.StreamHandler(stream)]
    headers = [
        ("X-FORWARDED-FOR", ADDRESS),
        ("USER-AGENT", USER_AGENT),
        ("X-REQUEST-ID", REQUEST_ID),
        ("X-DEVICE-ID", DEVICE_ID),
        ("REFERER", f"https://h5.zdn.vn/app?ip={ADDRESS}"),
    ]
    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": f"{path}?{query}" if query else path,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": ADDRESS,
        "HTTP_USER_AGENT": USER_AGENT,
        "HTTP_REFERER": f"https://h5.zdn.vn/app?ip={ADDRESS}",
    }
    response = SimpleNamespace(status="201 Created", sent=512, headers=[("X-Request-ID", REQUEST_ID)])
    request = SimpleNamespace(headers=headers)
    logger.access(response, request, environ, timedelta(milliseconds=42))
    return stream.getvalue()


@pytest.mark.parametrize("path", ["/api/v1/reports/", "/api/v1/reports/media", "/api/v1/reports/track"])
def test_gunicorn_logs_report_paths_without_address_agent_or_request_id(path):
    line = gunicorn_access_line(path, query=f"device={DEVICE_ID}")
    assert f"POST {path} HTTP/1.1" in line and " 201 " in line  # still useful: what, when, the answer
    assert not any(value in line for value in IDENTIFYING), line


def test_gunicorn_still_logs_other_paths_in_full_but_never_a_query_string():
    line = gunicorn_access_line("/api/v1/admin/dossiers/dossier/", query="q=0912345678&unit=3")
    assert ADDRESS in line and USER_AGENT in line and REQUEST_ID in line
    assert "POST /api/v1/admin/dossiers/dossier/ HTTP/1.1" in line
    # What an officer typed into the admin's search, and the referring page's own query, stay out of the line.
    assert "0912345678" not in line and "unit=3" not in line and "?" not in line, line
    assert "https://h5.zdn.vn/app" in line  # the referring page itself is kept


def test_nginx_main_log_format_has_no_query_string():
    text = nginx_template()
    formats = dict(re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", text))
    main = formats["policezalo"]
    for variable in ("$request ", '$request"', "$request_uri", "$args", "$query_string", "$arg_", "$http_referer"):
        assert variable not in main, variable
    assert "$uri" in main and "$referer_path" in main
    mapping = re.search(r"map\s+\$http_referer\s+\$referer_path\s*\{([^}]*)\}", text)
    assert mapping and "[^?]+" in mapping.group(1)  # the referring page up to its query string


def test_gunicorn_is_configured_with_the_redacting_logger():
    namespace: dict = {}
    exec((ROOT / "backend" / "config" / "gunicorn.py").read_text(), namespace)  # noqa: S102 - our own config
    assert namespace["logger_class"] == "common.unlogged.GunicornAccessLogger"


# --- nginx -------------------------------------------------------------------------------------------------------


def _blocks(text: str, match: str) -> list[str]:
    """The bodies of every `location <match> { … }` of our template (one per server)."""
    found = re.finditer(r"location\s+([^{]+)\{((?:[^{}]|\{[^{}]*\})*)\}", text)
    return [block.group(2) for block in found if block.group(1).strip() == match]


def nginx_template() -> str:
    return "\n".join(line.split("#", 1)[0] for line in NGINX_TEMPLATE.read_text().splitlines())


def test_nginx_logs_the_report_paths_in_a_format_without_address_agent_or_request_id():
    text = nginx_template()
    formats = dict(re.findall(r"log_format\s+(\w+)\s+((?:'[^']*'\s*)+);", text))
    anonymous = formats["unlogged"]
    for variable in (
        "$remote_addr",
        "$binary_remote_addr",
        "$http_",
        "$request_id",
        "$proxy_add_x_forwarded_for",
        "$request ",
        "$request_uri",
        "$args",
        "$query_string",
        "$remote_user",
        "$upstream_http_",
    ):
        assert variable not in anonymous, variable
    locations = _blocks(text, f"^~ {UNLOGGED_PREFIX}")
    assert len(locations) == 2  # HTTPS, and the plain-HTTP redirect
    for location in locations:
        assert re.search(r"access_log\s+\S+\s+unlogged\s*;", location)
        assert re.search(r"error_log\s+/dev/null\s*;", location)  # its lines name "client: <address>"
    proxied = next(location for location in locations if "proxy_pass" in location)
    assert re.search(r'proxy_set_header\s+X-Request-ID\s+""\s*;', proxied)  # no id handed to the app either


def test_the_unlogged_location_covers_every_report_endpoint_and_not_the_named_list():
    for name in ("reports-submit", "reports-media", "reports-track", "reports-form", "reports-areas"):
        assert reverse(name).startswith(UNLOGGED_PREFIX)
    assert not reverse("me-reports").startswith(UNLOGGED_PREFIX)


# --- Redis counters ----------------------------------------------------------------------------------------------


def test_rate_limit_counters_name_the_address_only_by_a_hash_keyed_with_the_apps_secret(settings):
    import hashlib
    import secrets

    from common.ratelimit import _key
    from reports.submission import submit_limits

    limit = submit_limits()[0]
    key = _key(limit, ADDRESS)
    assert ADDRESS not in key and hashlib.sha256(ADDRESS.encode()).hexdigest()[:32] not in key
    settings.PII_HASH_KEY = secrets.token_urlsafe(48)  # another deployment's key, made at run time
    assert _key(limit, ADDRESS) != key  # the address alone does not give the key


# --- What the citizen reads --------------------------------------------------------------------------------------


def test_the_anonymous_text_says_what_is_kept_as_the_code_keeps_it(api, areas, settings):
    from reports.submission import submit_limits

    settings.REPORT_STAGED_MEDIA_HOURS = 6
    text = api.get("/api/v1/reports/form").json()["anonymity"]["anonymous"]
    ip_limit, _, device_limit = submit_limits()
    assert (ip_limit.window_seconds, device_limit.window_seconds) == (3600, 86400)
    assert "1 giờ (IP)" in text and "1 ngày (mã máy)" in text and "trong vòng 7 giờ" in text
    assert "Ảnh và video được xóa thông tin đi kèm (vị trí GPS" in text  # test_video_metadata.py keeps it true
    assert "không ghi địa chỉ IP, thiết bị hay mã yêu cầu" in text  # the tests above keep it true
    assert "«Lấy vị trí», Zalo biết tài khoản của bạn" in text  # the location token is exchanged with Zalo


@pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_rendered_template(tmp_path):
    """`nginx -t` on the template as the official image renders it (certificates and upstream made local)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(1).not_valid_before(now).not_valid_after(now + timedelta(days=1)).sign(key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "privkey.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    values = {
        "PROXY_RATE_LIMIT": "10",
        "PROXY_RATE_BURST": "20",
        "SERVER_NAME": "localhost",
        "UPLOAD_MAX_MB": "60",
        "TLS_CERT_FILE": "/etc/nginx/certs/fullchain.pem",
        "TLS_KEY_FILE": "/etc/nginx/certs/privkey.pem",
    }
    text = re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], NGINX_TEMPLATE.read_text())
    text = text.replace("/etc/nginx/certs/", f"{tmp_path}/").replace("server web:8000", "server 127.0.0.1:8000")
    text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    version = subprocess.run(["nginx", "-v"], capture_output=True, text=True).stderr
    if tuple(int(part) for part in re.findall(r"(\d+)\.(\d+)", version)[0]) < (1, 25):
        text = text.replace("http2 on;", "")  # the image's nginx has it; Debian 12's 1.22 does not
    (tmp_path / "default.conf").write_text(text)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n access_log {tmp_path}/access.log;\n include {tmp_path}/default.conf;\n}}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
