from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from ops import views


class HealthCheckMiddleware:
    """Answer /healthz and /readyz whatever the Host header says.

    Probes address the process directly (the image's HEALTHCHECK calls http://127.0.0.1:8000/healthz; an
    orchestrator calls the pod's address), and ALLOWED_HOSTS, which lists only the public name, would make
    CommonMiddleware refuse them with a 400. Nothing in these answers depends on the host.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz":
            return views.healthz(request)
        if request.path == "/readyz":
            return views.readyz(request)
        return self.get_response(request)
