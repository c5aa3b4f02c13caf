"""Media and private media on an S3-compatible object store (STORAGE_BACKEND=s3), for several servers sharing the
files; local folders (MEDIA_ROOT, PRIVATE_MEDIA_ROOT) stay the single-server default.

Two buckets: S3_BUCKET for public media (procedure forms, article covers: the addresses the Mini App opens) and
S3_PRIVATE_BUCKET for report attachments. A private file has no address at all — no public URL, no signed URL: it is
read by the app, and officers open it only through the authorised attachment view (unit scope, access log), exactly
as from the local folder. Settings: config/settings/files.py; the operator guide, "Nhiều máy chủ".
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.utils.deconstruct import deconstructible
from storages.backends.s3 import S3Storage


def _options(bucket: str) -> dict[str, Any]:
    return {
        "bucket_name": bucket,
        "endpoint_url": settings.S3_ENDPOINT_URL or None,
        "region_name": settings.S3_REGION or None,
        "access_key": settings.S3_ACCESS_KEY_ID or None,
        "secret_key": settings.S3_SECRET_ACCESS_KEY or None,
        "addressing_style": settings.S3_ADDRESSING_STYLE,
        "file_overwrite": False,  # a second upload of the same name gets a new name, as on disk
        "default_acl": None,  # the bucket's policy decides; nothing here makes an object public
    }


@deconstructible
class PublicMediaStorage(S3Storage):
    """Public media (STORAGES["default"] with STORAGE_BACKEND=s3). Addresses: S3_PUBLIC_MEDIA_URL + name when the
    bucket is published (directly or by the proxy), else MEDIA_URL + name, which the web service streams from the
    bucket (SERVE_MEDIA=true)."""

    def __init__(self, **overrides: Any):
        super().__init__(**{**_options(settings.S3_BUCKET), "querystring_auth": False, **overrides})

    def url(self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        base = settings.S3_PUBLIC_MEDIA_URL or settings.MEDIA_URL
        return f"{base.rstrip('/')}/{quote((name or '').lstrip('/'))}"


@deconstructible
class PrivateMediaStorage(S3Storage):
    """Report attachments in S3_PRIVATE_BUCKET: no URL of any kind exists (reports.models.PrivateStorage says why)."""

    def __init__(self, **overrides: Any):
        super().__init__(**{**_options(settings.S3_PRIVATE_BUCKET), "querystring_auth": True, **overrides})

    def url(self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        raise NotImplementedError("Private files have no URL; use the officers' attachment view.")
