#!/usr/bin/env python3
"""`make test-deploy DRILL_ARGS="--only swarm"`: docker-stack.yml on a single-node Docker Swarm, drilled.

The officer's commands of the guide's section 9 (deploy/swarm.sh init, deploy) in a copy of this checkout, then:

  rolling update   web (2 replicas behind nginx), the workers and beat updated to a new image while a load generator
                   sends a steady 50 requests/s through nginx over HTTPS: every non-2xx answer and every connection
                   error is counted (must be 0)
  worker killed    1,000 notifications (ZNS to the fake Zalo); one worker-notify container killed (SIGKILL) while
                   they are being sent: every one reaches the fake Zalo, and each citizen message once (distinct
                   tracking ids = rows, distinct message ids = rows), every row ends `sent`
  one beat         two beat replicas run: exactly one sends periodic tasks; the holder killed, the other takes over

Then a table of results. Only what cannot be had here is replaced, as in deploy/drill.py: the public images by
local stand-ins, Zalo by the fake (a `fake-zalo` service in a stack file of the drill's own), the domain by
localhost, the ports by free ones. The load is sent to 127.0.0.1 only.

It starts the Swarm (`docker swarm init`) when the engine has none, and at the end removes its stack, volumes,
secrets and configs, and leaves the Swarm it started (`docker swarm leave --force`); `--keep` leaves everything
running for a look (then clean up with `docker stack rm pzswarm` and `docker swarm leave --force`).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import statistics
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import requests
from drill import (
    GUIDE_PATH,
    ROOT,
    DrillError,
    copy_checkout,
    docker_ready,
    dotenv,
    free_port,
    generator,
    say,
    wait_until,
    write_env,
)

STACK = os.environ.get("SWARM_DRILL_STACK", "pzswarm")
IMAGE = f"policezalo-{STACK}"
SERVER_NAME = "localhost"
LOAD_RATE = 50  # requests per second, steady
NOTIFICATIONS = 1000

FAKE_STACK = """\
# Written by deploy/swarm_drill.py: the fake Zalo the drill's stack talks to (no traffic leaves the machine).
version: "3.8"
services:
  fake-zalo:
    # The first release, whatever APP_VERSION says: the fake keeps what it received in memory.
    image: ${APP_IMAGE}:swarm-1
    env_file: .env
    environment:
      # The rolling update changes APP_VERSION in .env: pinned here, the fake's spec stays the same and Swarm
      # leaves it running (otherwise it is replaced, and is unreachable for a while, losing what it received).
      APP_VERSION: swarm-1
      DJANGO_ENV: production
      DATABASE_URL: postgres://unused@127.0.0.1:1/unused
      REDIS_URL: redis://127.0.0.1:1/0
      SECRET_KEY_FILE: /run/secrets/pz_secret_key
      CITIZEN_TOKEN_SECRET_FILE: /run/secrets/pz_citizen_token_secret
      PII_HASH_KEY_FILE: /run/secrets/pz_pii_hash_key
      FIELD_ENCRYPTION_KEY_FILE: /run/secrets/pz_field_encryption_key
      ZALO_APP_SECRET_FILE: /run/secrets/pz_zalo_app_secret
      ZALO_OA_SECRET_KEY_FILE: /run/secrets/pz_zalo_oa_secret_key
      METRICS_TOKEN_FILE: /run/secrets/pz_metrics_token
    secrets: [pz_secret_key, pz_citizen_token_secret, pz_pii_hash_key, pz_field_encryption_key, pz_zalo_app_secret,
              pz_zalo_oa_secret_key, pz_metrics_token]
    command: ["python", "manage.py", "fake_zalo", "--host", "0.0.0.0", "--port", "8765"]
    networks: [backend]
    healthcheck:
      disable: true
    deploy:
      replicas: 1
      # Its name resolves to the container itself: through a virtual IP it was unreachable on this engine
      # ("No route to host") while the container answered on its own address.
      endpoint_mode: dnsrr
      # The fake keeps what it received in memory: it is never replaced during the drill.
      update_config:
        order: stop-first
