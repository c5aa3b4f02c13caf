"""The real client IP, proxy-aware and not spoofable.

Our reverse proxy overwrites X-Forwarded-For with the address it saw. With TRUSTED_PROXY_COUNT = N we
read the N-th address from the right, so whatever a client puts in the header itself is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    hops = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]
