"""Zalo: fake or live, its addresses, our app's and OA's keys (docs/zalo.md)."""

from __future__ import annotations

import json

from django.core.exceptions import ImproperlyConfigured

from config import known_secrets
from config.env import env_bool, env_float, env_int, env_secret, env_str
from config.settings.base import PRODUCTION

ZALO_MODE = env_str("ZALO_MODE", None if PRODUCTION else "fake")
if ZALO_MODE not in {"fake", "live", None}:
    raise ImproperlyConfigured("ZALO_MODE phải là 'fake' hoặc 'live'.")
if PRODUCTION and ZALO_MODE != "live":
    raise ImproperlyConfigured("ZALO_MODE=fake (Zalo giả lập) bị từ chối trong production; đặt ZALO_MODE=live.")
# Fake mode talks to our fake Zalo in-process; ZALO_FAKE_URL points it at a fake served over HTTP instead.
ZALO_FAKE_URL = env_str("ZALO_FAKE_URL", "")
_zalo_base = ZALO_FAKE_URL or "http://fake-zalo"
_fake = ZALO_MODE == "fake"
# Zalo's addresses (docs/zalo.md, "API Zalo mà hệ thống gọi"), partly UNVERIFIED: settings, so they change
# without a code change.
ZALO_GRAPH_URL = env_str("ZALO_GRAPH_URL", f"{_zalo_base}/graph" if _fake else "https://graph.zalo.me/v2.0")
ZALO_OAUTH_URL = env_str("ZALO_OAUTH_URL", f"{_zalo_base}/oauth" if _fake else "https://oauth.zaloapp.com/v4")
ZALO_OPENAPI_URL = env_str("ZALO_OPENAPI_URL", f"{_zalo_base}/openapi" if _fake else "https://openapi.zalo.me")
ZALO_ZNS_URL = env_str("ZALO_ZNS_URL", f"{_zalo_base}/zns" if _fake else "https://business.openapi.zalo.me")
ZALO_CONNECT_TIMEOUT = env_float("ZALO_CONNECT_TIMEOUT", 5.0)
ZALO_READ_TIMEOUT = env_float("ZALO_READ_TIMEOUT", 15.0)
ZALO_APP_ID = env_str("ZALO_APP_ID", None if PRODUCTION else "fake-app-id")
ZALO_APP_SECRET = env_secret("ZALO_APP_SECRET", None if PRODUCTION else known_secrets.FAKE_ZALO_APP_SECRET)
ZALO_ZNS_DEVELOPMENT_MODE = env_bool("ZALO_ZNS_DEVELOPMENT_MODE", False)
ZALO_OA_PERMISSION_URL = env_str(
    "ZALO_OA_PERMISSION_URL",
    f"{_zalo_base}/oauth/oa/permission" if _fake else "https://oauth.zaloapp.com/v4/oa/permission",
)
ZALO_OA_SECRET_KEY = env_secret("ZALO_OA_SECRET_KEY", None if PRODUCTION else known_secrets.FAKE_ZALO_OA_SECRET_KEY)
# UNVERIFIED whether Zalo signs the events of every OA linked to the app with the app's one OA Secret Key (our
# reading, docs/zalo.md) or each OA's with a key of its own. If the second: a JSON object {"<OA id>": "<key>"} here;
# an OA listed is checked only against its own key, every other OA against ZALO_OA_SECRET_KEY.
_oa_secret_keys = env_secret("ZALO_OA_SECRET_KEYS", "")
try:
    ZALO_OA_SECRET_KEYS: dict[str, str] = json.loads(_oa_secret_keys) if _oa_secret_keys.strip() else {}
except ValueError:
    ZALO_OA_SECRET_KEYS = {"": ""}  # refused just below, with the reason
if not isinstance(ZALO_OA_SECRET_KEYS, dict) or not all(
    isinstance(k, str) and k and isinstance(v, str) and v for k, v in ZALO_OA_SECRET_KEYS.items()
):
    raise ImproperlyConfigured(
        'ZALO_OA_SECRET_KEYS phải là đối tượng JSON {"<mã OA>": "<khóa bí mật OA>"}, mã và khóa đều không trống.'
    )
ZALO_WEBHOOK_MAX_AGE_SECONDS = env_int("ZALO_WEBHOOK_MAX_AGE_SECONDS", 600)
ZALO_OA_REFRESH_BEFORE_SECONDS = env_int("ZALO_OA_REFRESH_BEFORE_SECONDS", 5 * 3600)
# Broadcasts (docs/zalo.md, "Tin truyền thông"): sent one follower at a time as Zalo's promotion message.
# UNVERIFIED: the path, the per-OA rate, the OA's monthly quota and the per-follower limits; all are settings.
ZALO_OA_BROADCAST_PATH = env_str("ZALO_OA_BROADCAST_PATH", "/v3.0/oa/message/promotion")
BROADCAST_RATE_PER_SECOND = env_float("BROADCAST_RATE_PER_SECOND", 10.0)
BROADCAST_OA_MONTHLY_QUOTA = env_int("BROADCAST_OA_MONTHLY_QUOTA", 100000)
BROADCAST_PER_FOLLOWER_MONTHLY = env_int("BROADCAST_PER_FOLLOWER_MONTHLY", 4)
BROADCAST_PER_FOLLOWER_DAILY = env_int("BROADCAST_PER_FOLLOWER_DAILY", 1)
BROADCAST_BATCH_SIZE = env_int("BROADCAST_BATCH_SIZE", 200)
# UNVERIFIED (community code only): the Mini App notification endpoint and its API key.
ZALO_MINIAPP_NOTIFY_URL = env_str(
    "ZALO_MINIAPP_NOTIFY_URL",
    f"{_zalo_base}/miniapp/notification/template" if _fake else "https://openapi.mini.zalo.me/notification/template",
)
ZALO_MINIAPP_API_KEY = env_secret("ZALO_MINIAPP_API_KEY", known_secrets.FAKE_ZALO_MINIAPP_API_KEY if _fake else "")
ZALO_MINIAPP_ID = env_str("ZALO_MINIAPP_ID", ZALO_APP_ID or "")
if PRODUCTION:
    for _name in ("ZALO_APP_ID", "ZALO_APP_SECRET", "ZALO_OA_SECRET_KEY"):
        if not globals()[_name]:
            raise ImproperlyConfigured(
                f"Thiếu biến môi trường bắt buộc {_name} (missing required environment variable {_name})."
            )
