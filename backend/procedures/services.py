from __future__ import annotations

from django.conf import settings

from common import ratelimit
from procedures.models import Procedure, ProcedureFeedback

FEEDBACK_LIMIT = ratelimit.Limit("procedure-feedback", count=settings.FEEDBACK_PER_IP_PER_HOUR, window_seconds=3600)


def procedure_feedback_create(*, procedure: Procedure, useful: bool, reason: str, client_ip: str) -> ProcedureFeedback:
    ratelimit.enforce(FEEDBACK_LIMIT, client_ip)
    return ProcedureFeedback.objects.create(procedure=procedure, useful=useful, reason=reason.strip())
