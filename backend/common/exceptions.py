"""The single exception handler: every API error becomes {"code", "message", "fields"}."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.views import set_rollback

from common import errors
from common.errors import ApplicationError, ErrorCode, error_body

logger = logging.getLogger(__name__)

_DRF_TO_CODE: list[tuple[type[Exception], ErrorCode]] = [
    (drf.ParseError, errors.PARSE_ERROR),
    (drf.NotAuthenticated, errors.NOT_AUTHENTICATED),
    (drf.AuthenticationFailed, errors.AUTHENTICATION_FAILED),
    (drf.PermissionDenied, errors.PERMISSION_DENIED),
    (drf.NotFound, errors.NOT_FOUND),
    (drf.MethodNotAllowed, errors.METHOD_NOT_ALLOWED),
    (drf.NotAcceptable, errors.NOT_ACCEPTABLE),
    (drf.UnsupportedMediaType, errors.UNSUPPORTED_MEDIA_TYPE),
    (drf.Throttled, errors.THROTTLED),
]


def _flatten(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(key): _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        return [_flatten(item) for item in detail]
    return str(detail)


def _fields(detail: Any) -> dict[str, Any]:
    flat = _flatten(detail)
    if isinstance(flat, dict):
        return {key: value if isinstance(value, (list, dict)) else [value] for key, value in flat.items()}
    if isinstance(flat, list):
        return {"non_field_errors": flat}
    return {"non_field_errors": [flat]}


def _response(status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, headers=headers)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        set_rollback()
        return _response(exc.status, error_body(code=exc.code, message=exc.message, fields=exc.fields), exc.headers)
    if isinstance(exc, RequestDataTooBig):
        # Django raises it when a view reads request.body past DATA_UPLOAD_MAX_MEMORY_SIZE (the webhook).
        from common.parsers import too_large

        return api_exception_handler(too_large(), context)
    if isinstance(exc, (TooManyFieldsSent, TooManyFilesSent)):
        return api_exception_handler(ApplicationError(errors.TOO_MANY_FIELDS), context)
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()

    if isinstance(exc, drf.ValidationError):
        set_rollback()
        return _response(
            400, error_body(code=errors.INVALID.code, message=errors.INVALID.message, fields=_fields(exc.detail))
        )

    if isinstance(exc, drf.APIException):
        set_rollback()
        headers: dict[str, str] = {}
        if getattr(exc, "auth_header", None):
            headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
        if getattr(exc, "wait", None) is not None:
            headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
        for exc_type, code in _DRF_TO_CODE:
            if isinstance(exc, exc_type):
                message = code.message
                # A message raised on purpose in Vietnamese by our code wins over the generic one.
                if isinstance(exc.detail, str) and exc.detail and exc.detail != exc.default_detail:
                    message = str(exc.detail)
                return _response(exc.status_code, error_body(code=code.code, message=message), headers)
        return _response(exc.status_code, error_body(code=str(exc.default_code), message=str(exc.detail)), headers)

    logger.exception("Unhandled API error", exc_info=exc)
    set_rollback()
    return _response(500, error_body(code=errors.SERVER_ERROR.code, message=errors.SERVER_ERROR.message))
