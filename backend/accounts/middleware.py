"""No admin page before the second factor (settings.ADMIN_OTP_REQUIRED, backend/accounts/second_factor.py)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from accounts.second_factor import ENROLLED_SESSION_KEY, officer_has_second_factor


class AdminSecondFactorMiddleware:
    """Every URL under the admin's prefix, the pages that packages add included, sends a signed-in officer who
    owes a second factor to the verification page first. Exempt: sign-in, sign-out and the second-factor
    pages themselves. Runs after django_otp's OTPMiddleware, which says whether this session has verified."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._prefix = ""
        self._exempt: set[str] = set()

    def _load(self) -> None:
        self._prefix = reverse("admin:index")
        self._exempt = {
            reverse("admin:login"),
            reverse("admin:logout"),
            reverse("second-factor-verify"),
            reverse("second-factor-enrol"),
        }

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._prefix:
            self._load()
        path = request.path
        if path.startswith(self._prefix) and path not in self._exempt and self._owes_second_factor(request):
            query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
            return HttpResponseRedirect(reverse("second-factor-verify") + (f"?{query}" if query else ""))
        return self.get_response(request)

    @staticmethod
    def _owes_second_factor(request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():  # type: ignore[attr-defined]
            return False
        if settings.ADMIN_OTP_REQUIRED:
            return True
        # Optional (the demo): owed only by an officer who has enrolled; remembered per session.
        enrolled = request.session.get(ENROLLED_SESSION_KEY)
        if enrolled is None:
            enrolled = request.session[ENROLLED_SESSION_KEY] = officer_has_second_factor(officer=user)
        return bool(enrolled)
