"""The IT officers are told by e-mail when the status page shows a problem: once, again while it lasts, and when
it is gone; beat and the host's cron never mail the same problem twice."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ops.alerts import alerts_check
from ops.selectors import StatusLine

pytestmark = pytest.mark.django_db

OK = StatusLine("Cơ sở dữ liệu", True, "postgresql")
BACKUP = StatusLine("Sao lưu", False, "bản mới nhất 30 giờ trước")
OA = StatusLine("Mã truy cập Zalo OA", False, "cần cấp quyền lại")


@pytest.fixture
def officers(settings):
    settings.ALERT_EMAILS = ["cntt@congan.example.gov.vn"]
    settings.ALERT_REPEAT_HOURS = 6
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_a_new_problem_is_mailed_once_with_what_to_read(officers):
    now = timezone.now()
    result = alerts_check(lines=[OK, BACKUP], now=now)
    assert result.new == ["Sao lưu"] and result.mailed
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["cntt@congan.example.gov.vn"]
    assert "Sao lưu" in message.subject and "Cần xử lý" in message.subject
    assert "[MỚI] Sao lưu: bản mới nhất 30 giờ trước" in message.body
    assert "Cơ sở dữ liệu" not in message.body
    # Ten minutes later (beat), and again from cron: nothing new, nothing mailed.
    alerts_check(lines=[OK, BACKUP], now=now + timedelta(minutes=10))
    alerts_check(lines=[OK, BACKUP], now=now + timedelta(minutes=11))
    assert len(mail.outbox) == 1


def test_a_lasting_problem_is_mailed_again_after_the_repeat_time(officers):
    now = timezone.now()
    alerts_check(lines=[BACKUP], now=now)
    result = alerts_check(lines=[BACKUP], now=now + timedelta(hours=6, minutes=1))
    assert result.repeated == ["Sao lưu"]
    assert len(mail.outbox) == 2 and "[NHẮC LẠI]" in mail.outbox[1].body


def test_a_second_problem_is_mailed_with_the_one_still_open_and_the_end_is_mailed_too(officers):
    now = timezone.now()
    alerts_check(lines=[BACKUP], now=now)
    alerts_check(lines=[BACKUP, OA], now=now + timedelta(minutes=10))
    assert "[MỚI] Mã truy cập Zalo OA" in mail.outbox[1].body and "[vẫn còn] Sao lưu" in mail.outbox[1].body
    result = alerts_check(lines=[OK], now=now + timedelta(minutes=20))
    assert sorted(result.resolved) == ["Mã truy cập Zalo OA", "Sao lưu"]
    assert "Đã ổn" in mail.outbox[2].subject
    assert alerts_check(lines=[OK], now=now + timedelta(minutes=30)).mailed is False
    assert len(mail.outbox) == 3


def test_without_recipients_the_check_only_logs(settings, caplog):
    settings.ALERT_EMAILS = []
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    result = alerts_check(lines=[BACKUP])
    assert result.new == ["Sao lưu"] and not result.mailed
    assert mail.outbox == []
    assert any("Sao lưu" in record.getMessage() for record in caplog.records)


def test_a_mail_server_that_refuses_does_not_stop_the_check(officers, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2  # nothing listens there
    result = alerts_check(lines=[BACKUP])
    assert result.new == ["Sao lưu"] and not result.mailed


def test_the_command_for_cron_reads_the_real_status_page(officers, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "no-backups-yet"
    out = StringIO()
    call_command("check_alerts", stdout=out)
    assert "Sao lưu" in out.getvalue() and "đã gửi thư" in out.getvalue()
    assert "chưa có bản sao lưu" in mail.outbox[0].body


def test_beat_runs_the_check():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["ops-check-alerts"]
    assert entry["task"] == "ops.check_alerts" and entry["schedule"] == settings.ALERT_CHECK_MINUTES * 60