"""


def run(cmd: list[str], *, cwd: Path | None = None, env: dict[str, str] | None = None, **kw: Any) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, **kw)
    if result.returncode != 0:
        raise DrillError(
            f"`{' '.join(cmd)}` exited {result.returncode}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return result.stdout


def containers(service: str) -> list[str]:
    """Running containers of one service of the drill's stack (a single node: all of them are here)."""
    return run(["docker", "ps", "-q", "--filter", f"label=com.docker.swarm.service.name={STACK}_{service}"]).split()


def shell(code: str) -> str:
    """Python in a running web container (manage.py shell)."""
    web = containers("web")
    if not web:
        raise DrillError("no running web container")
    return run(["docker", "exec", "-i", web[0], "python", "manage.py", "shell"], input=code, timeout=600)


class Swarm:
    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.env = {**os.environ, "STACK": STACK, "STACK_FILES": "drill-stack.yml"}
        self.started_swarm = False

    def swarm_sh(self, *args: str, timeout: int = 1800) -> str:
        say("$ deploy/swarm.sh " + " ".join(args))
        result = subprocess.run(
            ["bash", "deploy/swarm.sh", *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise DrillError(
                f"deploy/swarm.sh {' '.join(args)} exited {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
            )
        return result.stdout + result.stderr

    def logs(self, service: str, tail: int = 40) -> str:
        result = subprocess.run(
            ["docker", "service", "logs", "--no-trunc", "--tail", str(tail), f"{STACK}_{service}"],
            capture_output=True,
            text=True,
        )
        return result.stdout + result.stderr


# --- Load --------------------------------------------------------------------------------------------------------
class Load:
    """A steady LOAD_RATE requests/s through nginx (a request is started every 1/LOAD_RATE s, whatever the previous
    ones are doing), bounded in time; every answer's status and every connection error counted."""

    PATHS = ("/readyz", "/api/v1/units/", "/healthz", "/api/v1/reports/form")

    def __init__(self, base: str, max_seconds: float = 900):
        self.base = base
        self.max_seconds = max_seconds
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.statuses: dict[str, int] = {}
        self.errors: dict[str, int] = {}
        self.latencies: list[float] = []
        self.sent = 0
        self.late = 0
        self.local = threading.local()
        self.thread = threading.Thread(target=self._pace, daemon=True)
        self.workers: list[threading.Thread] = []
        self.queue: list[str] = []
        self.ready = threading.Condition()

    def _session(self) -> requests.Session:
        session = getattr(self.local, "session", None)
        if session is None:
            session = requests.Session()
            session.trust_env = False
            session.verify = False
            self.local.session = session
        return session

    def _one(self, path: str) -> None:
        started = time.monotonic()
        try:
            response = self._session().get(self.base + path, timeout=30)
            key = str(response.status_code)
        except requests.RequestException as exc:
            key = f"error:{type(exc).__name__}"
        elapsed = time.monotonic() - started
        with self.lock:
            if key.startswith("error:"):
                self.errors[key] = self.errors.get(key, 0) + 1
            else:
                self.statuses[key] = self.statuses.get(key, 0) + 1
            self.latencies.append(elapsed)

    def _worker(self) -> None:
        while True:
            with self.ready:
                while not self.queue and not self.stop.is_set():
                    self.ready.wait(0.5)
                if not self.queue:
                    return
                path = self.queue.pop(0)
            self._one(path)

    def _pace(self) -> None:
        started = time.monotonic()
        n = 0
        while not self.stop.is_set() and time.monotonic() - started < self.max_seconds:
            due = started + n / LOAD_RATE
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -0.5:
                self.late += 1
            with self.ready:
                self.queue.append(self.PATHS[n % len(self.PATHS)])
                self.ready.notify()
            n += 1
            self.sent = n
        self.stop.set()

    def __enter__(self) -> Load:
        self.workers = [threading.Thread(target=self._worker, daemon=True) for _ in range(40)]
        for worker in self.workers:
            worker.start()
        self.started = time.monotonic()
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        for worker in self.workers:
            worker.join(timeout=60)
        self.seconds = time.monotonic() - self.started

    def summary(self) -> dict[str, Any]:
        ok = sum(count for status, count in self.statuses.items() if status.startswith("2"))
        failed = sum(self.errors.values()) + sum(c for s, c in self.statuses.items() if not s.startswith("2"))
        latencies = sorted(self.latencies)
        p99 = latencies[int(len(latencies) * 0.99) - 1] if latencies else 0.0
        return {
            "requests": len(latencies),
            "ok": ok,
            "failed": failed,
            "statuses": dict(self.statuses),
            "errors": dict(self.errors),
            "rate": round(len(latencies) / self.seconds, 1) if self.seconds else 0,
            "p50_ms": round(statistics.median(latencies) * 1000) if latencies else 0,
            "p99_ms": round(p99 * 1000),
            "max_ms": round(latencies[-1] * 1000) if latencies else 0,
            "seconds": round(self.seconds, 1),
        }


# --- Steps -------------------------------------------------------------------------------------------------------
def prepare(workdir: Path) -> tuple[Swarm, dict[str, str], str]:
    import shutil

    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    copy_checkout(workdir)
    guide_text = GUIDE_PATH.read_text()
    token = r'`(python3 -c "import secrets; print\(secrets\.token_urlsafe\(64\)\)")`'
    fernet = r'`(python3 -c "import base64, os; print\(base64\.urlsafe_b64encode\(os\.urandom\(32\)\)\.decode\(\)\)")`'
    values = {
        name: generator(guide_text, token)
        for name in (
            "SECRET_KEY",
            "CITIZEN_TOKEN_SECRET",
            "PII_HASH_KEY",
            "POSTGRES_PASSWORD",
            "REDIS_PASSWORD",
            "METRICS_TOKEN",
        )
    }
    values["FIELD_ENCRYPTION_KEY"] = generator(guide_text, fernet)
    https_port, http_port = free_port(), free_port()
    base = f"https://{SERVER_NAME}:{https_port}"
    fake = "http://fake-zalo:8765"
    templates = {
        kind: {"template_id": f"drill-{kind}", "params": {"ma_ho_so": "code", "trang_thai": "status"}}
        for kind in ("received", "processing", "supplement", "done")
    }
    values |= {
        "ALLOWED_HOSTS": SERVER_NAME,
        "SERVER_NAME": SERVER_NAME,
        "CSRF_TRUSTED_ORIGINS": base,
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "APP_IMAGE": IMAGE,
        "APP_VERSION": "swarm-1",
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "1",
        "NOTIFY_WORKER_CONCURRENCY": "2",
        "WORKER_REPLICAS": "1",
        # All the drill's load comes from one address: nginx's per-address limit would answer 429 at 20/s.
        "PROXY_RATE_LIMIT": "200",
        "PROXY_RATE_BURST": "400",
        "ZALO_APP_ID": "1234567890123456789",
        "ZALO_APP_SECRET": secrets.token_urlsafe(24),
        "ZALO_OA_SECRET_KEY": secrets.token_urlsafe(24),
        "ZALO_GRAPH_URL": f"{fake}/graph",
        "ZALO_OAUTH_URL": f"{fake}/oauth",
        "ZALO_OPENAPI_URL": f"{fake}/openapi",
        "ZALO_ZNS_URL": f"{fake}/zns",
        "ZALO_OA_PERMISSION_URL": f"{fake}/oauth/oa/permission",
        "ZALO_MINIAPP_NOTIFY_URL": f"{fake}/miniapp/notification/template",
        "NOTIFY_ZNS_TEMPLATES": json.dumps(templates),
        # A killed worker's row left `sending` is put back by beat's sweeper after this long (default 300 s).
        "NOTIFY_SENDING_TIMEOUT_SECONDS": "30",
        "NOTIFY_SWEEP_SECONDS": "15",
        "NOTIFY_RATE_PER_SECOND": json.dumps({"oa": 40, "zns": 40, "miniapp": 40, "console": 1000}),
        "LOG_MAX_SIZE": "5m",
        "LOG_MAX_FILES": "3",
    }
    write_env(workdir, values)
    (workdir / "drill-stack.yml").write_text(FAKE_STACK)
    run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "30",
            "-subj",
            f"/CN={SERVER_NAME}",
            "-keyout",
            "deploy/certs/privkey.pem",
            "-out",
            "deploy/certs/fullchain.pem",
        ],
        cwd=workdir,
    )
    return Swarm(workdir), values, base


