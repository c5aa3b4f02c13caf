from __future__ import annotations

from celery import shared_task

from inbox.digest import digest_send_all


@shared_task(name="inbox.leader_digest")
def leader_digest() -> dict[str, int]:
    """Beat, once a day: each unit leader's digest (idempotent per leader per day)."""
    return digest_send_all()
