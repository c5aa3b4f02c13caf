"""The operator guide stays true: every command, variable, file and service it names exists."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml
from django.core.management import get_commands

from tests.config.production_env import production_env

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "huong-dan-van-hanh.md").read_text()


def test_every_manage_py_command_in_the_guide_exists():
    named = set(re.findall(r"manage\.py (\w+)", GUIDE))
    assert {"backup", "restore", "createsuperuser"} <= named
    assert named - set(get_commands()) == set()


# What `zmp login` writes into miniapp/.env (zmp-cli 4.0.3): named in the guide, read by no code of ours.
ZMP_CLI_VARIABLES = {"APP_ID", "ZMP_TOKEN"}


def test_every_variable_in_the_guide_is_in_env_example():
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    named = set(re.findall(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`", GUIDE))
    server = {name for name in named if not name.startswith("VITE_")} - ZMP_CLI_VARIABLES
    assert server - documented == set()


def test_every_mini_app_build_variable_in_the_guide_is_read_by_the_mini_app():
    sources = "\n".join(path.read_text() for path in (ROOT / "miniapp" / "src").rglob("*.ts*"))
    named = {name for name in re.findall(r"`([A-Z][A-Z0-9_]{3,})(?:=[^`]*)?`", GUIDE) if name.startswith("VITE_")}
    assert "VITE_API_BASE" in named, "the guide must say how the Mini App build learns the API address"
    assert {name for name in named if f"import.meta.env.{name}" not in sources} == set()


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
        "Nhiều máy chủ (Docker Swarm)",
    ]
    assert headings == expected


def test_the_zalo_section_walks_through_registration_to_publishing_in_order():
    section = GUIDE[GUIDE.index("## 5. Zalo") : GUIDE.index("## 6. ")]
    steps = re.findall(r"^### 5\.(\d) (.+)$", section, re.MULTILINE)
    assert [(int(n), title) for n, title in steps] == [
        (1, "Đăng ký ứng dụng Zalo"),
        (2, "Official Account và liên kết với ứng dụng"),
        (3, "Tạo Mini App"),
        (4, "Điền khóa vào `.env`"),
        (5, "Khai báo webhook"),
        (6, "Cấp quyền OA lần đầu"),
        (7, "Mẫu tin ZNS (gửi tin theo số điện thoại)"),
        (8, "Build và đưa Mini App lên Zalo"),
        (9, "Sau khi Mini App được duyệt"),
    ]
    # The things an officer types or pastes, each in the step that needs it.
    for step, needles in {
        "5.1": ["ZALO_APP_ID", "ZALO_APP_SECRET"],
        "5.2": ["ZALO_OA_ID", "ZALO_OA_SECRET_KEY"],
        "5.5": ["/api/v1/zalo/webhook"],
        "5.6": ["/admin/zalo/officialaccount/callback/"],
        "5.7": ["NOTIFY_ZNS_TEMPLATES"],
        "5.8": ["VITE_API_BASE", "zmp login", "zmp deploy", "npm run build", "CORS_ALLOWED_ORIGINS"],
        "5.9": ["MINIAPP_LOOKUP_URL"],
    }.items():
        body = re.split(r"^### ", section, flags=re.MULTILINE)[int(step[-1])]
        assert all(needle in body for needle in needles), (step, [n for n in needles if n not in body])


def test_the_urls_the_guide_has_the_officer_register_with_zalo_are_ours():
    from django.urls import reverse

    assert "https://<tên miền>/api/v1/zalo/webhook" in GUIDE
    assert reverse("zalo-webhook") == "/api/v1/zalo/webhook"
    assert "https://<tên miền>/admin/zalo/officialaccount/callback/" in GUIDE
    assert reverse("admin:zalo_officialaccount_callback") == "/admin/zalo/officialaccount/callback/"


def test_every_secret_the_install_step_has_you_generate_is_accepted_by_production(tmp_path):
    """Run the guide's own generator commands and start production settings with what they print."""
    install = GUIDE[GUIDE.index("## 2. ") : GUIDE.index("## 3. ")]
    generated: dict[str, str] = {}
    for bullet in re.split(r"\n   - ", install)[1:]:
        names = re.findall(r"`([A-Z][A-Z0-9_]{3,})`", bullet.split(":", 1)[0])
        commands = re.findall(r'`python3 -c "([^"`]+)"`', bullet)
        for name in names:
            if commands:
                code = commands[0]
                value = subprocess.run(
                    [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=True
                ).stdout.strip()
                generated[name] = value
    required = {"SECRET_KEY", "CITIZEN_TOKEN_SECRET", "PII_HASH_KEY", "FIELD_ENCRYPTION_KEY", "POSTGRES_PASSWORD"}
    assert required <= set(generated), f"no generator command in the guide for {required - set(generated)}"
    assert len(set(generated.values())) == len(generated), "every run gives a new value"
    # The password goes into DATABASE_URL as it is (docker-compose.yml): it must need no URL escaping.
    assert re.fullmatch(r"[A-Za-z0-9_-]+", generated["POSTGRES_PASSWORD"])

    secrets = {name: value for name, value in generated.items() if name != "POSTGRES_PASSWORD"}
    check = (
        "import django; django.setup(); from common.crypto import decrypt_text, encrypt_text; "
        "assert decrypt_text(encrypt_text('0912345678')) == '0912345678'"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        env={
            **production_env(**secrets),
            "PYTHONPATH": str(ROOT / "backend"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
        },
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-2000:]
