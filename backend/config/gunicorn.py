"""gunicorn settings for the web service (docker compose and `make bench`)."""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads per worker process (gthread): a request waiting on Zalo or on a source's lookup on demand holds one
# thread, not a whole process, so a slow outside service cannot starve every endpoint. Each thread keeps its own
# database connection: a web replica opens at most WEB_CONCURRENCY × GUNICORN_THREADS of them.
# GUNICORN_WORKER_CLASS=sync (with GUNICORN_THREADS=1) restores one request per process.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = "-"
# Report submissions, staged uploads and tracking are logged without address, user agent, headers or query
# string, whatever access_log_format says (common/unlogged.py; anonymous means unlogged).
logger_class = "common.unlogged.GunicornAccessLogger"
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))  # recycle workers against slow leaks
max_requests_jitter = max_requests // 10


def on_starting(server):
    # Metric files of a previous run would be counted again.
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for name in os.listdir(directory):
            os.remove(os.path.join(directory, name))


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)


def post_worker_init(worker):
    # Notification rows committed by this worker's requests are published together (notifications/outbox.py).
    from notifications.outbox import publish_window_start

    publish_window_start()


def worker_exit(server, worker):
    # What the window still holds goes now; a worker killed outright leaves it to the sweeper.
    from notifications.outbox import publish_window_stop

    publish_window_stop()
