"""Officer sign-in: lockout after wrong passwords (django-axes) and the second factor (django-otp).

The cast: officer_a and leader_a in unit_a, officer_b in unit_b, the provincial admin; every sign-in goes
through the admin's real form, as a browser would.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import struct
import subprocess
import sys
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.urls import URLPattern, URLResolver
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.second_factor import recovery_codes_create
from tests.config.production_env import production_env

PASSWORD = "mat-khau-thu-nghiem"  # tests/factories.py
STATION = "203.0.113.7"  # the officer's address as our proxy sees it
VERIFY = "/admin/xac-thuc/"
ENROL = "/admin/xac-thuc/dang-ky/"
CODES = "/admin/xac-thuc/ma-khoi-phuc/"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **extra,
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def totp_now(secret: str, *, at: float | None = None) -> str:
    """RFC 6238 with SHA-1, 30 s steps, 6 digits: what an authenticator app shows for `secret` (base32)."""
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{number % 1_000_000:06d}"


def enrolled_device(officer) -> tuple[TOTPDevice, str]:
    device = TOTPDevice.objects.create(user=officer, name="Ứng dụng xác thực", confirmed=True)
    return device, base64.b32encode(device.bin_key).decode()


@pytest.fixture
def otp_required(settings):
    settings.ADMIN_OTP_REQUIRED = True


# --- Lockout --------------------------------------------------------------------------------------------------
def test_after_the_limit_of_wrong_passwords_the_right_one_is_refused_with_a_vietnamese_message(
    client, officer_a, settings
):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "officer_a", "sai-mat-khau")
        assert response.status_code == 200, attempt  # the form again, with its error
    locked = sign_in(client, "officer_a", "sai-mat-khau")
    assert locked.status_code == 429

    response = sign_in(client, "officer_a")
    assert response.status_code == 429
    assert not signed_in(client)
    text = response.content.decode()
    assert "tạm khóa" in text and f"{settings.AXES_FAILURE_LIMIT} lần" in text
    assert f"khóa {settings.AXES_COOLOFF_MINUTES} phút" in text and "thử lại sau khoảng" in text.lower()
    assert int(response["Retry-After"]) <= settings.AXES_COOLOFF_MINUTES * 60
    assert client.get("/admin/").status_code == 302


def test_a_forged_x_forwarded_for_does_not_buy_fresh_attempts(client, officer_a, settings):
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw to what the client sent
    for n in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer_a", "sai-mat-khau", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, {STATION}")

    response = sign_in(client, "officer_a", HTTP_X_FORWARDED_FOR=f"198.51.100.99, {STATION}")
    assert response.status_code == 429 and not signed_in(client)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STATION}


def test_the_lock_holds_one_account_at_one_address_only(client, officer_a, officer_b, settings):
    """Officers behind one station's address do not lock each other out, and wrong passwords typed elsewhere
    do not lock the officer out of their own station."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer_a", "sai-mat-khau", REMOTE_ADDR="198.51.100.1")
    assert sign_in(client, "officer_a", REMOTE_ADDR="198.51.100.1").status_code == 429

    assert sign_in(client, "officer_b", REMOTE_ADDR="198.51.100.1").status_code == 302
    client.logout()
    assert sign_in(client, "officer_a", REMOTE_ADDR=STATION).status_code == 302


