"""Content-Security-Policy on every response: the site's policy on HTML pages, nothing at all elsewhere.

The policy itself is in config/settings/security.py (CONTENT_SECURITY_POLICY, or
CONTENT_SECURITY_POLICY_REPORT_ONLY when CSP_REPORT_ONLY is on). A JSON answer, a file or a script never needs to
load anything: it gets `default-src 'none'; frame-ancestors 'none'`, so an API answer opened in a browser tab runs
nothing and cannot be framed, whatever its content.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase

NOTHING: dict[str, list[str]] = {"default-src": ["'none'"], "frame-ancestors": ["'none'"]}


def _is_html(response: HttpResponseBase) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip().lower() in {"text/html", "application/xhtml+xml"}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        configured = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY if report_only else settings.CONTENT_SECURITY_POLICY
        if configured and not _is_html(response):
            return PolicyParts(config=NOTHING)
        return parts
