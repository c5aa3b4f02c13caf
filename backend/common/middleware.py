from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import TooManyFieldsSent
from django.http import HttpRequest, HttpResponse, JsonResponse

from common.errors import BAD_CHARACTERS, TOO_MANY_FIELDS, error_body


class RejectBadInputMiddleware:
    """Refuse NUL characters in the path or query string of API calls with a clear 400.

    A NUL in a query parameter otherwise reaches PostgreSQL and becomes a 500. A query string with more
    than DATA_UPLOAD_MAX_NUMBER_FIELDS parameters is a 400 in the error shape too (Django's own answer to
    it is an HTML page).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            try:
                has_nul = self._has_nul(request)
            except TooManyFieldsSent:
                return JsonResponse(error_body(code=TOO_MANY_FIELDS.code, message=TOO_MANY_FIELDS.message), status=400)
            if has_nul:
                return JsonResponse(error_body(code=BAD_CHARACTERS.code, message=BAD_CHARACTERS.message), status=400)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in request.GET.lists())