def test_the_lock_ends_after_the_cool_off(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer_a", "sai-mat-khau")
    assert sign_in(client, "officer_a").status_code == 429

    # Trying again while locked did not extend the lock; move the last counted failure past the cool-off.
    last = AccessAttempt.objects.get().attempt_time
    AccessAttempt.objects.update(attempt_time=last - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
    response = sign_in(client, "officer_a")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)


def test_the_provincial_admin_unlocks_an_account_and_the_unlock_is_in_its_history(
    client, officer_a, provincial_admin, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer_a", "sai-mat-khau")
    attempt = AccessAttempt.objects.get(username="officer_a")

    client.force_login(provincial_admin)
    page = client.get("/admin/accounts/loginattempt/").content.decode()
    assert "officer_a" in page and "Đang khóa đến" in page
    client.post("/admin/accounts/loginattempt/", {"action": "unlock", "_selected_action": [attempt.pk]})
    client.logout()

    assert sign_in(client, "officer_a").status_code == 302
    assert LogEntry.objects.filter(object_id=str(officer_a.pk), change_message__startswith="Mở khóa").exists()


def test_the_documented_command_unlocks_an_account(client, officer_a, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "officer_a", "sai-mat-khau")
    call_command("axes_reset_username", "officer_a", stdout=StringIO())
    assert sign_in(client, "officer_a").status_code == 302


def test_failed_sign_ins_and_the_sign_in_log_are_for_province_wide_roles_only(
    client, leader_a, officer_b, provincial_admin, settings
):
    for _ in range(2):
        sign_in(client, "officer_b", "sai-mat-khau")
    # Even a group that is given the permissions later does not open these pages to a unit.
    leader_group = leader_a.groups.get()
    leader_group.permissions.add(
        *Permission.objects.filter(codename__in=["view_loginattempt", "view_loginrecord", "delete_loginattempt"])
    )
    client.force_login(leader_a)
    for url in ("/admin/accounts/loginattempt/", "/admin/accounts/loginrecord/"):
        assert client.get(url).status_code == 403, url
    assert "loginattempt" not in client.get("/admin/").content.decode()
    # Nor do axes' and django-otp's own pages exist (the OTP device pages would show the secrets).
    for url in ("/admin/axes/accessattempt/", "/admin/otp_totp/totpdevice/", "/admin/otp_static/staticdevice/"):
        assert client.get(url).status_code == 404, url

    client.force_login(provincial_admin)
    assert "officer_b" in client.get("/admin/accounts/loginattempt/").content.decode()
    assert "leader_a" in client.get("/admin/accounts/loginrecord/").content.decode()


# --- Second factor ----------------------------------------------------------------------------------------
def _admin_paths() -> list[str]:
    """One concrete path for every URL pattern of the admin site, the pages packages add included."""
    paths: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            route = str(pattern.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
            route = re.sub(r"<(?:\w+:)?(\w+)>", "1", route)
            route = re.sub(r"\(\?P<(\w+)>[^)]*\)", "accounts", route)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + route)
            elif isinstance(pattern, URLPattern):
                paths.append(prefix + route)

    walk(admin.site.get_urls(), "/admin/")
    return sorted(set(paths))


def test_an_officer_who_owes_the_second_factor_opens_no_admin_page_before_giving_it(client, officer_a, otp_required):
    assert sign_in(client, "officer_a").status_code == 302
    paths = _admin_paths()
    assert len(paths) > 100 and "/admin/units/unit/1/history/" in paths
    opened = []
    for path in paths:
        if path in {"/admin/login/", "/admin/logout/"}:
            continue
        for method in (client.get, client.post):
            response = method(path)
            if not (response.status_code == 302 and response["Location"].startswith(VERIFY)):
                opened.append((method.__name__, path, response.status_code))
    assert opened == []


def test_enrolment_shows_a_qr_and_confirms_the_app_with_the_code_it_computes(client, officer_a, otp_required):
    sign_in(client, "officer_a")
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    to_enrol = client.get(VERIFY + "?next=/admin/units/unit/")
    assert to_enrol.status_code == 302 and to_enrol["Location"].startswith(ENROL)

    page = client.get(to_enrol["Location"]).content.decode()
    assert "<svg" in page and "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    secret = re.search(r'id="second-factor-secret">([A-Z2-7 ]+)<', page).group(1)
    assert client.get(ENROL).content.decode().count(secret) == 1, "the same secret until it is confirmed"

    wrong = client.post(ENROL, {"code": f"{(int(totp_now(secret)) + 1) % 1_000_000:06d}", "next": "/admin/"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=officer_a, confirmed=True).exists()
    assert client.get("/admin/")["Location"].startswith(VERIFY)

    TOTPDevice.objects.update(throttling_failure_count=0)  # else the next try waits a second
    confirmed = client.post(ENROL, {"code": totp_now(secret), "next": "/admin/units/unit/"})
    assert confirmed.status_code == 302 and confirmed["Location"].startswith(CODES)
    shown = client.get(confirmed["Location"]).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", shown)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert 'href="/admin/units/unit/"' in shown
    assert re.findall(r"<li><code>", client.get(CODES).content.decode()) == [], "shown once"

    assert TOTPDevice.objects.get(user=officer_a).confirmed
    assert client.get("/admin/units/unit/").status_code == 200


def test_an_enrolled_officer_gives_the_code_and_a_wrong_or_replayed_code_is_refused(client, officer_a, otp_required):
    device, secret = enrolled_device(officer_a)
    sign_in(client, "officer_a")
    assert client.get(VERIFY).status_code == 200
    assert client.get(ENROL)["Location"].startswith(VERIFY), "a password alone cannot enrol a second app"

    wrong = client.post(VERIFY, {"code": f"{(int(totp_now(secret)) + 3) % 1_000_000:06d}"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    device.throttle_reset()  # the wrong code above makes the next try wait a second
    code = totp_now(secret)
    assert client.post(VERIFY, {"code": code, "next": "/admin/"})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200

    client.logout()
    sign_in(client, "officer_a")
    replay = client.post(VERIFY, {"code": code})
    assert replay.status_code == 200 and client.get("/admin/").status_code == 302


def test_a_recovery_code_works_once(client, officer_a, otp_required):
    enrolled_device(officer_a)
    codes = recovery_codes_create(officer=officer_a)

    sign_in(client, "officer_a")
    used = client.post(VERIFY, {"code": codes[0].upper(), "next": "/admin/"})
    assert used.status_code == 302 and client.get("/admin/").status_code == 200
    client.logout()

    sign_in(client, "officer_a")
    again = client.post(VERIFY, {"code": codes[0]})
    assert again.status_code == 200 and "Mã không đúng" in again.content.decode()
    assert client.get("/admin/").status_code == 302
    assert StaticDevice.objects.get(user=officer_a).token_set.count() == 9


def test_an_officer_who_enrolled_is_asked_for_the_code_even_where_it_is_optional(client, officer_a, settings):
    settings.ADMIN_OTP_REQUIRED = False
    enrolled_device(officer_a)
    sign_in(client, "officer_a")
    assert client.get("/admin/")["Location"].startswith(VERIFY)


def _reset(client, officer):
    return client.post("/admin/accounts/user/", {"action": "reset_second_factor", "_selected_action": [officer.pk]})


def test_the_provincial_admin_resets_an_officers_second_factor_and_it_is_in_the_history(
    client, officer_a, provincial_admin, otp_required
):
    _, secret = enrolled_device(officer_a)
    recovery_codes_create(officer=officer_a)
    officer_session = client.__class__()
    sign_in(officer_session, "officer_a")
    officer_session.post(VERIFY, {"code": totp_now(secret)})
    assert officer_session.get("/admin/").status_code == 200

    client.force_login(provincial_admin)
    enrolled_device(provincial_admin)
    session = client.session
    session["otp_device_id"] = TOTPDevice.objects.get(user=provincial_admin).persistent_id
    session.save()
    assert _reset(client, officer_a).status_code == 302

    assert not TOTPDevice.objects.filter(user=officer_a).exists()
    assert not StaticDevice.objects.filter(user=officer_a).exists()
    entry = LogEntry.objects.get(object_id=str(officer_a.pk))
    assert entry.user == provincial_admin and "Đặt lại xác thực hai lớp" in entry.change_message
    # The officer's open session lost its verification with the device: the next page is enrolment again.
    assert officer_session.get("/admin/")["Location"].startswith(VERIFY)
    assert officer_session.get(VERIFY)["Location"].startswith(ENROL)


def test_a_unit_leader_cannot_reset_the_second_factor_of_another_unit_or_their_own(
    client, leader_a, officer_a, officer_b
):
    enrolled_device(officer_a)
    enrolled_device(officer_b)
    client.force_login(leader_a)
    assert "reset_second_factor" not in client.get("/admin/accounts/user/").content.decode()
    for officer in (officer_b, officer_a):
        _reset(client, officer)
    assert TOTPDevice.objects.filter(user__in=[officer_a, officer_b]).count() == 2
    assert not LogEntry.objects.exists()


def test_the_embedded_demo_signs_in_with_the_password_alone(client, db):
    call_command("demo_data", stdout=StringIO())
    response = sign_in(client, "canbo.dongtam", "demo-2026")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


ROOT = Path(__file__).resolve().parents[2]
SHOW = "import django; django.setup(); from django.conf import settings; print(settings.ADMIN_OTP_REQUIRED)"


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (production_env(), "True"),
        (production_env(ADMIN_OTP_REQUIRED="false"), "False"),
        ({"PATH": "/usr/bin:/bin"}, "False"),  # the embedded demo
        ({"PATH": "/usr/bin:/bin", "ADMIN_OTP_REQUIRED": "true"}, "True"),
    ],
)
def test_the_second_factor_is_required_by_default_in_production_only(env, expected, tmp_path):
    env = env | {"HOME": str(tmp_path), "VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT / "backend")}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run([sys.executable, "-c", SHOW], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == expected