def build(workdir: Path) -> None:
    say(f"$ docker build -t {IMAGE}:swarm-1 .")
    run(["docker", "build", "-q", "-t", f"{IMAGE}:swarm-1", "."], cwd=workdir, timeout=3600)
    # The next release: the same code with its own image id (a label), so every service has a new image to roll to.
    run(
        ["docker", "build", "-q", "--label", "policezalo.release=swarm-2", "-t", f"{IMAGE}:swarm-2", "."],
        cwd=workdir,
        timeout=3600,
    )


def init_swarm(swarm: Swarm) -> None:
    state = run(["docker", "info", "--format", "{{.Swarm.LocalNodeState}}"]).strip()
    swarm.started_swarm = state != "active"
    # Volumes an earlier drill left (a --keep run removed by hand) hold a database with other passwords.
    stale = run(["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={STACK}"]).split()
    if stale:
        say(f"removing volumes an earlier drill left: {' '.join(stale)}")
        left = run(["docker", "ps", "-aq", "--filter", f"label=com.docker.stack.namespace={STACK}"]).split()
        if left:
            run(["docker", "rm", "-f", *left])  # stopped containers of the removed stack still hold them
        run(["docker", "volume", "rm", *stale])
    out = swarm.swarm_sh("init", "127.0.0.1")
    env_text = (swarm.workdir / ".env").read_text()
    if re.search(r"^(SECRET_KEY|FIELD_ENCRYPTION_KEY|POSTGRES_PASSWORD)=.", env_text, re.MULTILINE):
        raise DrillError(".env still holds the secrets after init")
    if not list(swarm.workdir.glob(".env.secrets-*")):
        raise DrillError(f"init kept no copy of the secrets for the offline safe:\n{out}")
    say("swarm: initialised; secrets moved from .env into Swarm secrets")


