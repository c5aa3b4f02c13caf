#!/usr/bin/env python3
"""`make test-deploy`: the real docker-compose.yml, run in containers, and the operator guide's routines drilled.

The commands come from docs/huong-dan-van-hanh.md itself (found by what they do, placeholders filled in), and run
in a copy of this checkout the way an IT officer runs them in /opt/policezalo. When the guide and the stack
disagree, a step fails and says which. Steps:

  install      `.env` from `.env.example` with the guide's generators; the guide's self-signed certificate;
               `docker compose build`; the backup key pair (`backup_keygen`); `docker compose up -d`; every
               service healthy; /readyz through nginx over HTTPS; unknown host names dropped
  admin        the guide's createsuperuser; admin login through nginx
  data         demo data (units, procedures, dossiers); a signed-in citizen sends a named report with a photo
  sync         a CSV copied into the host's sync folder is imported by the worker
  backup       the guide's backup command → an encrypted archive in the host folder the guide names
  wipe         every container and every volume removed; only the host's backup folder is left
  restore      the stack brought back; the guide's stop + restore commands; row counts and the photo's bytes equal
  logs         every service's logs rotated (json-file max-size / max-file)
  upgrade      a second stack: the previous release (deploy/PREVIOUS_RELEASE) installed with its own guide and
               given data; then this guide's section 6: backup, the new files, APP_VERSION, build, the offline
               path (docker save | gzip, image removed, docker load), up -d --no-build
               (migrations applied, row counts and the photo's bytes equal, admin login); then the rollback:
               APP_VERSION back without a rebuild, the step-1 backup restored since the schema changed
  swarm        (only with --only swarm) docker-stack.yml on a single-node Swarm: a rolling update under load, a
               worker killed during 1,000 notifications, one beat of two (deploy/swarm_drill.py)

Only what cannot be had here is replaced: the public images by local stand-ins (deploy/standins), Zalo by our fake
(a `fake-zalo` service in a docker-compose.override.yml), the host ports by free ones, the domain by localhost.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import shlex
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
import urllib3

ROOT = Path(__file__).resolve().parents[1]
GUIDE_PATH = ROOT / "docs" / "huong-dan-van-hanh.md"
# Its own compose project and image name, so two drills on one machine (a developer's and CI's) never meet.
PROJECT = os.environ.get("DRILL_PROJECT", "pzdrill")
# The release tag this checkout is built as; the previous release's tag and commit are in deploy/PREVIOUS_RELEASE.
RELEASE_TAG = "drill-head"
SERVER_NAME = "localhost"
SERVICES_HEALTHY = ["postgres", "redis", "redis-cache", "web", "worker", "worker-notify", "proxy"]
SERVICES_RUNNING = ["beat", "fake-zalo"]
STABLE_TABLES = [
    "accounts_user",
    "units_unit",
    "procedures_procedure",
    "dossiers_dossier",
    "dossiers_dossierevent",
    "reports_report",
    "reports_reportattachment",
    "ratings_rating",
    "citizens_citizen",
]
urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)


class DrillError(Exception):
    pass


# --- Output ----------------------------------------------------------------------------------------------------
_started = time.monotonic()


def say(text: str) -> None:
    print(f"[drill {time.monotonic() - _started:6.1f}s] {text}", flush=True)


# --- The guide -------------------------------------------------------------------------------------------------
class Guide:
    """Backticked commands of the operator guide, found by what they do."""

    def __init__(self, text: str):
        self.commands = re.findall(r"`((?:docker compose|openssl|cp|rm) [^`]+)`", text)

    def find(self, what: str, *needles: str, exact: str = "") -> str:
        for command in self.commands:
            if exact and command == exact or not exact and all(needle in command for needle in needles):
                return command
        raise DrillError(f"the operator guide has no command to {what} (a backticked command with {needles})")


# --- Processes -------------------------------------------------------------------------------------------------
class Stack:
    def __init__(self, workdir: Path, compose: list[str], *, project: str = PROJECT):
        self.workdir = workdir
        self.compose = compose
        self.project = project
        self.env = {**os.environ, "COMPOSE_PROJECT_NAME": project, "COMPOSE_HTTP_TIMEOUT": "300"}

    def sh(self, command: str, *, input: str | None = None, timeout: int = 900, check: bool = True) -> str:
        """A guide command as the officer types it; `docker compose` becomes this machine's compose."""
        words = shlex.split(command)
        if words[:2] == ["docker", "compose"]:
            words = [*self.compose, *words[2:]]
        say("$ " + command)
        result = subprocess.run(
            words,
            cwd=self.workdir,
            env=self.env,
            input=input,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise DrillError(
                f"`{command}` exited {result.returncode}\n--- stdout\n{result.stdout[-3000:]}\n"
                f"--- stderr\n{result.stderr[-3000:]}"
            )
        return result.stdout + result.stderr

    def shell(self, code: str, *, service: str = "web") -> str:
        """Python in a running service (what an officer would do in the admin, done faster)."""
        return self.sh(f"docker compose exec -T {service} python manage.py shell", input=code, timeout=300)

    def container(self, service: str) -> list[dict[str, Any]]:
        ids = subprocess.run(
            [
                "docker",
                "ps",
                "-aq",
                "--filter",
                f"label=com.docker.compose.project={self.project}",
                "--filter",
                f"label=com.docker.compose.service={service}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        if not ids:
            return []
        return json.loads(
            subprocess.run(["docker", "inspect", *ids], capture_output=True, text=True, check=True).stdout
        )

    def probe(self, container: dict[str, Any]) -> bool:
        """Run a container's own healthcheck command now, as Docker does at each interval."""
        test = (container["Config"].get("Healthcheck") or {}).get("Test") or []
        if not test or test[0] == "NONE":
            return False
        command = ["sh", "-c", test[1]] if test[0] == "CMD-SHELL" else test[1:]
        result = subprocess.run(["docker", "exec", container["Id"], *command], capture_output=True, timeout=60)
        return result.returncode == 0

    def logs(self, *services: str) -> str:
        return subprocess.run(
            [*self.compose, "logs", "--no-color", "--tail", "60", *services],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
        ).stdout

    def services(self) -> set[str]:
        """The services this stack's compose file defines (a previous release may have fewer)."""
        listed = subprocess.run(
            [*self.compose, "config", "--services"], cwd=self.workdir, env=self.env, capture_output=True, text=True
        )
        return set(listed.stdout.split()) if listed.returncode == 0 else set(SERVICES_HEALTHY + SERVICES_RUNNING)

    def wait_healthy(self, timeout: int = 300) -> None:
        deadline = time.monotonic() + timeout
        defined = self.services()
        while True:
            states = {}
            for service in SERVICES_HEALTHY + SERVICES_RUNNING:
                if service not in defined:
                    continue
                found = self.container(service)
                if not found:
                    states[service] = "missing"
                    continue
                state = found[0]["State"]
                health = (state.get("Health") or {}).get("Status")
                if health == "starting" and self.probe(found[0]):
                    health = "healthy"  # its own healthcheck passes now; Docker would say so at its next interval
                states[service] = health if service in SERVICES_HEALTHY else state["Status"]
            bad = {s: v for s, v in states.items() if v not in ("healthy", "running")}
            if not bad:
                say("every service healthy: " + ", ".join(f"{s}={v}" for s, v in states.items()))
                return
            if time.monotonic() > deadline:
                raise DrillError(f"services not healthy after {timeout}s: {bad}\n{self.logs(*bad)}")
            time.sleep(3)


def wait_until(check: Callable[[], Any], what: str, timeout: float = 120) -> Any:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = check()
            if value:
                return value
        except Exception as exc:  # noqa: BLE001 - shown when the wait gives up
            last = exc
        time.sleep(2)
    raise DrillError(f"gave up waiting for {what} after {timeout}s (last error: {last})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- Set-up ----------------------------------------------------------------------------------------------------
def docker_ready() -> list[str]:
    """Start the Docker engine when it is not running; return the compose command this machine has."""
    if subprocess.run(["docker", "info"], capture_output=True).returncode != 0:
        if not shutil.which("dockerd"):
            raise DrillError("no Docker engine: apt-get install docker.io (Debian), then run this again")
        say("starting dockerd")
        log = open("/var/log/dockerd-drill.log", "ab")  # noqa: SIM115 - the daemon outlives this process
        subprocess.Popen(["dockerd"], stdout=log, stderr=log, start_new_session=True)
        wait_until(lambda: subprocess.run(["docker", "info"], capture_output=True).returncode == 0, "dockerd", 60)
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode == 0:
        return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    raise DrillError("neither `docker compose` nor docker-compose is installed")


def copy_checkout(workdir: Path) -> None:
    """The files an officer gets in /opt/policezalo: what git tracks here, plus uncommitted changes."""
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in files:
        if not name:
            continue
        source = ROOT / name.decode()
        if not source.exists() or source.is_symlink() and source.is_dir():
            continue
        target = workdir / name.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)


def dotenv(text: str) -> dict[str, str]:
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value
    return values


def write_env(workdir: Path, values: dict[str, str]) -> None:
    """Fill .env the way the guide's step 3 says: the lines of .env.example, with values put in place."""
    lines, seen = [], set()
    for line in (workdir / ".env.example").read_text().splitlines():
        name = line.split("=", 1)[0].strip() if "=" in line and not line.lstrip().startswith("#") else None
        if name and name in values:
            lines.append(f"{name}={values[name]}")
            seen.add(name)
        else:
            lines.append(line)
    lines += [f"{name}={value}" for name, value in values.items() if name not in seen]
    (workdir / ".env").write_text("\n".join(lines) + "\n")


def generator(guide_text: str, pattern: str) -> str:
    """Run one of the guide's `python3 -c "…"` generators, as the officer does."""
    match = re.search(pattern, guide_text)
    if not match:
        raise DrillError(f"the guide has no generator matching {pattern!r}")
    return subprocess.run(shlex.split(match.group(1)), capture_output=True, text=True, check=True).stdout.strip()


OVERRIDE = """\
# Written by deploy/drill.py: the fake Zalo the drill's production stack talks to (no traffic leaves the machine).
services:
  fake-zalo:
    image: ${APP_IMAGE:-policezalo}:${APP_VERSION:-latest}
    env_file: .env
    environment:
      DJANGO_ENV: production
      DATABASE_URL: postgres://unused@127.0.0.1:1/unused
      REDIS_URL: redis://127.0.0.1:1/0
    command: ["python", "manage.py", "fake_zalo", "--host", "0.0.0.0", "--port", "8765"]
    healthcheck:
      disable: true
"""


# --- The drill -------------------------------------------------------------------------------------------------
def run(workdir: Path, keep: bool, phases: list[str]) -> dict[str, Any]:
    compose = docker_ready()
    say(f"compose: {' '.join(compose)}; stand-ins")
    subprocess.run(["bash", str(ROOT / "deploy" / "standins" / "build.sh")], check=True)
    results: dict[str, Any] = {}
    if "install" in phases:
        _fresh(compose, workdir, PROJECT)
        copy_checkout(workdir)
        guide_text = GUIDE_PATH.read_text()
        stack = Stack(workdir, compose)
        try:
            _drill(stack, Guide(guide_text), guide_text, results)
        except Exception:
            say("FAILED; last logs:\n" + stack.logs())
            raise
        finally:
            if not keep:
                stack.sh("docker compose down -v --remove-orphans", check=False)
    if "upgrade" in phases:
        previous = workdir.parent / f"{workdir.name}-previous"
        _fresh(compose, previous, f"{PROJECT}-up")
        upgrade_from_previous(compose, previous, results)
    return results


def _fresh(compose: list[str], workdir: Path, project: str) -> None:
    """A drill's folder from an earlier run: its stack stopped, its volumes and files removed."""
    if workdir.exists():
        subprocess.run(
            [*compose, "down", "-v", "--remove-orphans"],
            cwd=workdir,
            env={**os.environ, "COMPOSE_PROJECT_NAME": project},
            capture_output=True,
        )
        shutil.rmtree(workdir)
    workdir.parent.mkdir(parents=True, exist_ok=True)


@dataclass
class Installed:
    """What the officer holds after installing: the .env values, the admin's password and authenticator, the
    backup key kept off the server, and the report with a photo made through nginx."""

    values: dict[str, str]
    base: str
    session: requests.Session
    password: str
    otp: dict[str, Any]
    key_path: Path
    photo: dict[str, str]


def install(stack: Stack, guide: Guide, guide_text: str, *, version: str) -> Installed:
    """Guide section 2 (install), 3 (first administrator) and a day's data: the same steps for HEAD and for the
    previous release, each with its own guide."""
    workdir = stack.workdir
    https_port, http_port = free_port(), free_port()
    base = f"https://{SERVER_NAME}:{https_port}"

    # --- install (guide section 2) ---
    stack.sh(guide.find("make the configuration file", "cp .env.example .env"))
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
            "FLOWER_PASSWORD",
        )
    }
    values["FIELD_ENCRYPTION_KEY"] = generator(guide_text, fernet)
    fake = "http://fake-zalo:8765"
    values |= {
        "ALLOWED_HOSTS": SERVER_NAME,
        "SERVER_NAME": SERVER_NAME,
        "CSRF_TRUSTED_ORIGINS": base,
        "HTTP_PORT": str(http_port),
        "HTTPS_PORT": str(https_port),
        "APP_IMAGE": f"policezalo-{PROJECT}",
        "APP_VERSION": version,
        "WEB_CONCURRENCY": "2",
        "WORKER_CONCURRENCY": "1",
        "NOTIFY_WORKER_CONCURRENCY": "1",
        "ZALO_APP_ID": "1234567890123456789",
        "ZALO_APP_SECRET": secrets.token_urlsafe(24),
        "ZALO_OA_SECRET_KEY": secrets.token_urlsafe(24),
        "ZALO_GRAPH_URL": f"{fake}/graph",
        "ZALO_OAUTH_URL": f"{fake}/oauth",
        "ZALO_OPENAPI_URL": f"{fake}/openapi",
        "ZALO_ZNS_URL": f"{fake}/zns",
        "ZALO_OA_PERMISSION_URL": f"{fake}/oauth/oa/permission",
        "ZALO_MINIAPP_NOTIFY_URL": f"{fake}/miniapp/notification/template",
        "LOG_MAX_SIZE": "5m",
        "LOG_MAX_FILES": "3",
    }
    write_env(workdir, values)
    (workdir / "docker-compose.override.yml").write_text(OVERRIDE)
    cert = guide.find("make the temporary self-signed certificate", "openssl req -x509").replace(
        "<tên miền>", SERVER_NAME
    )
    stack.sh(cert)
    stack.sh(guide.find("build the release image", exact="docker compose build"), timeout=1800)
    keygen = guide.find("make the backup key pair", "backup_keygen")
    key_command, _, key_file = keygen.partition(" > ")
    identity_text = stack.sh(key_command.strip(), timeout=300)
    secret_lines = [line for line in identity_text.splitlines() if line.startswith("AGE-SECRET-KEY-")]
    public = re.search(r"BACKUP_AGE_RECIPIENTS=(age1\w+)", identity_text)
    if not secret_lines or not public:
        raise DrillError(f"backup_keygen printed no key pair:\n{identity_text}")
    offline = workdir.parent / f"offline-safe-{workdir.name}"  # the key is kept off the server's backup folder
    offline.mkdir(exist_ok=True)
    (offline / key_file.strip()).write_text("\n".join(secret_lines) + "\n")
    values["BACKUP_AGE_RECIPIENTS"] = public.group(1)
    write_env(workdir, values)
    stack.sh(guide.find("start the stack", exact="docker compose up -d"), timeout=600)
    stack.wait_healthy()

    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE in the environment would override verify=False
    session.verify = False
    ready = wait_until(lambda: session.get(f"{base}/readyz", timeout=10), "/readyz through nginx", 60)
    if ready.status_code != 200 or ready.json().get("status") != "ok":
        raise DrillError(f"/readyz through nginx: {ready.status_code} {ready.text[:500]}")
    say(f"HTTPS through nginx: /readyz {ready.json()['status']}")
    # A request for another host name (e.g. the bare IP address) gets no TLS session at all.
    try:
        session.get(f"https://127.0.0.1:{https_port}/readyz", timeout=10)
        raise DrillError("nginx answered a request for an unknown host name")
    except requests.exceptions.SSLError:
        say("unknown host name: TLS handshake refused")
    plain = session.get(f"http://{SERVER_NAME}:{http_port}/readyz", allow_redirects=False, timeout=10)
    if plain.status_code != 301 or not plain.headers["Location"].startswith(f"https://{SERVER_NAME}"):
        raise DrillError(f"http:// is not redirected to https://: {plain.status_code} {plain.headers}")
    gz = session.get(f"{base}/api/v1/reports/form", headers={"Accept-Encoding": "gzip"}, timeout=10)
    if gz.headers.get("Content-Encoding") != "gzip":
        raise DrillError(f"JSON is not compressed by nginx: {dict(gz.headers)}")

    # --- admin (guide steps 7-8) ---
    createsuperuser = guide.find("create the first administrator", "createsuperuser")
    password = secrets.token_urlsafe(16)
    stack.env["DJANGO_SUPERUSER_PASSWORD"] = password  # `-e NAME` hands it to the container, never on screen
    otp: dict[str, Any] = {}
    stack.sh(
        createsuperuser.replace("docker compose run --rm", "docker compose run --rm -e DJANGO_SUPERUSER_PASSWORD")
        + " --noinput --username quantri.tinh --email cntt@congan.example.gov.vn",
        timeout=300,
    )
    admin_login(session, base, "quantri.tinh", password, otp)
    say("admin login through nginx: ok")

    # --- data ---
    stack.sh("docker compose exec -T web python manage.py demo_data --force", timeout=600)
    # The demo data switches the dossier simulator on (a new HS-SIM dossier every few minutes): the drill compares
    # the records people made before and after, so the simulator stops here (a slow upgrade crossed its interval
    # and the counts differed by the simulator's dossiers).
    stack.shell(
        "from sync.models import SyncSource, SourceKind\nfrom sync.services import sync_source_schedule\n"
        "for s in SyncSource.objects.filter(kind=SourceKind.DEMO):\n"
        "    s.enabled = False; s.save(); sync_source_schedule(source=s)\n"
    )
    photo = report_with_photo(session, base)
    found = stack.shell(
        "from reports.models import ReportAttachment\n"
        f"a = ReportAttachment.objects.get(report__code='{photo['code']}')\nprint('FILE', a.file.name)\n"
    )
    photo["path"] = next(line for line in found.splitlines() if line.startswith("FILE")).split()[1]
    say(f"named report {photo['code']} with a photo through nginx")
    return Installed(values, base, session, password, otp, offline / key_file.strip(), photo)


def _drill(stack: Stack, guide: Guide, guide_text: str, results: dict[str, Any]) -> None:
    done = install(stack, guide, guide_text, version=RELEASE_TAG)

    # --- sync folder ---
    sync_import(stack)

    # --- backup (guide section 4) ---
    before = counts(stack)
    photo_sum = photo_digest(stack, done.photo)
    archive = backup(stack, guide)
    results["backup_kb"] = archive.stat().st_size // 1024

    # --- wipe: every container and every volume; the host's backup folder stays ---
    stack.sh("docker compose down -v --remove-orphans", timeout=300)
    left = subprocess.run(
        ["docker", "volume", "ls", "-q", "--filter", f"label=com.docker.compose.project={stack.project}"],
        capture_output=True,
        text=True,
    ).stdout.split()
    if left:
        raise DrillError(f"volumes left after down -v: {left}")

    # --- restore (guide section 4) ---
    stack.sh(guide.find("start the stack", exact="docker compose up -d"), timeout=600)
    stack.wait_healthy()
    restore(stack, guide, archive, done.key_path)
    same_data(stack, before, photo_sum, done)
    say("restore: the records people made and the photo's bytes are back, admin login ok")

    # --- logs rotated ---
    for service in SERVICES_HEALTHY + ["beat"]:
        config = stack.container(service)[0]["HostConfig"]["LogConfig"]
        if config.get("Type") != "json-file" or config.get("Config", {}).get("max-size") != "5m":
            raise DrillError(f"{service} logs are not rotated: {config}")
    say("logs: json-file with max-size and max-file on every service")


def photo_digest(stack: Stack, photo: dict[str, str]) -> str:
    return stack.sh(f"docker compose exec -T web sh -c 'sha256sum /app/var/private_media/{photo['path']}'").split()[0]


def backup(stack: Stack, guide: Guide) -> Path:
    """The guide's backup command; the newest encrypted archive it left in the host's backup folder."""
    backups = stack.workdir / "backups"
    had = set(backups.glob("policezalo-backup-*.tar.age"))
    out = stack.sh(guide.find("back up", exact="docker compose run --rm web python manage.py backup"), timeout=900)
    archives = sorted(set(backups.glob("policezalo-backup-*.tar.age")) - had)
    if len(archives) != 1:
        raise DrillError(f"the backup command did not leave one new archive in {backups} (found {archives}):\n{out}")
    head = archives[0].read_bytes()[:22]
    if head != b"age-encryption.org/v1\n":
        raise DrillError(f"{archives[0].name} is not an age-encrypted file (starts {head!r})")
    objects = list((backups / "media-objects").glob("*/*.age"))
    size = archives[0].stat().st_size // 1024
    say(f"backup: {archives[0].name} ({size} KB, encrypted), {len(objects)} media objects")
    return archives[0]


def restore(
    stack: Stack, guide: Guide, archive: Path, key_path: Path, *, before_up: Callable[[], None] | None = None
) -> None:
    """The guide's stop-every-writer and restore commands with the key brought from off the server, then up
    (`before_up`: what the guide has the officer do between the two, e.g. set APP_VERSION back)."""
    stack.sh(guide.find("stop every writer", "docker compose stop", "worker-notify"))
    command = guide.find("restore", "docker compose run --rm", "manage.py restore")
    key_in_guide = re.search(r"-v (\S+):(\S+):ro", command)
    if not key_in_guide:
        raise DrillError(f"the guide's restore command mounts no key file: {command}")
    command = command.replace(key_in_guide.group(1), str(key_path))
    command = re.sub(r"policezalo-backup-<ngày>\.tar\.age", archive.name, command)
    out = stack.sh(command, input="dong y\n", timeout=900)
    if "khớp" not in out:
        raise DrillError(f"restore did not confirm the row counts:\n{out}")
    if before_up is not None:
        before_up()
    stack.sh(guide.find("start the stack", exact="docker compose up -d"), timeout=600)
    stack.wait_healthy()


def same_data(stack: Stack, before: dict[str, int], photo_sum: str, done: Installed) -> None:
    after = counts(stack)
    differ = {t: (before.get(t), after.get(t)) for t in set(before) | set(after) if before.get(t) != after.get(t)}
    if differ:
        raise DrillError(f"row counts differ: {differ}")
    if photo_digest(stack, done.photo) != photo_sum:
        raise DrillError("the report photo's bytes differ")
    admin_login(done.session, done.base, "quantri.tinh", done.password, done.otp)


# --- Upgrade from the previous release (guide section 6) -------------------------------------------------------
def previous_release() -> tuple[str, str]:
    """deploy/PREVIOUS_RELEASE: the release tag and the commit an officer upgrades from."""
    fields = [
        line.split("#", 1)[0].strip()
        for line in (ROOT / "deploy" / "PREVIOUS_RELEASE").read_text().splitlines()
        if line.split("#", 1)[0].strip()
    ]
    if len(fields) != 1 or len(fields[0].split()) != 2:
        raise DrillError("deploy/PREVIOUS_RELEASE must hold one line: <release tag> <commit>")
    tag, commit = fields[0].split()
    return tag, commit


def unpack_release(commit: str, workdir: Path) -> None:
    """The previous release's files, as they were handed to the officer (git archive of its commit)."""
    # tar.umask 022: the modes a checkout has (git's default 002 would differ and miss the image build's cache)
    archive = subprocess.run(
        ["git", "-c", "tar.umask=0022", "archive", "--format=tar", commit], cwd=ROOT, capture_output=True
    )
    if archive.returncode != 0:
        raise DrillError(
            f"the previous release {commit} is not in this clone ({archive.stderr.decode()[:200].strip()}): "
            "a shallow clone needs `git fetch --unshallow`"
        )
    workdir.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive.stdout, check=True)


