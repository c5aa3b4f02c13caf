"""Static files, media, private files and the Mini App build."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_secret, env_str
from config.settings.base import BASE_DIR, PRODUCTION, VAR_DIR

# --- Static, media, the Mini App build ------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
# The public address of this site (scheme and host, no path), used for every file address the Mini App opens
# (forms, article covers): inside Zalo a relative /media/… link cannot open. Empty: taken from each request.
PUBLIC_BASE_URL = env_str("PUBLIC_BASE_URL", "")
# Serve MEDIA_ROOT from Django (the embedded mode: no proxy in front). Production's nginx serves /media/ itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private_media")))
MINIAPP_WWW_DIR = Path(env_str("MINIAPP_WWW_DIR", str(BASE_DIR / "miniapp" / "www")))
# Where media and private media live: "local" (the folders above, one server) or "s3" (an S3-compatible object
# store every server reaches: common/storage.py). Private media never get an address in either.
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND not in {"local", "s3"}:
    raise ImproperlyConfigured("STORAGE_BACKEND phải là 'local' hoặc 's3'.")
S3_ENDPOINT_URL = env_str("S3_ENDPOINT_URL", "")  # e.g. https://minio.noibo:9000; empty: Amazon S3 itself
S3_REGION = env_str("S3_REGION", "us-east-1")
S3_BUCKET = env_str("S3_BUCKET", "")
S3_PRIVATE_BUCKET = env_str("S3_PRIVATE_BUCKET", "")
S3_ACCESS_KEY_ID = env_str("S3_ACCESS_KEY_ID", "")
S3_SECRET_ACCESS_KEY = env_secret("S3_SECRET_ACCESS_KEY", "")
# "path" (http://host/bucket/name: what self-hosted stores such as MinIO expect) or "virtual" (http://bucket.host/).
S3_ADDRESSING_STYLE = env_str("S3_ADDRESSING_STYLE", "path")
# The public address of S3_BUCKET's objects, if the bucket (or a proxy in front of it) is published; empty: public
# media keep MEDIA_URL addresses and the web service streams them from the bucket (set SERVE_MEDIA=true).
S3_PUBLIC_MEDIA_URL = env_str("S3_PUBLIC_MEDIA_URL", "")
if STORAGE_BACKEND == "s3":
    _missing = [name for name in ("S3_BUCKET", "S3_PRIVATE_BUCKET") if not globals()[name]]
    if _missing:
        raise ImproperlyConfigured(f"STORAGE_BACKEND=s3 cần {' và '.join(_missing)}.")
    if S3_BUCKET == S3_PRIVATE_BUCKET:
        raise ImproperlyConfigured(
            "S3_PRIVATE_BUCKET phải khác S3_BUCKET (tệp riêng tư không nằm chung với tệp công khai)."
        )
STORAGES = {
    "default": {
        "BACKEND": "common.storage.PublicMediaStorage"
        if STORAGE_BACKEND == "s3"
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATICFILES_MANIFEST", PRODUCTION)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns on every request without it