def web_images() -> list[str]:
    return [
        run(["docker", "inspect", "--format", "{{.Config.Image}}", c]).strip().split("@")[0] for c in containers("web")
    ]


def log_messages(container: str) -> list[str]:
    """A container's log lines, the message of each JSON line (common/logs.py) decoded."""
    logs = subprocess.run(["docker", "logs", container], capture_output=True, text=True)
    messages = []
    for line in (logs.stdout + logs.stderr).splitlines():
        if line.startswith("{"):
            try:
                line = str(json.loads(line).get("message", ""))
            except ValueError:
                pass
        messages.append(line)
    return messages


def beat_sends() -> dict[str, int]:
    return {c[:12]: sum("Sending due task" in m for m in log_messages(c)) for c in containers("beat")}


# What backend/ops/beat.py logs when a beat takes the lock, and when it waits (tests/ops/test_beat_lock.py checks
# that these words are still the ones it logs).
LEADER_LOG = "beat: giữ khóa lập lịch"
STANDBY_LOG = "beat này chờ (dự phòng)"


def beat_roles() -> dict[str, str]:
    roles = {}
    for container in containers("beat"):
        text = "\n".join(log_messages(container))
        roles[container[:12]] = "leader" if LEADER_LOG in text else "standby" if STANDBY_LOG in text else "?"
    return roles