def migrations_state(stack: Stack) -> tuple[int, int]:
    out = stack.sh("docker compose exec -T web python manage.py showmigrations --plan", timeout=300)
    return out.count("[X]"), out.count("[ ]")


def offline_install(stack: Stack, values: dict[str, str]) -> None:
    """Guide section 6's offline path: `docker save … | gzip > file`, then on the server `docker load < file`."""
    text = GUIDE_PATH.read_text()
    # An upgrade carries only the new release's image (the public ones are on the server already).
    save = re.search(r"`(docker save policezalo:<bản> \| gzip [^`]+)`", text)
    load = re.search(r"`(docker load [^`]+)`", text)
    if not save or not load:
        raise DrillError("the operator guide has no `docker save` / `docker load` commands for an offline server")
    image = f"{values['APP_IMAGE']}:{RELEASE_TAG}"

    def filled(command: str) -> str:
        return command.replace("policezalo:<bản>", image).replace("<bản>", RELEASE_TAG)

    for command in (filled(save.group(1)), f"docker image rm {image}", filled(load.group(1))):
        say("$ " + command)
        result = subprocess.run(["bash", "-c", command], cwd=stack.workdir, capture_output=True, text=True)
        if result.returncode != 0:
            raise DrillError(f"`{command}` exited {result.returncode}: {result.stderr[-2000:]}")
    found = subprocess.run(["docker", "image", "inspect", image], capture_output=True)
    if found.returncode != 0:
        raise DrillError(f"{image} is not on the server after `docker load`")
    size = sum(f.stat().st_size for f in stack.workdir.glob("policezalo-*.tar.gz")) // 2**20
    say(f"offline install: {image} saved ({size} MB compressed), removed from the server, loaded back")


