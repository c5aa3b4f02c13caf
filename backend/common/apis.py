from __future__ import annotations


class NoStoreMixin:
    """Personal data, errors included: never kept by the Zalo webview, a proxy or a CDN."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        return response