def one_beat(results: dict[str, Any]) -> None:
    roles = wait_until(
        lambda: (r := beat_roles()) and len(r) == 2 and sorted(r.values()) == ["leader", "standby"] and r,
        "two beats: one leader, one standby",
        180,
    )
    leader = next(c for c, role in roles.items() if role == "leader")
    # The leader sends ops.heartbeat every 60 s and the notification sweep every 15 s; the standby sends nothing.
    sends = wait_until(lambda: (s := beat_sends()) and s.get(leader, 0) >= 2 and s, "the leader sending", 120)
    standby_sent = sum(v for c, v in sends.items() if c != leader)
    if standby_sent:
        raise DrillError(f"the standby beat sent periodic tasks too: {sends}")
    say(f"beat: 2 running, 1 schedules ({sends})")
    started = time.monotonic()
    run(["docker", "kill", next(c for c in containers("beat") if c.startswith(leader))])
    wait_until(
        lambda: any(role == "leader" for c, role in beat_roles().items() if c != leader),
        "the standby beat taking over",
        120,
    )
    takeover = time.monotonic() - started
    say(f"beat: the leader killed, the standby took over in {takeover:.1f}s")
    results["beat"] = {"started": 2, "scheduling": 1, "standby_sent": standby_sent, "takeover_s": round(takeover, 1)}


def rolling_update(swarm: Swarm, values: dict[str, str], base: str, results: dict[str, Any]) -> None:
    before = web_images()
    if len(before) != 2:
        raise DrillError(f"expected 2 web replicas, found {before}")
    values["APP_VERSION"] = "swarm-2"
    write_env(swarm.workdir, values_without_secrets(values))
    with Load(base) as load:
        time.sleep(10)  # a steady state before the update
        started = time.monotonic()
        swarm.swarm_sh("deploy")
        update_seconds = time.monotonic() - started
        time.sleep(10)
    summary = load.summary()
    after = web_images()
    if sorted(after) != [f"{IMAGE}:swarm-2"] * 2:
        raise DrillError(f"web after the update runs {after}")
    say(f"rolling update under load: {json.dumps(summary)} (update {update_seconds:.0f}s)")
    results["rolling_update"] = summary | {"update_s": round(update_seconds)}
    if summary["failed"]:
        raise DrillError(f"{summary['failed']} requests failed during the rolling update: {summary}")


def values_without_secrets(values: dict[str, str]) -> dict[str, str]:
    moved = {
        "SECRET_KEY",
        "CITIZEN_TOKEN_SECRET",
        "PII_HASH_KEY",
        "FIELD_ENCRYPTION_KEY",
        "ZALO_APP_SECRET",
        "ZALO_OA_SECRET_KEY",
        "METRICS_TOKEN",
        "POSTGRES_PASSWORD",
        "REDIS_PASSWORD",
    }
    return {k: v for k, v in values.items() if k not in moved}


NOTIFY_SETUP = """
import time
from django.db import transaction
from django.utils import timezone
from accounts.models import User
from dossiers.models import DossierEvent, DossierStatus
from dossiers.services import dossier_receive
from dossiers.signals import dossier_events_created
from procedures.models import Procedure
from units.models import Unit
from zalo.client import zalo_client
from zalo.oa_token import oa_token_store

oa_token_store(tokens=zalo_client().oa_exchange_code("drill-code", "drill-verifier"))
officer = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser("drill-admin", password="x" * 40)
unit = Unit.objects.get(code="DEMO-P-DONGTAM")
procedure = Procedure.objects.get(code="1.004222", local_suffix="")
with transaction.atomic():
    dossier = dossier_receive(officer=officer, procedure=procedure, unit=unit, channel="truc_tiep",
        applicant_name="Nguyễn Văn Diễn Tập", applicant_id_number="001090009999", applicant_phone="0912000111",
        code="SWARM-DRILL-%(tag)s")
statuses = (DossierStatus.SUPPLEMENT, DossierStatus.PROCESSING)
with transaction.atomic():
    now = timezone.now()
    events = DossierEvent.objects.bulk_create([
        DossierEvent(dossier=dossier, status=statuses[n %% 2], previous_status=statuses[(n + 1) %% 2], occurred_at=now,
                     note="Diễn tập Swarm", actor_label="Diễn tập", source="sync")
        for n in range(%(count)d)])
    dossier_events_created.send(sender=DossierEvent, events=events)
print("DOSSIER", dossier.pk)
"""

