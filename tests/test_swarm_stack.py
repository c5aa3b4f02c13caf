"""docker-stack.yml (Docker Swarm) stays in step with docker-compose.yml and the settings: the same image and .env
names, every secret through a *_FILE variable the settings read, rolling updates gated by healthchecks, a one-shot
migrate, beat locked, every queue consumed. deploy/swarm_drill.py runs it for real."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[1]
APP_SERVICES = ("migrate", "web", "worker", "worker-notify", "beat")


def _stack() -> dict:
    return yaml.safe_load((ROOT / "docker-stack.yml").read_text())


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _swarm_secret_names() -> list[str]:
    text = (ROOT / "deploy" / "swarm.sh").read_text()
    names = re.search(r"SECRET_NAMES=\(([^)]*)\)", text)
    assert names, "deploy/swarm.sh lists SECRET_NAMES"
    return names.group(1).split()


def test_the_stack_runs_the_compose_image_and_reads_the_same_env_file():
    stack, compose = _stack()["services"], _compose()["services"]
    for name in APP_SERVICES:
        assert stack[name]["image"] == compose[name]["image"] == "${APP_IMAGE:-policezalo}:${APP_VERSION:-latest}"
        assert stack[name]["env_file"] == compose[name]["env_file"] == ".env"
    for name in ("postgres", "redis", "proxy"):
        assert stack[name]["image"] == compose[name]["image"]
    assert stack["postgres"]["environment"]["POSTGRES_USER"] == compose["postgres"]["environment"]["POSTGRES_USER"]
    assert stack["postgres"]["environment"]["POSTGRES_DB"] == compose["postgres"]["environment"]["POSTGRES_DB"]


def test_every_app_variable_compose_sets_is_set_in_the_stack_directly_or_as_a_secret_file():
    compose_env = _compose()["services"]["web"]["environment"]
    stack_env = _stack()["services"]["web"]["environment"]
    for name in compose_env:
        assert name in stack_env or f"{name}_FILE" in stack_env, name


def test_every_secret_is_a_mounted_swarm_secret_read_through_its_file_variable():
    stack = _stack()
    secrets_of = {name: set(service.get("secrets") or []) for name, service in stack["services"].items()}
    file_variables = {k: v for k, v in stack["services"]["web"]["environment"].items() if k.endswith("_FILE")}
    assert file_variables
    for variable, path in file_variables.items():
        secret = path.removeprefix("/run/secrets/")
        assert path.startswith("/run/secrets/") and secret in stack["secrets"], variable
        for service in APP_SERVICES:
            assert secret in secrets_of[service], f"{service} does not mount {secret}"
    # deploy/swarm.sh creates each pz_<name> the stack expects from .env
    created = {f"pz_{name.lower()}" for name in _swarm_secret_names()}
    external = {name for name, spec in stack["secrets"].items() if spec.get("external")}
    assert external == created
    assert stack["services"]["postgres"]["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/pz_postgres_password"
    assert "/run/secrets/pz_redis_password" in " ".join(stack["services"]["redis"]["command"])


def test_every_secret_the_settings_require_in_production_comes_from_a_file_in_the_stack(tmp_path):
    """The settings start in production with every secret given only as a file, as Swarm mounts them, and read
    the files' contents (config/env.py: NAME_FILE)."""
    stack_env = _stack()["services"]["web"]["environment"]
    env = production_env()
    expected = {}
    for variable in (k for k in stack_env if k.endswith("_FILE")):
        name = variable.removesuffix("_FILE")
        made_up = f"value-of-{name.lower()}-{os.urandom(8).hex()}"
        if name.startswith("REDIS_") and name.endswith("_URL"):
            made_up = f"redis://:{made_up}@127.0.0.1:6379/0"  # read as an address at start: must be one
        value = env.pop(name, None) or made_up
        path = tmp_path / name.lower()
        path.write_text(value + "\n")
        env[variable] = str(path)
        expected[name] = value
    dump = (
        "import django, json; django.setup(); from django.conf import settings; "
        "from config.env import SECRET_VARIABLES; "
        "print(json.dumps({'secrets': sorted(SECRET_VARIABLES), 'SECRET_KEY': settings.SECRET_KEY, "
        "'FIELD_ENCRYPTION_KEY': settings.FIELD_ENCRYPTION_KEY, 'ZALO_APP_SECRET': settings.ZALO_APP_SECRET, "
        "'db': settings.DATABASES['default']['NAME'], 'redis': settings.REDIS_URL}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", dump],
        env={**env, "PYTHONPATH": str(ROOT / "backend"), "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    read = json.loads(result.stdout.strip().splitlines()[-1])
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ZALO_APP_SECRET"):
        assert read[name] == expected[name]
    assert read["redis"] == expected["REDIS_URL"]
    assert read["db"] == expected["DATABASE_URL"].rsplit("/", 1)[1]
    # Every secret production requires is given as a file (optional ones may stay in .env)
    required = {"SECRET_KEY", "CITIZEN_TOKEN_SECRET", "PII_HASH_KEY", "FIELD_ENCRYPTION_KEY", "ZALO_APP_SECRET"}
    required |= {"ZALO_OA_SECRET_KEY"}
    assert required <= set(read["secrets"])
    assert required | {"DATABASE_URL", "REDIS_URL"} <= set(expected)


def test_a_secret_both_in_env_and_in_a_file_is_refused(tmp_path):
    path = tmp_path / "secret_key"
    path.write_text("x" * 60)
    env = production_env(SECRET_KEY_FILE=str(path))
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "PYTHONPATH": str(ROOT / "backend"), "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "SECRET_KEY_FILE" in result.stderr


def test_web_and_workers_roll_start_first_behind_a_healthcheck_and_roll_back_by_themselves():
    services = _stack()["services"]
    for name in ("web", "worker", "worker-notify"):
        deploy = services[name]["deploy"]
        assert deploy["update_config"]["order"] == "start-first", name
        assert deploy["update_config"]["failure_action"] == "rollback", name
        health = services[name]["healthcheck"]
        assert health.get("test") and not health.get("disable"), name
        assert int(str(deploy["replicas"]).split(":-")[-1].rstrip("}")) >= 2 or name == "worker", name
    # nginx sees every replica's address; no service relies on Swarm's virtual IPs (IPVS)
    assert {name: service["deploy"].get("endpoint_mode") for name, service in services.items()} == {
        name: "dnsrr" for name in services
    }


def test_migrate_is_one_shot_and_the_app_waits_for_the_schema():
    services = _stack()["services"]
    assert services["migrate"]["deploy"]["restart_policy"]["condition"] == "none"
    assert "manage.py migrate --noinput" in " ".join(services["migrate"]["command"])
    for name in ("web", "worker", "worker-notify", "beat"):
        assert "manage.py migrate --check" in " ".join(services[name]["command"]), name


def test_two_beats_run_and_the_settings_lock_them(settings):
    beat = _stack()["services"]["beat"]
    assert beat["deploy"]["replicas"] == "${BEAT_REPLICAS:-2}"
    assert "celery -A config beat" in " ".join(beat["command"])
    assert settings.CELERY_BEAT_SCHEDULER == "ops.beat:SingleBeatScheduler"


def test_the_drill_recognises_the_beats_by_what_ops_beat_logs():
    """The drill tells the leader from the standby by their log lines: a reworded message must not make it wait in
    vain (it did once, after the messages were respelt)."""
    drill = (ROOT / "deploy" / "swarm_drill.py").read_text()
    beat = (ROOT / "backend" / "ops" / "beat.py").read_text()
    markers = dict(re.findall(r'^(LEADER_LOG|STANDBY_LOG) = "([^"]+)"', drill, re.MULTILINE))
    assert set(markers) == {"LEADER_LOG", "STANDBY_LOG"}
    for marker in markers.values():
        assert marker in beat, marker


def test_every_celery_queue_is_consumed_in_the_stack(settings):
    consumed: set[str] = set()
    for service in _stack()["services"].values():
        command = " ".join(service.get("command") or [])
        match = re.search(r"celery -A config worker -Q (\S+)", command)
        if match:
            consumed |= set(match.group(1).split(","))
    assert set(settings.CELERY_QUEUE_NAMES) <= consumed


def test_nginx_files_are_swarm_configs_named_by_content():
    stack = _stack()
    proxy = stack["services"]["proxy"]
    targets = {config["target"] for config in proxy["configs"]}
    assert "/etc/nginx/templates/default.conf.template" in targets
    for spec in stack["configs"].values():
        assert "${PZ_NGINX_DIGEST" in spec["name"]
        assert (ROOT / spec["file"]).exists()
    assert proxy["environment"]["TLS_CERT_FILE"] == "/run/secrets/pz_tls_cert"


def test_the_proxy_re_resolves_the_app_and_retries_a_refused_replica():
    conf = (ROOT / "deploy/nginx/templates/default.conf.template").read_text()
    assert re.search(r"^resolver 127\.0\.0\.11 valid=\d+s", conf, re.MULTILINE)
    passes = re.findall(r"proxy_pass\s+([^;]+);", conf)
    assert passes and all(target.startswith("$") for target in passes), passes  # a variable: resolved per request
    assert "set $app http://web:8000;" in conf
    assert re.search(r"^proxy_next_upstream error timeout;", conf, re.MULTILINE)
    assert "non_idempotent" not in conf  # a POST that reached a replica is never sent again


def test_the_stack_file_renders_with_docker_stack_config(tmp_path):
    docker = shutil.which("docker")
    if docker is None:
        if os.environ.get("CI"):
            pytest.fail("docker is not installed (.ci/run installs it)")
        pytest.skip("docker is not installed")
    shutil.copy(ROOT / "docker-stack.yml", tmp_path / "docker-stack.yml")
    (tmp_path / ".env").write_text("SERVER_NAME=dichvucong.example.vn\n")
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "SERVER_NAME": "dichvucong.example.vn",
        "PZ_NGINX_DIGEST": "abc",
        "PZ_TLS_DIGEST": "def",
    }
    result = subprocess.run(
        [docker, "stack", "config", "-c", "docker-stack.yml"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    if "is not a docker command" in result.stderr:
        pytest.skip("this docker CLI has no `stack config`")
    assert result.returncode == 0, result.stderr
    rendered = yaml.safe_load(result.stdout)
    assert rendered["services"]["web"]["deploy"]["replicas"] == 2
    assert rendered["configs"]["pz_nginx_template"]["name"] == "pz_nginx_template_abc"


def test_swarm_sh_is_valid_bash_and_takes_secrets_out_of_env():
    script = ROOT / "deploy" / "swarm.sh"
    assert subprocess.run(["bash", "-n", str(script)], capture_output=True).returncode == 0
    assert os.access(script, os.X_OK)
    text = script.read_text()
    assert "docker secret create" in text and "docker stack deploy" in text
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "ZALO_APP_SECRET", "DATABASE_URL", "REDIS_URL"):
        assert name in _swarm_secret_names()
