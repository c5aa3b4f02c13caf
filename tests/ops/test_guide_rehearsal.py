"""Rehearse the operator guide's install (docs/huong-dan-van-hanh.md, section 2) on this machine, without Docker.

docker-compose.yml is the source of truth. Each service gets the environment compose would give it: the image's
ENV (Dockerfile), then `.env` made from `.env.example` the way the guide says (its empty required values filled
with test values), then the service's own `environment`. Each runs its exact `command`, natively, in the guide's
order: `migrate` (must exit 0), then `web`, `worker` and `beat` as `docker compose up -d` starts them; `/readyz`
(step 6); the guide's `createsuperuser` (step 7); the admin login through the headers nginx sets (step 8); the
worker's and the image's healthchecks; the guide's backup command (section 4).

Only addresses change: a fresh PostgreSQL database instead of the `postgres` container, two Redis of our own started
with the `redis` and `redis-cache` services' commands, free ports, and a temporary folder for the containers' /app/var and /tmp.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlsplit

import environ
import psycopg2
import pyrage
import pytest
import redis
import requests
import yaml
from django.conf import settings

from ops.backup import backup_keygen
from tests.config.production_env import PRODUCTION_ENV

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "docs" / "huong-dan-van-hanh.md").read_text()
COMPOSE_TEXT = (ROOT / "docker-compose.yml").read_text()
COMPOSE = yaml.safe_load(COMPOSE_TEXT)
DOCKERFILE = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
# The image's last stage: what web, worker and beat run in.
IMAGE = DOCKERFILE.split("\nFROM ")[-1]
# The image puts its virtualenv first on PATH; ours is the one running this test.
VENV_BIN = Path(sys.executable).parent
CLIENT_IP = "203.0.113.7"  # a documentation address: the citizen's browser, as nginx sees it

pytestmark = pytest.mark.slow
BACKUP_KEY = backup_keygen()  # (identity file text, public key), as `manage.py backup_keygen` prints them

T = TypeVar("T")


# --- What the files say -------------------------------------------------------------------------------------
def dotenv(text: str) -> dict[str, str]:
    """KEY=VALUE lines as compose's `env_file` reads them; comments and blank lines skipped."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            name, value = line.split("=", 1)
            values[name.strip()] = value
    return values


_COMPOSE_VARIABLE = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's interpolation: `${A}`, `${A:-default}`, `${A-default}`, `${A:?error}`, and `$$` for a `$`."""

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name", "op", "arg")
        value = variables.get(name)
        unset = value is None or (op is not None and op.startswith(":") and value == "")
        if op in {":-", "-"}:
            return arg if unset else value
        if op in {":?", "?"} and unset:
            pytest.fail(f"docker compose would refuse to start: {arg} ({name} is not set in .env)")
        return value or ""

    return _COMPOSE_VARIABLE.sub(replace, text)


def operator_env_file() -> tuple[dict[str, str], set[str]]:
    """`.env` as the guide has the officer make it: `cp .env.example .env`, then the empty values the system
    cannot start without filled in (test values from tests/config/production_env.py; compose's own required
    ones with a random URL-safe value, as the guide's generator gives). Returns the file and the names filled."""
    values = dotenv((ROOT / ".env.example").read_text())
    empty = {name for name, value in values.items() if not value.strip()}
    needed_by_compose = set(re.findall(r"\$\{(\w+):\?", COMPOSE_TEXT))
    filled = (empty & set(PRODUCTION_ENV)) | (empty & needed_by_compose)
    for name in filled:
        values[name] = PRODUCTION_ENV.get(name) or secrets.token_urlsafe(32)
    # Step 5: the backup key pair; the public half goes into .env, the private half off the server.
    values["BACKUP_AGE_RECIPIENTS"] = BACKUP_KEY[1]
    filled.add("BACKUP_AGE_RECIPIENTS")
    return values, filled


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for line in IMAGE.splitlines():
        if line.startswith("ENV "):
            env.update(item.split("=", 1) for item in shlex.split(line[4:]))
    env.pop("PATH", None)
    return env


def image_build_step(word: str) -> tuple[dict[str, str], list[str]]:
    """The `RUN` of the image's last stage that runs `word`: its leading VAR=value assignments and its command."""
    for line in IMAGE.splitlines():
        if line.startswith("RUN ") and word in line:
            words = shlex.split(line[4:])
            words = words[: words.index("&&")] if "&&" in words else words
            env = {}
            while "=" in words[0]:
                name, value = words.pop(0).split("=", 1)
                env[name] = value
            return env, words
    raise AssertionError(f"no RUN with {word!r} in the Dockerfile")


