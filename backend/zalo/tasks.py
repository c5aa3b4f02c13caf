from __future__ import annotations

from celery import shared_task

from zalo import oa_token, webhook


@shared_task(name="zalo.refresh_oa_token", ignore_result=True)
def refresh_oa_token() -> None:
    oa_token.oa_token_refresh_if_expiring()


@shared_task(name="zalo.process_webhook", ignore_result=True, acks_late=True)
def process_webhook(event_id: int) -> None:
    webhook.webhook_event_process(event_id=event_id)
