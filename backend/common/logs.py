"""Log filters for Django's request logger."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class ForbiddenWithoutTraceback(logging.Filter):
    """A refused request (403) is an expected answer, not a fault: keep Django's one line ("Forbidden
    (Permission denied): /admin/...") and drop the traceback it attaches."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            record.exc_info = None
            record.exc_text = None
        return True