def upgrade_from_previous(compose: list[str], workdir: Path, results: dict[str, Any]) -> None:  # noqa: PLR0915
    """Install the previous release with its own guide, make data, then upgrade to this checkout with data in
    place exactly as this guide's section 6 says, and roll back to the previous tag as it says."""
    tag, commit = previous_release()
    say(f"--- upgrade: the previous release {tag} ({commit[:12]}) installed with its own guide")
    unpack_release(commit, workdir)
    old_guide_text = (workdir / "docs" / "huong-dan-van-hanh.md").read_text()
    stack = Stack(workdir, compose, project=f"{PROJECT}-up")
    guide = Guide(GUIDE_PATH.read_text())  # this release's guide: what the officer reads to upgrade
    try:
        done = install(stack, Guide(old_guide_text), old_guide_text, version=tag)
        old_applied, _ = migrations_state(stack)
        before = counts(stack)
        photo_sum = photo_digest(stack, done.photo)

        # 1. a backup first, and note the running APP_VERSION
        archive = backup(stack, guide)
        # 2. the old release's code removed (files the new release dropped must not reach the image), then the new
        # release's files in place (the .env, certificates and host folders stay); new variables from .env.example
        # are added with their defaults
        stack.sh(guide.find("remove the old release's code", exact="rm -rf backend miniapp docs bench tests"))
        copy_checkout(workdir)
        # 3. APP_VERSION=<new>, build, up -d: migrate runs once before the services restart
        done.values["APP_VERSION"] = RELEASE_TAG
        write_env(workdir, done.values)
        stack.sh(guide.find("build the release image", exact="docker compose build"), timeout=1800)
        # ... the way a server without internet gets it: saved to a file, the image gone, loaded from the file
        offline_install(stack, done.values)
        stack.sh(guide.find("start without building", exact="docker compose up -d --no-build"), timeout=600)
        stack.wait_healthy()
        running = stack.container("web")[0]["Config"]["Image"]
        if not running.endswith(f":{RELEASE_TAG}"):
            raise DrillError(f"web runs {running} after the upgrade, not :{RELEASE_TAG}")
        new_applied, unapplied = migrations_state(stack)
        if unapplied:
            raise DrillError(f"{unapplied} migrations not applied after the upgrade")
        same_data(stack, before, photo_sum, done)
        say(f"upgrade {tag} → {RELEASE_TAG}: {new_applied - old_applied} migrations applied, data in place")
        results["upgrade_migrations"] = new_applied - old_applied

        # Roll back: APP_VERSION back, no rebuild. The schema changed, so (guide section 6) the step-1 backup is
        # restored first, by the new release's restore (the old one cannot drop the tables the new one added),
        # and only then APP_VERSION goes back and the stack comes up.
        images = subprocess.run(
            ["docker", "image", "ls", "--format", "{{.Tag}}", done.values["APP_IMAGE"]], capture_output=True, text=True
        ).stdout.split()
        if tag not in images:
            raise DrillError(f"the previous release's image :{tag} is gone after the upgrade: {images}")

        def back_to_previous() -> None:
            done.values["APP_VERSION"] = tag
            write_env(workdir, done.values)

        if new_applied != old_applied:
            restore(stack, guide, archive, done.key_path, before_up=back_to_previous)
        else:
            back_to_previous()
            stack.sh(guide.find("start the stack", exact="docker compose up -d"), timeout=600)
            stack.wait_healthy()
        running = stack.container("web")[0]["Config"]["Image"]
        if not running.endswith(f":{tag}"):
            raise DrillError(f"web runs {running} after the rollback, not :{tag}")
        same_data(stack, before, photo_sum, done)
        say(f"rollback to {tag} without a rebuild (step-1 backup restored): data and admin login ok")
    except Exception:
        say("FAILED in the upgrade; last logs:\n" + stack.logs())
        raise
    finally:
        stack.sh("docker compose down -v --remove-orphans", check=False)


