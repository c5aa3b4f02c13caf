"""The operator guide stays true: every command, variable, file and service it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "huong-dan-van-hanh.md").read_text()


def test_every_manage_py_command_in_the_guide_exists():
    named = set(re.findall(r"manage\.py (\w+)", GUIDE))
    assert {"backup", "restore", "createsuperuser"} <= named
    assert named - set(get_commands()) == set()


def test_every_variable_in_the_guide_is_in_env_example():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`", GUIDE))
    assert named - documented == set()


def test_every_compose_service_and_profile_in_the_guide_exists():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = set(compose["services"])
    profiles = {p for s in compose["services"].values() for p in s.get("profiles", [])}
    named = set(re.findall(r"docker compose run --rm (\w+)", GUIDE))
    for group in re.findall(r"docker compose (?:stop|restart|logs|ps|up -d)((?: [a-z]+)+)", GUIDE):
        named |= set(group.split())
    assert {"web", "proxy", "postgres"} <= named
    assert named - services == set()
    assert set(re.findall(r"--profile (\w+)", GUIDE)) <= profiles


def test_every_file_the_guide_points_to_exists():
    for path in re.findall(r"`((?:docs|deploy|miniapp)/[\w./-]+|\.env\.example)`", GUIDE):
        assert (ROOT / path).exists(), path


def test_the_guide_covers_every_step_in_order():
    headings = re.findall(r"^## \d+\. (.+)$", GUIDE, re.MULTILINE)
    expected = [
        "Yêu cầu máy chủ",
        "Cài đặt lần đầu",
        "Tạo đơn vị và tài khoản cán bộ",
        "Sao lưu và khôi phục",
        "Zalo",
        "Nâng cấp và quay lui",
        "Mở rộng",
        "Xử lý sự cố theo dấu hiệu",
    ]
    assert headings == expected
