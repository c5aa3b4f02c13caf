"""Retention periods per table, enforced daily by beat (privacy.retention_enforce).

Each rule deletes (or blanks the personal column of) the rows past their period and nothing younger; periods are
settings (RETENTION_*, ACCESS_LOG_RETENTION_DAYS; 0 turns a rule off, except the access logs, which the law
requires kept: the settings refuse a period below ACCESS_LOG_MIN_RETENTION_DAYS). docs/du-lieu-ca-nhan.md lists
them with their reasons.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from axes.models import AccessFailureLog as SignInFailureLog
from axes.models import AccessLog as SignInLog
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from citizens.models import Citizen, Consent, RefreshToken
from dossiers.models import DossierAccessLog
from notifications.models import TERMINAL_STATES, Notification
from reports.models import Report, ReportAccessLog
from sync.models import QuarantinedRecord

logger = logging.getLogger(__name__)

# UNVERIFIED: how long the law requires the log of officers' access to personal data kept (docs/du-lieu-ca-nhan.md).
# The same value is checked in config/settings/personal_data.py, which refuses to start below it.
ACCESS_LOG_MIN_RETENTION_DAYS = 730

# Deleting many accounts at once is work for several days, not one long transaction.
INACTIVE_ACCOUNTS_PER_RUN = 500


def _before(now: datetime, days: int) -> datetime:
    return now - timedelta(days=days)


def retention_enforce(*, now: datetime | None = None) -> dict[str, int]:
    """Apply every rule once; returns how many rows each rule deleted or blanked."""
    from privacy.services import citizen_account_delete  # deletes through the same path as the citizen's request

    now = now or timezone.now()
    done: dict[str, int] = {}

    days = settings.RETENTION_CITIZEN_INACTIVE_DAYS
    if days > 0:
        cutoff = _before(now, days)
        idle = Citizen.objects.filter(
            Q(last_seen_at__lt=cutoff) | Q(last_seen_at__isnull=True, created_at__lt=cutoff)
        ).order_by("pk")[:INACTIVE_ACCOUNTS_PER_RUN]
        count = 0
        for citizen in idle:
            citizen_account_delete(citizen=citizen)
            count += 1
        done["citizens_inactive"] = count

    days = settings.RETENTION_NOTIFICATION_DAYS
    if days > 0:
        done["notifications"] = (
            Notification.objects.filter(state__in=TERMINAL_STATES, created_at__lt=_before(now, days))
            .delete()[1]
            .get(Notification._meta.label, 0)
        )

    days = settings.RETENTION_REFRESH_TOKEN_DAYS
    if days > 0:
        cutoff = _before(now, days)
        done["refresh_tokens"] = RefreshToken.objects.filter(
            Q(expires_at__lt=cutoff) | Q(revoked_at__lt=cutoff)
        ).delete()[0]

    days = settings.RETENTION_WITHDRAWN_CONSENT_DAYS
    if days > 0:
        done["consents_withdrawn"] = Consent.objects.filter(withdrawn_at__lt=_before(now, days)).delete()[0]

    days = settings.RETENTION_REPORT_IP_DAYS
    if days > 0:
        done["report_ips"] = Report.objects.filter(
            submitted_ip__isnull=False, received_at__lt=_before(now, days)
        ).update(submitted_ip=None)

    days = settings.RETENTION_SYNC_QUARANTINE_DAYS
    if days > 0:
        done["sync_quarantine"] = QuarantinedRecord.objects.filter(created_at__lt=_before(now, days)).delete()[0]

    # Never earlier than the law requires (the settings refuse a shorter period).
    cutoff = _before(now, max(settings.ACCESS_LOG_RETENTION_DAYS, ACCESS_LOG_MIN_RETENTION_DAYS))
    done["dossier_access_logs"] = DossierAccessLog.objects.filter(at__lt=cutoff).delete()[0]
    done["report_access_logs"] = ReportAccessLog.objects.filter(at__lt=cutoff).delete()[0]
    done["sign_in_logs"] = SignInLog.objects.filter(attempt_time__lt=cutoff).delete()[0]
    done["sign_in_failure_logs"] = SignInFailureLog.objects.filter(attempt_time__lt=cutoff).delete()[0]

    logger.info("retention: %s", ", ".join(f"{k}={v}" for k, v in done.items()))
    return done