def admin_login(session: requests.Session, base: str, username: str, password: str, otp: dict[str, Any]) -> None:
    """Sign in as the guide's step 8 says: password, then the second factor (enrolled the first time; the key is
    kept in `otp` as the officer's authenticator app keeps it)."""
    session.cookies.clear()
    page = session.get(f"{base}/admin/login/", timeout=20)
    token = session.cookies.get("csrftoken")
    if page.status_code != 200 or not token:
        raise DrillError(f"admin login page: {page.status_code}")
    posted = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"},
        headers={"Referer": f"{base}/admin/login/"},
        allow_redirects=False,
        timeout=20,
    )
    if posted.status_code != 302:
        raise DrillError(f"admin login refused: {posted.status_code} {posted.text[:500]}")
    index = session.get(f"{base}/admin/", allow_redirects=False, timeout=20)
    if index.status_code == 302 and "/admin/xac-thuc/" in index.headers["Location"]:
        step = session.get(base + index.headers["Location"], allow_redirects=False, timeout=20)
        if step.status_code == 302 and "/dang-ky/" in step.headers["Location"]:
            path = step.headers["Location"]
            enrol = session.get(base + path, timeout=20)
            secret = re.search(r'id="second-factor-secret">([A-Z2-7 ]+)<', enrol.text)
            if not secret:
                raise DrillError(f"the enrolment page shows no key: {enrol.text[:500]}")
            otp["secret"] = secret.group(1)
            form = enrol
        else:
            path = index.headers["Location"]
            form = step
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)
        code = _next_totp(otp)
        confirmed = session.post(
            base + path,
            data={"csrfmiddlewaretoken": csrf.group(1) if csrf else "", "code": code, "next": "/admin/"},
            headers={"Referer": base + path},
            allow_redirects=False,
            timeout=20,
        )
        if confirmed.status_code != 302:
            raise DrillError(f"second factor refused: {confirmed.status_code} {confirmed.text[:500]}")
        index = session.get(f"{base}/admin/", allow_redirects=False, timeout=20)
    if index.status_code != 200:
        raise DrillError(f"admin index after sign-in: {index.status_code} {index.headers.get('Location')}")