NOTIFY_STATE = """
import json
from django.db.models import Count
from notifications.models import Notification
rows = Notification.objects.filter(dossier_id=%(dossier)d)
print("STATE" + json.dumps({"ids": list(rows.values_list("pk", flat=True)),
    "states": {r["state"]: r["n"] for r in rows.values("state").annotate(n=Count("pk"))}}))
"""


def notification_state(dossier: int) -> dict[str, Any]:
    out = shell(NOTIFY_STATE % {"dossier": dossier})
    return json.loads(next(line for line in out.splitlines() if line.startswith("STATE"))[5:])


def fake_zalo_requests() -> list[dict[str, Any]]:
    fake = containers("fake-zalo")
    code = (
        "import json, urllib.request\n"
        "print(urllib.request.urlopen('http://127.0.0.1:8765/__control__/requests', timeout=60).read().decode())\n"
    )
    return json.loads(run(["docker", "exec", "-i", fake[0], "python", "-c", code], timeout=120))


def worker_killed(results: dict[str, Any]) -> None:
    tag = secrets.token_hex(4)
    if len(containers("worker-notify")) != 2:
        raise DrillError(f"expected 2 worker-notify replicas: {containers('worker-notify')}")
    web = containers("web")[0]
    reach = "import urllib.request; urllib.request.urlopen('http://fake-zalo:8765/__control__/requests', timeout=10)"
    wait_until(lambda: run(["docker", "exec", web, "python", "-c", reach], timeout=30) is not None,
               "the fake Zalo answering the web container", 120)  # fmt: skip
    say("$ docker exec <web> python manage.py demo_data --force")
    run(["docker", "exec", web, "python", "manage.py", "demo_data", "--force"], timeout=900)
    out = shell(NOTIFY_SETUP % {"tag": tag, "count": NOTIFICATIONS})
    dossier = int(next(line for line in out.splitlines() if line.startswith("DOSSIER")).split()[1])
    started = time.monotonic()
    state = wait_until(
        lambda: (s := notification_state(dossier))["states"].get("sent", 0) >= 150 and s,
        "the first 150 notifications sent",
        300,
    )
    victim = containers("worker-notify")[0]
    run(["docker", "kill", victim])
    say(f"worker-notify {victim[:12]} killed (SIGKILL) with {state['states']} of {NOTIFICATIONS + 1}")
    final = wait_until(
        lambda: (
            (s := notification_state(dossier))
            and sum(s["states"].get(k, 0) for k in ("sent", "delivered")) == len(s["ids"])
            and s
        ),
        "every notification sent",
        900,
    )
    seconds = time.monotonic() - started
    ids = {str(pk) for pk in final["ids"]}
    received = [
        r for r in fake_zalo_requests() if r["endpoint"] == "zns" and str((r["json"] or {}).get("tracking_id")) in ids
    ]
    tracking = [str(r["json"]["tracking_id"]) for r in received]
    distinct = set(tracking)
    summary = {
        "rows": len(ids),
        "sent": sum(final["states"].get(k, 0) for k in ("sent", "delivered")),
        "lost": len(ids - distinct),
        "zalo_requests": len(received),
        "distinct_tracking_ids": len(distinct),
        "resent_same_tracking_id": len(tracking) - len(distinct),
        "seconds": round(seconds),
        "restarted": len(containers("worker-notify")) == 2,
    }
    say(f"worker killed during {NOTIFICATIONS} notifications: {json.dumps(summary)}")
    results["worker_killed"] = summary
    if summary["lost"] or summary["rows"] != NOTIFICATIONS + 1:
        raise DrillError(f"notifications lost: {summary}")


