"""Each pytest-xdist worker gets its own Redis database and var/ folder. Loaded before the settings (pytest.ini:
`-p tests.worker_services`).

pytest-django already gives each worker its own test database (test_<name>_gw0, test_<name>_gw1, …). Redis is
shared: `cache.clear()` (tests/conftest.py) empties the whole database, and a real Celery worker started by one test
(`celery_worker_process`) would take the tasks another worker's test enqueued. So worker gwN uses database base + N of
REDIS_URL (redis://host:6379/10 → /10, /11, …); the serial run (no xdist) keeps REDIS_URL as it is. Subprocesses a
test starts (the Celery worker, manage.py) inherit the rewritten variable. Files the settings put under VAR_DIR (media,
private media, backups, the sync drop folder) go to VAR_DIR/xdist-gwN, so no worker scans or deletes another's files.

The settings read REDIS_URL when pytest-django loads them, before any conftest.py is imported: hence a plugin.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

REDIS_DATABASES = 16  # redis-server's default `databases`


def worker_redis_url(url: str, worker: str) -> str:
    """`url` with database number base + N for xdist worker `gwN`."""
    match = re.fullmatch(r"(rediss?://[^/?#]*)(?:/(\d*))?(.*)", url)
    if match is None:
        return url
    index = int(worker.removeprefix("gw"))
    database = int(match.group(2) or 0) + index
    if database >= REDIS_DATABASES:
        raise RuntimeError(
            f"xdist worker {worker} would use Redis database {database} of {url}: lower the base database number "
            f"in REDIS_URL or run fewer workers (-n)"
        )
    return f"{match.group(1)}/{database}{match.group(3)}"


def _use_worker_redis() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("REDIS_URL")
    if not worker or not url:
        return
    own = worker_redis_url(url, worker)
    if os.environ.get("CELERY_BROKER_URL") == url:
        os.environ["CELERY_BROKER_URL"] = own
    os.environ["REDIS_URL"] = own


def _use_worker_var_dir() -> None:
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    base = os.environ.get("VAR_DIR") or str(Path(__file__).resolve().parents[1] / "var")
    os.environ["VAR_DIR"] = str(Path(base) / f"xdist-{worker}")


_use_worker_redis()
_use_worker_var_dir()