def image_healthcheck(port: int) -> list[str]:
    match = re.search(r"^HEALTHCHECK .*?CMD (\[.*\])$", IMAGE, re.MULTILINE)
    assert match, "the image has a HEALTHCHECK"
    return [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in json.loads(match.group(1))]


def guide_command(manage_command: str) -> tuple[str, list[str]]:
    """The service and command of the guide's `docker compose run --rm <service> python manage.py <command>`."""
    match = re.search(rf"docker compose run --rm (\w+) (python manage\.py {manage_command})\b", GUIDE)
    assert match, f"the guide has no `docker compose run --rm … python manage.py {manage_command}`"
    return match.group(1), match.group(2).split()


def proxy_headers(host: str) -> dict[str, str]:
    """The headers nginx's `location /` sets on the way to gunicorn (deploy/nginx/templates), for one request."""
    conf = (ROOT / "deploy" / "nginx" / "templates" / "default.conf.template").read_text()
    nginx = {"$host": host, "$scheme": "https", "$remote_addr": CLIENT_IP, "$request_id": uuid.uuid4().hex}
    headers = {}
    for name, value in re.findall(r"proxy_set_header\s+(\S+)\s+(.+?);", conf):
        value = value.strip('"')
        for variable, real in nginx.items():
            value = value.replace(variable, real)
        if value:
            headers[name] = value
    assert {"Host", "X-Forwarded-Proto", "X-Forwarded-For"} <= set(headers), headers
    return headers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, size: int = 4000) -> str:
    text = path.read_text(errors="replace") if path.exists() else ""
    return text[-size:]


# --- The stack ----------------------------------------------------------------------------------------------
class Stack:
    """Runs compose services natively and stops every process it started (by process group, SIGTERM then KILL)."""

    def __init__(
        self, tmp: Path, env_file: dict[str, str], database_url: str, redis_url: str, redis_cache_url: str
    ) -> None:
        self.tmp = tmp
        self.env_file = env_file
        self.database_url = database_url
        self.redis_url = redis_url
        self.redis_cache_url = redis_cache_url
        self.started: list[tuple[str, subprocess.Popen[bytes]]] = []

    def local(self, value: str) -> str:
        """A container path on this machine: /app/var and /tmp in the temporary folder, /app is this checkout."""
        if value.startswith("/app/var"):
            return str(self.tmp / "var") + value[len("/app/var") :]
        if value.startswith("/app/"):
            return str(ROOT / value[len("/app/") :])
        if value.startswith("/tmp/"):
            return str(self.tmp / "tmp" / value[len("/tmp/") :])
        return value

    def env(self, service: str, **extra: str) -> dict[str, str]:
        spec = COMPOSE["services"][service]
        assert spec.get("env_file") == ".env", f"{service} reads .env"
        compose_env = {name: interpolate(str(value), self.env_file) for name, value in spec["environment"].items()}
        # The addresses compose gives are container names; check what it builds, then point at ours.
        compose_db = environ.Env.db_url_config(compose_env["DATABASE_URL"])
        assert (compose_db["HOST"], compose_db["PASSWORD"]) == ("postgres", self.env_file["POSTGRES_PASSWORD"])
        assert "@redis-cache:6379/" in compose_env.get("REDIS_CACHE_URL", "@redis-cache:6379/"), (
            "cache on its own Redis"
        )
        env = {name: value for name, value in os.environ.items() if name in {"HOME", "LANG", "LC_ALL", "TMPDIR"}}
        env |= image_env() | self.env_file | compose_env
        env = {name: self.local(value) for name, value in env.items()}
        env |= {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOSTNAME": socket.gethostname(),  # Docker sets it; the worker's healthcheck names the node with it
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "REDIS_BROKER_URL": self.redis_url,
            "REDIS_CACHE_URL": self.redis_cache_url,
            "STATIC_ROOT": str(self.tmp / "static"),  # /app/staticfiles, collected when the image is built
        }
        return env | extra

    def command(self, service: str) -> list[str]:
        command = COMPOSE["services"][service]["command"]
        assert isinstance(command, list), f"{service}: exec form, so no shell changes the words"
        return [interpolate(str(word), self.env_file) for word in command]

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        with open(self.log(name), "wb") as log:
            process = subprocess.Popen(
                argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.started.append((name, process))
        return process

    def finish(self, name: str, process: subprocess.Popen[bytes], *, timeout: float) -> None:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} did not finish within {timeout:.0f} s:\n{tail(self.log(name))}")
        assert process.returncode == 0, f"{name} exited with {process.returncode}:\n{tail(self.log(name))}"

    def run(self, name: str, argv: list[str], env: dict[str, str], *, timeout: float = 60) -> None:
        self.finish(name, self.start(name, argv, env), timeout=timeout)

    def log(self, name: str) -> Path:
        return self.tmp / f"{name}.log"

    def stop(self) -> None:
        running = [process for _, process in self.started if process.poll() is None]
        for process in running:
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in running:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            _signal_group(process, signal.SIGKILL)  # gunicorn's and celery's children, if any outlived the leader
            process.wait(timeout=10)