def cleanup(swarm: Swarm) -> None:
    say(f"cleanup: docker stack rm {STACK}")
    subprocess.run(["docker", "stack", "rm", STACK], capture_output=True)
    deadline = time.monotonic() + 120
    while (
        time.monotonic() < deadline
        and run(["docker", "ps", "-aq", "--filter", f"label=com.docker.stack.namespace={STACK}"]).split()
    ):
        time.sleep(2)
    volumes = run(["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={STACK}"]).split()
    for _ in range(20):
        if not volumes:
            break
        subprocess.run(["docker", "volume", "rm", *volumes], capture_output=True)
        volumes = run(["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.stack.namespace={STACK}"]).split()
        time.sleep(2)
    for kind in ("secret", "config"):
        names = [n for n in run(["docker", kind, "ls", "--format", "{{.Name}}"]).split() if n.startswith("pz_")]
        if names:
            subprocess.run(["docker", kind, "rm", *names], capture_output=True)
    if swarm.started_swarm:
        say("cleanup: docker swarm leave --force (the drill started this Swarm)")
        subprocess.run(["docker", "swarm", "leave", "--force"], capture_output=True)


def table(results: dict[str, Any]) -> str:
    load = results.get("rolling_update", {})
    killed = results.get("worker_killed", {})
    beat = results.get("beat", {})
    rows = [
        ("web replicas behind nginx", "2", str(results.get("web_replicas", "-"))),
        (
            f"rolling update under {LOAD_RATE} req/s: failed requests",
            "0",
            f"{load.get('failed', '-')} of {load.get('requests', '-')} ({load.get('rate', '-')}/s, "
            f"p99 {load.get('p99_ms', '-')} ms, update {load.get('update_s', '-')} s)",
        ),
        (
            f"worker killed during {NOTIFICATIONS} notifications: lost",
            "0",
            f"{killed.get('lost', '-')} (rows {killed.get('rows', '-')}, sent {killed.get('sent', '-')})",
        ),
        (
            "  each once at the fake Zalo (distinct tracking ids)",
            f"{NOTIFICATIONS + 1}",
            f"{killed.get('distinct_tracking_ids', '-')} ({killed.get('resent_same_tracking_id', '-')} resent with "
            "the same tracking id)",
        ),
        (
            "beats started / scheduling",
            "2 / 1",
            f"{beat.get('started', '-')} / {beat.get('scheduling', '-')} (takeover {beat.get('takeover_s', '-')} s)",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"{'check':<{width}}  {'want':<6}  measured", "-" * (width + 60)]
    lines += [f"{name:<{width}}  {want:<6}  {got}" for name, want, got in rows]
    return "\n".join(lines)


def run_swarm(workdir: Path, keep: bool) -> dict[str, Any]:
    docker_ready()
    results: dict[str, Any] = {}
    # SWARM_DRILL_REUSE=1: the checks again on the stack a run left with --keep (or stopped halfway), no new install.
    reuse = os.environ.get("SWARM_DRILL_REUSE") == "1" and (workdir / ".env").exists() and containers("web")
    if reuse:
        swarm = Swarm(workdir)
        swarm.started_swarm = True
        values = dotenv((workdir / ".env").read_text())
        base = f"https://{SERVER_NAME}:{values['HTTPS_PORT']}"
        say(f"reusing the running stack {STACK} in {workdir}")
    else:
        subprocess.run(["bash", str(ROOT / "deploy" / "standins" / "build.sh")], check=True)
        swarm, values, base = prepare(workdir)
        build(workdir)
    try:
        if not reuse:
            init_swarm(swarm)
            started = time.monotonic()
            swarm.swarm_sh("deploy")
            results["deploy_s"] = round(time.monotonic() - started)
        session = requests.Session()
        session.trust_env = False
        session.verify = False
        ready = wait_until(lambda: session.get(f"{base}/readyz", timeout=10).status_code == 200, "/readyz", 120)
        say(f"stack deployed in {results.get('deploy_s', '-')}s; /readyz through nginx: {ready}")
        results["web_replicas"] = len(containers("web"))
        one_beat(results)
        worker_killed(results)
        rolling_update(swarm, values, base, results)
    except Exception:
        for service in ("migrate", "web", "beat", "worker-notify", "proxy", "fake-zalo"):
            say(f"--- logs of {service}\n{swarm.logs(service)}")
        raise
    finally:
        say("results:\n" + table(results))
        if not keep:
            cleanup(swarm)
    return results
