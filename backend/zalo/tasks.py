from __future__ import annotations

import logging

from celery import shared_task

from zalo import oa_token, webhook

logger = logging.getLogger(__name__)


@shared_task(name="zalo.refresh_oa_token", ignore_result=True)
def refresh_oa_token() -> None:
    oa_token.oa_tokens_refresh_all()


@shared_task(name="zalo.process_webhook", ignore_result=True, acks_late=True, bind=True, max_retries=30)
def process_webhook(self, event_id: int) -> None:
    try:
        webhook.webhook_event_process(event_id=event_id)
    except webhook.HandlerRetry as exc:
        # Briefly: a handler is waiting for a row another transaction has not committed yet.
        if self.request.is_eager or self.request.retries >= self.max_retries:
            logger.warning("webhook event %s: giving up waiting (%s)", event_id, exc)
            webhook.webhook_event_give_up(event_id=event_id, reason=str(exc))
            return
        raise self.retry(countdown=10, exc=exc) from exc