def _signal_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        pass


def wait_until(check: Callable[[], T], *, what: str, timeout: float, process: Any = None, log: Path | None = None) -> T:
    """Poll `check` until it returns something truthy; fail early if the process behind it exits."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process exited with {process.returncode}:\n{tail(log) if log else ''}")
        try:
            result = last = check()
        except (requests.RequestException, psycopg2.Error, subprocess.SubprocessError) as exc:
            result, last = None, exc
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"{what}: not within {timeout:.0f} s (last: {last!r})\n{tail(log) if log else ''}")


class Browser:
    """An officer's browser behind the proxy: every request carries nginx's headers, and cookies are kept by
    hand because they are Secure (the browser speaks https to nginx; only the hop to gunicorn is plain http)."""

    def __init__(self, base: str, host: str) -> None:
        self.base = base
        self.host = host
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = proxy_headers(self.host) | kwargs.pop("headers", {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        response = requests.request(
            method, self.base + path, headers=headers, allow_redirects=False, timeout=15, **kwargs
        )
        for header in response.raw.headers.getlist("Set-Cookie"):
            jar: SimpleCookie = SimpleCookie()
            jar.load(header)
            self.cookies |= {name: morsel.value for name, morsel in jar.items()}
        return response


# --- Fixtures -----------------------------------------------------------------------------------------------
@pytest.fixture
def fresh_database():
    db = settings.DATABASES["default"]
    if "postgresql" not in db["ENGINE"]:
        pytest.skip("the compose stack runs PostgreSQL (the embedded SQLite mode is tests/test_embedded_mode.py)")
    name = f"pz_guide_rehearsal_{os.getpid()}"
    params = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    if db["PASSWORD"]:
        params["password"] = db["PASSWORD"]
    admin = psycopg2.connect(dbname="postgres", connect_timeout=5, **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    try:
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _require_tool(name: str) -> None:
    if shutil.which(name) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed (.ci/run installs it)")
        pytest.skip(f"{name} is not installed")


def _compose_redis(service: str, folder: Path, extra_env: dict[str, str]) -> Iterator[str]:
    """A compose Redis service's command (a shell line that hands redis-server the password) on a free local port."""
    _require_tool("redis-server")
    port = free_port()
    folder.mkdir()
    shell, flag, line = COMPOSE["services"][service]["command"]
    assert (shell, flag) == ("sh", "-c") and "--requirepass" in line, f"{service} runs with a password"
    command = [shell, flag, line.replace("$$", "$") + f" --port {port} --bind 127.0.0.1 --dir {folder}"]
    password = secrets.token_urlsafe(16)
    process = subprocess.Popen(
        command,
        env={**os.environ, "REDIS_PASSWORD": password, **extra_env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"redis://:{password}@127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=0.5)
        wait_until(lambda: _ping(client), what=f"redis-server ({service})", timeout=15, process=process)
        yield url
    finally:
        _signal_group(process, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.fixture
def own_redis(tmp_path):
    """The compose `redis` service (the broker) on a free local port: no other test's queues or workers share it."""
    yield from _compose_redis("redis", tmp_path / "redis", {})


@pytest.fixture
def own_redis_cache(tmp_path):
    """The compose `redis-cache` service (cache and rate limits) on a free local port."""
    yield from _compose_redis("redis-cache", tmp_path / "redis-cache", {"REDIS_CACHE_MAXMEMORY": "64mb"})


def _ping(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


# --- Tests --------------------------------------------------------------------------------------------------
def test_every_value_the_install_fills_in_is_named_in_the_install_steps():
    install = GUIDE[GUIDE.index("## 2. ") : GUIDE.index("## 3. ")]
    _, filled = operator_env_file()
    assert filled, "the rehearsal fills nothing: .env.example or production_env changed shape"
    assert {name for name in filled if f"`{name}`" not in install} == set(), (
        "the system cannot start without these, and section 2 of the guide never tells the officer to fill them"
    )


def test_the_install_in_the_guide_works_with_the_compose_commands(tmp_path, fresh_database, own_redis, own_redis_cache):
    _require_tool("pg_dump")  # the image installs postgresql-client for `manage.py backup`
    env_file, _ = operator_env_file()
    stack = Stack(tmp_path, env_file, fresh_database, own_redis, own_redis_cache)
    host = env_file["ALLOWED_HOSTS"].split(",")[0].strip()
    try:
        # Step 5: the image's build collects static files; `migrate` runs once before anything else starts.
        build_env, build_command = image_build_step("collectstatic")
        build_env = {name: stack.local(value) for name, value in (image_env() | build_env).items()}
        build_env |= {"PATH": stack.env("web")["PATH"], "STATIC_ROOT": str(tmp_path / "static")}
        collect = stack.start("collectstatic", build_command, build_env)
        migrate = stack.start("migrate", stack.command("migrate"), stack.env("migrate"))
        stack.finish("migrate", migrate, timeout=120)
        stack.finish("collectstatic (image build)", collect, timeout=120)

        port = free_port()
        web = stack.start("web", stack.command("web"), stack.env("web", GUNICORN_BIND=f"127.0.0.1:{port}"))
        worker = stack.start("worker", stack.command("worker"), stack.env("worker"))
        beat = stack.start("beat", stack.command("beat"), stack.env("beat"))
        beat_started = time.monotonic()

        # Step 7, while the services boot.
        service, createsuperuser = guide_command("createsuperuser")
        password = secrets.token_urlsafe(16)
        stack.run(
            "createsuperuser",
            [*createsuperuser, "--noinput"],
            stack.env(
                service,
                DJANGO_SUPERUSER_USERNAME="quantri.tinh",
                DJANGO_SUPERUSER_EMAIL="cntt@congan.example.gov.vn",
                DJANGO_SUPERUSER_PASSWORD=password,
            ),
        )

        # Step 6: /healthz, then /readyz says ok.
        base = f"http://127.0.0.1:{port}"
        wait_until(
            lambda: requests.get(f"{base}/healthz", timeout=2).status_code == 200,
            what="GET /healthz on the web service",
            timeout=45,
            process=web,
            log=stack.log("web"),
        )
        ready = requests.get(f"{base}/readyz", headers=proxy_headers(host), timeout=10)
        assert ready.status_code == 200, ready.text
        assert ready.json()["status"] == "ok", ready.json()
        # The image's own HEALTHCHECK (what `docker compose ps` shows as healthy) passes against this web.
        health = subprocess.run(
            image_healthcheck(port), env=stack.env("web"), cwd=ROOT, capture_output=True, text=True, timeout=30
        )
        assert health.returncode == 0, f"the image's HEALTHCHECK fails:\n{health.stderr[-2000:]}"

        # Production refuses plain http: without the proxy's headers the app redirects to https.
        plain = requests.get(f"{base}/admin/login/", headers={"Host": host}, allow_redirects=False, timeout=10)
        assert plain.status_code == 301 and plain.headers["Location"] == f"https://{host}/admin/login/"

        # Step 8: log in to the admin through the proxy's headers.
        browser = Browser(base, host)
        login = browser.request("GET", "/admin/login/?next=/admin/")
        assert login.status_code == 200, login.text[:2000]
        stylesheet = re.search(r'href="(/static/admin/css/[^"]+\.css)"', login.text)
        assert stylesheet and re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), "hashed static files"
        assert browser.request("GET", stylesheet.group(1)).status_code == 200
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
        assert csrf, "the login form carries a CSRF token"
        posted = browser.request(
            "POST",
            "/admin/login/?next=/admin/",
            data={
                "csrfmiddlewaretoken": csrf.group(1),
                "username": "quantri.tinh",
                "password": password,
                "next": "/admin/",
            },
            headers={"Origin": f"https://{host}", "Referer": f"https://{host}/admin/login/?next=/admin/"},
        )
        assert posted.status_code == 302, f"login refused ({posted.status_code}):\n{posted.text[:3000]}"
        assert posted.headers["Location"] == "/admin/"
        # Still step 8: production asks for the second factor first; the officer enrols an authenticator app
        # (this test computes its codes, RFC 6238) and is shown the recovery codes once.
        assert "xác thực hai lớp" in GUIDE[GUIDE.index("8. Đăng nhập") : GUIDE.index("## 3. ")]
        to_verify = browser.request("GET", "/admin/")
        assert to_verify.status_code == 302 and to_verify.headers["Location"].startswith("/admin/xac-thuc/")
        to_enrol = browser.request("GET", to_verify.headers["Location"])
        assert to_enrol.status_code == 302 and to_enrol.headers["Location"].startswith("/admin/xac-thuc/dang-ky/")
        enrol_path = to_enrol.headers["Location"]
        enrol = browser.request("GET", enrol_path)
        assert enrol.status_code == 200 and "<svg" in enrol.text, enrol.text[:2000]
        secret = re.search(r'id="second-factor-secret">([A-Z2-7 ]+)<', enrol.text)
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', enrol.text)
        assert secret and csrf, enrol.text[:3000]
        confirmed = browser.request(
            "POST",
            enrol_path,
            data={"csrfmiddlewaretoken": csrf.group(1), "code": _totp(secret.group(1)), "next": "/admin/"},
            headers={"Origin": f"https://{host}", "Referer": f"https://{host}{enrol_path}"},
        )
        assert confirmed.status_code == 302, confirmed.text[:3000]
        codes = browser.request("GET", confirmed.headers["Location"])
        assert codes.status_code == 200 and len(re.findall(r"<li><code>[a-z2-7]+</code></li>", codes.text)) == 10
        index = browser.request("GET", "/admin/")
        assert index.status_code == 200 and "Bảng điều khiển" in index.text, index.text[:2000]

        # Section 5.6: "Cấp quyền OA" sends Zalo the callback address the guide has the officer register.
        authorize = browser.request("GET", "/admin/zalo/officialaccount/1/authorize/")
        assert authorize.status_code == 302, authorize.text[:2000]
        query = parse_qs(urlsplit(authorize.headers["Location"]).query)
        assert query["redirect_uri"] == [f"https://{host}/admin/zalo/officialaccount/callback/"]
        assert f"`https://<tên miền>{urlsplit(query['redirect_uri'][0]).path}`" in GUIDE
        assert query["app_id"] == [env_file["ZALO_APP_ID"]]

        # The worker answers compose's healthcheck; beat has loaded its schedule and stays up.
        check = COMPOSE["services"]["worker"]["healthcheck"]["test"]
        assert check[0] == "CMD-SHELL"
        ping = ["sh", "-c", interpolate(check[1], {})]
        wait_until(
            lambda: (
                subprocess.run(ping, env=stack.env("worker"), cwd=ROOT, capture_output=True, timeout=30).returncode == 0
            ),
            what=f"the worker's healthcheck `{ping[2]}`",
            timeout=45,
            process=worker,
            log=stack.log("worker"),
        )
        wait_until(
            lambda: "ops-heartbeat" in _periodic_tasks(fresh_database),
            what="beat writing its schedule (django_celery_beat)",
            timeout=30,
            process=beat,
            log=stack.log("beat"),
        )
        time.sleep(max(0.0, 3 - (time.monotonic() - beat_started)))
        assert beat.poll() is None, f"beat stopped:\n{tail(stack.log('beat'))}"
        assert web.poll() is None and worker.poll() is None

        # Section 4: the backup command writes an archive with the database in it.
        service, backup = guide_command("backup")
        backup_env = stack.env(service)
        stack.run("backup", backup, backup_env, timeout=60)
        archives = list(Path(backup_env["BACKUP_DIR"]).glob("policezalo-backup-*.tar.age"))
        assert len(archives) == 1, archives
        identity = pyrage.x25519.Identity.from_str(BACKUP_KEY[0].splitlines()[-1])
        with tarfile.open(fileobj=io.BytesIO(pyrage.decrypt(archives[0].read_bytes(), [identity]))) as archive:
            assert "database.dump" in archive.getnames()
    finally:
        stack.stop()


def _totp(secret: str) -> str:
    """What an authenticator app shows now for a base32 key (RFC 6238: SHA-1, 30-second steps, 6 digits)."""
    key = secret.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    digest = hmac.new(key, struct.pack(">Q", int(time.time() // 30)), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def _periodic_tasks(database_url: str) -> set[str]:
    with psycopg2.connect(database_url, connect_timeout=5) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT name FROM django_celery_beat_periodictask")
        names = {row[0] for row in cursor.fetchall()}
    conn.close()
    return names
