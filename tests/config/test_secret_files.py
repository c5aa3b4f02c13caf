"""Every setting can come from a file named by NAME_FILE (Docker/Swarm secrets), so secrets stay out of
`docker inspect` and the process environment."""

from __future__ import annotations

from tests.config.production_env import PRODUCTION_ENV, production_env
from tests.config.test_production_settings import manage

SHOW = (
    "from django.conf import settings; print(settings.SECRET_KEY == open('{}').read().strip(), settings.PII_HASH_KEY)"
)


def test_a_secret_is_read_from_the_file_its_FILE_variable_names(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION_ENV["SECRET_KEY"] + "\n")  # a trailing newline, as `echo … > file` leaves
    pii = tmp_path / "pii"
    pii.write_text("pii-hash-key-from-a-docker-secret-0123456789")
    env = production_env(SECRET_KEY=None, SECRET_KEY_FILE=str(secret), PII_HASH_KEY=None, PII_HASH_KEY_FILE=str(pii))
    result = manage("shell", "-c", SHOW.format(secret), env=env)
    assert result.returncode == 0, result.stderr[-800:]
    assert result.stdout.strip().splitlines()[-1].split() == ["True", "pii-hash-key-from-a-docker-secret-0123456789"]


def test_a_value_and_its_file_together_are_refused_by_name(tmp_path):
    secret = tmp_path / "secret_key"
    secret.write_text(PRODUCTION_ENV["SECRET_KEY"])
    result = manage("check", env=production_env(SECRET_KEY_FILE=str(secret)))
    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr.splitlines()[-1]


def test_an_unreadable_secret_file_is_refused_by_name(tmp_path):
    result = manage("check", env=production_env(SECRET_KEY=None, SECRET_KEY_FILE=str(tmp_path / "missing")))
    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr.splitlines()[-1]
