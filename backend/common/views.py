"""The served Mini App build, and JSON error pages for API paths."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from csp.decorators import csp_update
from django.conf import settings
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseNotFound,
    JsonResponse,
)
from django.shortcuts import redirect
from django.template import loader
from django.utils.html import escape
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from common import errors
from common.errors import error_body


def home(request: HttpRequest) -> HttpResponse:
    return redirect("/app/")


_MINIAPP_MISSING = """<!doctype html><html lang="vi"><meta charset="utf-8"><title>Mini App chưa được build</title>
<body style="font-family:sans-serif;max-width:40em;margin:3em auto"><h1>Mini App chưa được build</h1>
<p>Chạy <code>make run</code> (hoặc <code>cd miniapp &amp;&amp; npm ci &amp;&amp; npm run build</code>) rồi tải lại trang.</p>
<p>API: <a href="/api/v1/units/">/api/v1/units/</a> · Tài liệu API: <a href="/api/docs/">/api/docs/</a> ·
Quản trị: <a href="/admin/">/admin/</a></p></body></html>"""


def _app_root(request: HttpRequest, path: str) -> bytes:
    """The address the Mini App is served under ("/app/"), from the request's own path."""
    full = request.path
    root = full[: len(full) - len(path)] if full.endswith(path) else "/app/"
    return escape(root).encode()


@csp_update(settings.CSP_MINIAPP_UPDATE)
@csp_update(settings.CSP_MINIAPP_UPDATE, REPORT_ONLY=True)  # type: ignore[arg-type]
@require_GET
def miniapp(request: HttpRequest, path: str) -> HttpResponse:
    """Serve the production build of the Mini App (miniapp/www) under /app/ for local use.

    In Zalo the build is uploaded with `zmp deploy`; this only lets a newcomer and the browser
    tests click through the real build next to the live API.
    """
    root = Path(settings.MINIAPP_WWW_DIR).resolve()
    index = root / "index.html"
    if not index.is_file():
        return HttpResponse(_MINIAPP_MISSING, status=503)
    target = (root / path).resolve() if path else index
    if root not in target.parents and target != index:
        return HttpResponseNotFound("Không tìm thấy")
    if not target.is_file():
        # Client-side routes fall back to the app shell; missing assets stay 404.
        if Path(path).suffix:
            return HttpResponseNotFound("Không tìm thấy")
        target = index
        if path:
            # A deep link (/app/contacts/12, the QR posters'): the build's relative asset paths ("./assets/…")
            # must resolve from /app/, not from /app/contacts/; the app then opens that page (widgets/DeepLink).
            html = index.read_bytes().replace(b"<head>", b'<head><base href="' + _app_root(request, path) + b'">', 1)
            shell = HttpResponse(html, content_type="text/html; charset=utf-8")
            shell["Cache-Control"] = "no-cache"
            return shell
    content_type, _ = mimetypes.guess_type(str(target))
    served = FileResponse(target.open("rb"), content_type=content_type or "application/octet-stream")
    served["Cache-Control"] = "no-cache" if target == index else "public, max-age=3600"
    return served  # type: ignore[return-value]


@require_GET
def media_from_storage(request: HttpRequest, path: str) -> HttpResponse:
    """A public media file streamed from the default storage (the public bucket with STORAGE_BACKEND=s3), for
    servers whose proxy does not reach the bucket itself. Private media are in another storage: never here."""
    from django.core.files.storage import default_storage

    name = path.lstrip("/")
    if not name or ".." in name.split("/") or not default_storage.exists(name):
        return HttpResponseNotFound("Không tìm thấy")
    content_type, _ = mimetypes.guess_type(name)
    response = FileResponse(default_storage.open(name, "rb"), content_type=content_type or "application/octet-stream")
    response["Cache-Control"] = "public, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response  # type: ignore[return-value]


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code=errors.NOT_FOUND.code, message=errors.NOT_FOUND.message), status=404)
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


@csrf_exempt
def api_not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """The last URL pattern under /api/: an unknown API path is a JSON 404 in every mode. handler404 alone
    is not enough, because with DEBUG on Django answers an unmatched URL with its HTML page listing every
    URL pattern instead. Any method, no CSRF check: there is nothing here to protect."""
    return JsonResponse(error_body(code=errors.NOT_FOUND.code, message=errors.NOT_FOUND.message), status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(code=errors.SERVER_ERROR.code, message=errors.SERVER_ERROR.message), status=500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)  # no context: nothing that may fail