def _next_totp(otp: dict[str, Any]) -> str:
    """The code an authenticator app shows (RFC 6238), never one already used (codes cannot be replayed)."""
    import base64
    import hashlib
    import hmac
    import struct

    step = int(time.time() // 30)
    while step <= otp.get("last_step", -1):
        time.sleep(1)
        step = int(time.time() // 30)
    otp["last_step"] = step
    key = otp["secret"].replace(" ", "")
    key_bytes = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(key_bytes, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def report_with_photo(session: requests.Session, base: str) -> dict[str, str]:
    import io

    from PIL import Image

    signed = session.post(f"{base}/api/v1/auth/zalo", json={"access_token": "fake-drill-citizen"}, timeout=20)
    if signed.status_code != 200:
        raise DrillError(f"citizen sign-in through nginx: {signed.status_code} {signed.text[:300]}")
    token = signed.json()["access_token"]
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, "JPEG")
    response = session.post(
        f"{base}/api/v1/reports/",
        headers={"Authorization": f"Bearer {token}", "X-Device-Id": "drill-device-0001"},
        data={
            "kind": "phan-anh-kien-nghi",
            "description": "Đèn đường ở đầu ngõ 12 bị hỏng nhiều ngày (diễn tập triển khai).",
            "is_anonymous": "false",
            "contact_name": "Nguyễn Văn Diễn Tập",
            "contact_phone": "0912345678",
        },
        files={"files": ("anh.jpg", buffer.getvalue(), "image/jpeg")},
        timeout=60,
    )
    if response.status_code != 201:
        raise DrillError(f"named report with a photo: {response.status_code} {response.text[:500]}")
    return {"code": response.json()["code"], "path": ""}


def counts(stack: Stack) -> dict[str, int]:
    out = stack.shell(
        "import json\nfrom django.db import connection\nwith connection.cursor() as c:\n"
        "    c.execute(\"SELECT tablename FROM pg_tables WHERE schemaname='public'\")\n"
        "    names=[r[0] for r in c.fetchall()]\n"
        "    res={}\n"
        "    for n in names:\n"
        "        c.execute(f'SELECT COUNT(*) FROM \"{n}\"'); res[n]=c.fetchone()[0]\n"
        "print('COUNTS'+json.dumps(res))\n"
    )
    line = next(line for line in out.splitlines() if line.startswith("COUNTS"))
    values = json.loads(line[len("COUNTS") :])
    # The running stack keeps writing some tables on its own (heartbeats, sync runs, beat's bookkeeping): the
    # restore command compares every table against the backup's manifest; here, the records people made.
    return {name: values.get(name, -1) for name in STABLE_TABLES}


def sync_import(stack: Stack) -> None:
    stack.shell(
        "from sync.models import SyncSource, SourceKind\nfrom sync.services import sync_source_schedule\n"
        "s = SyncSource.objects.filter(kind=SourceKind.FILE).first()\n"
        "s.enabled = True; s.interval_minutes = 1; s.save(); sync_source_schedule(source=s)\n"
    )
    code = f"HS-DRILL-{secrets.randbelow(10**6):06d}"
    row = stack.shell(
        "from procedures.models import Procedure\nfrom units.models import Unit\n"
        "p = Procedure.objects.exclude(code='').first(); u = Unit.objects.exclude(code='').first()\n"
        "print('ROW', p.code, u.code)\n"
    )
    _, procedure, unit = next(line for line in row.splitlines() if line.startswith("ROW")).split()
    csv = (
        "Mã hồ sơ,Mã thủ tục,Mã đơn vị,Trạng thái,Ngày tiếp nhận,Ngày hẹn trả,Chủ hồ sơ,Số giấy tờ,Số điện thoại,"
        "Ngày cập nhật\n"
        f"{code},{procedure},{unit},2,2026-12-01 08:00,2026-12-10,Nguyễn Văn A,001234567890,0912345678,"
        "2026-12-01 08:00\n"
    )
    (stack.workdir / "sync-drop" / "xuat-mot-cua.csv").write_text(csv, encoding="utf-8")
    check = f"from dossiers.models import Dossier\nprint('FOUND', Dossier.objects.filter(code='{code}').count())\n"
    wait_until(lambda: "FOUND 1" in stack.shell(check), f"the worker importing {code} from the host's sync folder", 240)
    say(f"sync folder: {code} imported by the worker")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", default=os.environ.get("DRILL_DIR", "/tmp/pz-drill/policezalo"))
    parser.add_argument("--keep", action="store_true", help="leave the (install) stack running for a look")
    parser.add_argument(
        "--only",
        choices=["install", "upgrade", "swarm"],
        help="one part: the install-to-restore drill, the upgrade drill, or the Docker Swarm drill (deploy/swarm_drill.py,"
        " not part of the default run)",
    )
    args = parser.parse_args()
    try:
        if args.only == "swarm":
            from swarm_drill import run_swarm

            workdir = os.environ.get("SWARM_DRILL_DIR", "/tmp/pz-swarm-drill/policezalo")
            results = run_swarm(Path(workdir), args.keep)
        else:
            results = run(Path(args.workdir), args.keep, [args.only] if args.only else ["install", "upgrade"])
    except DrillError as exc:
        say(f"FAILED: {exc}")
        return 1
    say(f"passed: {json.dumps(results)} in {time.monotonic() - _started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
