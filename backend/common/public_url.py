"""Absolute addresses for files the Mini App opens.

Inside Zalo the Mini App runs from Zalo's own host, so a relative `/media/…` link points nowhere: every file
address the API hands out is absolute. PUBLIC_BASE_URL (e.g. https://dichvucong.congan.example.vn) is used when
set; otherwise the request's own scheme and host, which behind our proxy are the public ones (the proxy passes
Host, and in production SECURE_PROXY_SSL_HEADER makes the scheme https).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings


def public_base(request: Any | None) -> str:
    """ "https://host" without a trailing slash; "" when neither the setting nor a request is there."""
    if settings.PUBLIC_BASE_URL:
        return settings.PUBLIC_BASE_URL.rstrip("/")
    if request is None:
        return ""
    return f"{request.scheme}://{request.get_host()}"


def absolute_url(url: str, request: Any | None) -> str:
    """`url` made absolute; already absolute (a storage on another host, an outside link) or empty: unchanged."""
    if not url or url.startswith(("http://", "https://")):
        return url
    base = public_base(request)
    if not base:
        return url
    return f"{base}{url if url.startswith('/') else '/' + url}"


def file_url(field: Any, request: Any | None) -> str:
    """The absolute address of a FieldFile, or "" when no file is attached."""
    return absolute_url(field.url, request) if field else ""
