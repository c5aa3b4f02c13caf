"""Celery: broker, delivery guarantees, queues and routes, and every periodic task beat starts."""

from __future__ import annotations

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_db, env_float, env_int, env_str
from config.settings.base import PRODUCTION
from config.settings.cache import REDIS_BROKER_SENTINEL_MASTER, REDIS_BROKER_URL, REDIS_SENTINEL_PASSWORD
from config.settings.inbox import INBOX_DIGEST_HOUR, INBOX_DIGEST_MINUTE
from config.settings.notifications import NOTIFY_SWEEP_SECONDS
from config.settings.ops import ALERT_CHECK_MINUTES

# Embedded mode: an in-memory broker, named with a host so kombu does not warn "No hostname was supplied".
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_BROKER_URL or "memory://localhost/")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_BROKER_URL)
if PRODUCTION and CELERY_TASK_ALWAYS_EAGER:
    raise ImproperlyConfigured("CELERY_TASK_ALWAYS_EAGER không được bật trong production.")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", 10_000)
# Celery's Django fixup closes the database connection after EVERY task unless this is set (a new
# PostgreSQL connection per notification cost more than sending it); it then reconnects every 2×N tasks.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 500)
# Countdowns never exceed half of this (long waits go through the beat sweepers).
CELERY_VISIBILITY_TIMEOUT_SECONDS = env_int("CELERY_VISIBILITY_TIMEOUT_SECONDS", 3600)
# A broker that is down must not hold a web request for long: enqueueing fails fast (the outbox rows stay
# queued and the sweeper enqueues them when Redis is back).
CELERY_BROKER_CONNECT_TIMEOUT_SECONDS = env_float("CELERY_BROKER_CONNECT_TIMEOUT_SECONDS", 1.0)
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    "socket_connect_timeout": CELERY_BROKER_CONNECT_TIMEOUT_SECONDS,
    # A broker that vanished without closing the socket (a host lost, a failover) is noticed by TCP keepalive
    # and a periodic PING instead of a read that waits forever.
    "socket_keepalive": True,
    "health_check_interval": env_int("CELERY_BROKER_HEALTH_CHECK_SECONDS", 10),
}
# A worker never gives up on the broker (Celery's default stops retrying after 100 tries, and a stopped consumer
# looks alive to everything but its healthcheck); a node that answers "read-only" (a demoted primary) counts as a
# lost connection and is dialled again through the Sentinel.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_BROKER_CHANNEL_ERROR_RETRY = True
if CELERY_BROKER_URL.startswith("sentinel://"):
    # kombu asks the Sentinels for the primary of this name, and again after a failover.
    CELERY_BROKER_TRANSPORT_OPTIONS["master_name"] = REDIS_BROKER_SENTINEL_MASTER
    if REDIS_SENTINEL_PASSWORD:
        CELERY_BROKER_TRANSPORT_OPTIONS["sentinel_kwargs"] = {"password": REDIS_SENTINEL_PASSWORD}
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_BROKER_CONNECT_TIMEOUT_SECONDS
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Exactly one beat schedules, however many run (ops/beat.py): a PostgreSQL advisory lock on a session of its own.
# BEAT_LOCK_DATABASE_URL must reach PostgreSQL directly when DATABASE_URL goes through a transaction-mode PgBouncer;
# empty: DATABASE_URL. A waiting beat tries to take the lock every BEAT_STANDBY_SECONDS.
CELERY_BEAT_SCHEDULER = "ops.beat:SingleBeatScheduler"
BEAT_LOCK_DATABASE = env_db("BEAT_LOCK_DATABASE_URL", "") if env_str("BEAT_LOCK_DATABASE_URL", "") else None
BEAT_STANDBY_SECONDS = env_float("BEAT_STANDBY_SECONDS", 5.0)
CELERY_TASK_DEFAULT_QUEUE = "default"
# Every queue some task is routed to; each must be consumed by a worker service in docker-compose.yml.
CELERY_QUEUE_NAMES = ["default", "notify", "notify_retry", "webhooks", "sync"]
CELERY_TASK_ROUTES = {
    "notifications.send": {"queue": "notify"},
    "notifications.fan_out": {"queue": "notify"},
    "notifications.send_batch": {"queue": "notify"},
    "notifications.retry": {"queue": "notify_retry"},
    "zalo.process_webhook": {"queue": "webhooks"},
    "sync.run_source": {"queue": "sync"},
}
# Every periodic task; the sync sources' own schedules are rows edited in the admin (django_celery_beat).
CELERY_BEAT_SCHEDULE = {
    "ops-heartbeat": {"task": "ops.heartbeat", "schedule": 60.0},
    "zalo-refresh-oa-token": {"task": "zalo.refresh_oa_token", "schedule": 15 * 60.0},
    "notifications-sweep": {"task": "notifications.sweep", "schedule": float(NOTIFY_SWEEP_SECONDS)},
    "broadcasts-tick": {"task": "broadcasts.tick", "schedule": 60.0},
    "dossiers-holiday-years": {"task": "dossiers.holiday_years_ensure", "schedule": 86400.0},
    "reports-staged-media-sweep": {"task": "reports.sweep_staged_media", "schedule": 3600.0},
    "privacy-retention": {"task": "privacy.retention_enforce", "schedule": 86400.0},
    "usage-aggregate": {"task": "usage.aggregate", "schedule": 3600.0},
    "usage-purge-raw": {"task": "usage.purge_raw", "schedule": 86400.0},
    "ops-check-alerts": {"task": "ops.check_alerts", "schedule": ALERT_CHECK_MINUTES * 60.0},
    # Once a day (Vietnam time, CELERY_TIMEZONE); the task skips days off and sends each leader one digest a day.
    "inbox-leader-digest": {
        "task": "inbox.leader_digest",
        "schedule": crontab(hour=INBOX_DIGEST_HOUR, minute=INBOX_DIGEST_MINUTE),
    },
}
HEARTBEAT_STALE_SECONDS = env_int("HEARTBEAT_STALE_SECONDS", 300)
