"""The deployment files stay in step with the code: compose validates offline, .env.example lists
every variable the settings read."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[1]

DUMP = "import django; django.setup(); import json; from config.env import READ_VARIABLES; print(json.dumps(sorted(READ_VARIABLES)))"


def _variables_read(env: dict[str, str]) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", DUMP],
        env={**env, "PYTHONPATH": str(ROOT / "backend"), "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_every_variable_the_settings_read_is_documented_in_env_example(tmp_path):
    embedded = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ENV"}}
    embedded["VAR_DIR"] = str(tmp_path)
    read = _variables_read(embedded) | _variables_read(production_env())
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - documented == set()


def test_compose_file_is_valid_offline(tmp_path):
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is not installed (.ci/run installs it)")
        pytest.skip("docker-compose is not installed")
    shutil.copy(ROOT / "docker-compose.yml", tmp_path / "docker-compose.yml")
    env_text = (
        (ROOT / ".env.example")
        .read_text()
        .replace("POSTGRES_PASSWORD=\n", "POSTGRES_PASSWORD=x\n")
        .replace("REDIS_PASSWORD=\n", "REDIS_PASSWORD=x\n")
    )
    (tmp_path / ".env").write_text(env_text)
    result = subprocess.run([compose, "config", "-q"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    services = subprocess.run(
        [compose, "config", "--services"], cwd=tmp_path, capture_output=True, text=True
    ).stdout.split()
    assert {"postgres", "redis", "migrate", "web", "worker", "beat"} <= set(services)


def test_compose_keeps_the_broker_apart_from_the_cache():
    """The broker (queues: durable, never evicted) and the cache (rate limits, responses: evicted when full) are two
    Redis services, and every app service reaches each through its own URL."""
    import yaml

    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    broker, cache = " ".join(services["redis"]["command"]), " ".join(services["redis-cache"]["command"])
    assert "--appendonly yes" in broker and "--maxmemory-policy noeviction" in broker
    assert "--appendonly no" in cache and "--maxmemory-policy allkeys-lru" in cache and "--maxmemory " in cache
    assert "volumes" not in services["redis-cache"]  # nothing in it must outlive a restart
    environment = compose["x-app-environment"]
    assert "@redis:6379" in environment["REDIS_BROKER_URL"]
    assert "@redis-cache:6379" in environment["REDIS_CACHE_URL"]
    assert services["migrate"]["depends_on"]["redis-cache"] == {"condition": "service_healthy"}
    # The Swarm stack the same way, the URLs as secrets (deploy/swarm.sh creates pz_redis_cache_url).
    stack = yaml.safe_load((ROOT / "docker-stack.yml").read_text())
    assert "--maxmemory-policy allkeys-lru" in " ".join(stack["services"]["redis-cache"]["command"])
    assert "volumes" not in stack["services"]["redis-cache"]
    assert stack["x-app-environment"]["REDIS_CACHE_URL_FILE"] == "/run/secrets/pz_redis_cache_url"
    assert "REDIS_CACHE_URL" in (ROOT / "deploy/swarm.sh").read_text()


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")
    result = subprocess.run(
        [hadolint, "--no-color", "--failure-threshold", "warning", str(ROOT / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_proxy_overwrites_forwarded_headers_and_the_app_trusts_one_hop():
    conf = (ROOT / "deploy/nginx/templates/default.conf.template").read_text()
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in conf  # overwrite, never $proxy_add_x_forwarded_for
    assert "proxy_add_x_forwarded_for" not in conf
    assert "limit_req zone=per_ip" in conf and "client_max_body_size" in conf
    assert re.search(r"^TRUSTED_PROXY_COUNT=1$", (ROOT / ".env.example").read_text(), re.MULTILINE)


def _compose_worker_queues() -> set[str]:
    import yaml

    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    consumed: set[str] = set()
    for service in services.values():
        command = service.get("command") or []
        if isinstance(command, str):
            command = command.split()
        if "celery" in command and "worker" in command:
            assert "-Q" in command, "every worker service names its queues explicitly"
            consumed |= set(command[command.index("-Q") + 1].split(","))
    return consumed


def test_every_celery_queue_is_consumed_by_a_worker_service(settings):
    assert set(settings.CELERY_QUEUE_NAMES) <= _compose_worker_queues()
    routed = {route["queue"] for route in (getattr(settings, "CELERY_TASK_ROUTES", None) or {}).values()}
    assert routed <= set(settings.CELERY_QUEUE_NAMES), "a task is routed to a queue missing from CELERY_QUEUE_NAMES"


def _normalized(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower().split("[")[0]


def _top_level_pins(requirements: Path) -> dict[str, str]:
    """name -> version of each `name==version` line, following `-r other.txt` includes."""
    pins: dict[str, str] = {}
    for line in requirements.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            pins |= _top_level_pins(requirements.parent / line[3:].strip())
        elif line:
            name, version = line.split("==")
            pins[_normalized(name)] = version.strip()
    return pins


def _locked(lock: Path) -> dict[str, str]:
    return {
        _normalized(name): version
        for name, version in re.findall(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", lock.read_text(), re.M)
    }


def test_the_image_installs_the_hashed_lock():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r /tmp/requirements.lock" in dockerfile


def test_make_install_installs_the_hashed_dev_lock_and_reinstalls_when_a_lock_changes():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.lock" in makefile
    assert "cat requirements.lock requirements-dev.lock | md5sum" in makefile


@pytest.mark.parametrize(
    ("requirements", "lock"),
    [("requirements.txt", "requirements.lock"), ("requirements-dev.txt", "requirements-dev.lock")],
)
def test_each_lock_pins_every_requirement_at_its_version_with_hashes(requirements, lock):
    """`make lock` writes both locks; a requirement changed without running it fails here."""
    locked = _locked(ROOT / lock)
    for name, version in _top_level_pins(ROOT / requirements).items():
        assert locked.get(name) == version, f"{name}=={version} is not in {lock}: run `make lock`"
    entries = re.split(r"\n(?=[A-Za-z0-9])", (ROOT / lock).read_text().strip())
    assert all("--hash=sha256:" in entry for entry in entries if not entry.startswith("#"))


def test_the_tests_run_the_versions_the_image_runs():
    runtime, dev = _locked(ROOT / "requirements.lock"), _locked(ROOT / "requirements-dev.lock")
    assert {name: (version, dev.get(name)) for name, version in runtime.items() if dev.get(name) != version} == {}


def test_the_example_prometheus_rules_parse_and_name_metrics_we_export():
    import yaml

    rules = yaml.safe_load((ROOT / "deploy" / "prometheus" / "alerts.yml").read_text())
    expressions = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    assert len(expressions) >= 4
    ours = set(re.findall(r"\bpolicezalo_[a-z_]+", " ".join(expressions)))
    exported = set(re.findall(r'"(policezalo_[a-z_]+)"', (ROOT / "backend" / "ops" / "metrics.py").read_text()))
    assert ours and ours <= exported, ours - exported
