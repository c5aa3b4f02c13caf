from __future__ import annotations

from celery import shared_task

from usage import services


@shared_task(name="usage.aggregate", ignore_result=True)
def aggregate() -> dict[str, int]:
    return services.usage_aggregate_recent()


@shared_task(name="usage.purge_raw", ignore_result=True)
def purge_raw() -> int:
    return services.usage_purge_raw()
