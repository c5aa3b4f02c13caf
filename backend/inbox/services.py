"""Writes of the inbox: the one-step apology and new appointment date for a late dossier.

The letter follows the one-stop "phiếu xin lỗi và hẹn lại ngày trả kết quả" (docs/inbox.md): who apologises,
for which dossier received when and promised for when, why it is late, the new date. It goes on the dossier's
timeline as the reschedule event, which the notification outbox turns into the citizen's "xin lỗi, hẹn lại"
message on Zalo (notifications/messages.py: an event that keeps the status is a reschedule)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from accounts.selectors import scope_to_officer
from common.dates import citizen_date
from common.errors import ApplicationError, ErrorCode
from dossiers.models import OPEN_STATUSES, Dossier
from dossiers.services import dossier_reschedule
from dossiers.workdays import calendar
from inbox.builtin import due_soon_cutoff
from inbox.models import Apology

REASON_MAX = 300
APOLOGY_INVALID = ErrorCode("apology_invalid", "Thông tin xin lỗi, hẹn lại chưa hợp lệ.", 400)
APOLOGY_NOT_DUE = ErrorCode(
    "apology_not_due", "Hồ sơ này chưa đến hạn trả kết quả nên chưa cần xin lỗi và hẹn lại.", 400
)
APOLOGY_CLOSED = ErrorCode("apology_closed", "Hồ sơ đã kết thúc, không thể hẹn lại ngày trả kết quả.", 400)


def dossier_for_apology(*, officer: User, dossier_id: int) -> Dossier:
    """The dossier if it lies in the officer's subtree (404 otherwise, as for any object they may not see) and
    they may change dossiers (403)."""
    dossier = (
        scope_to_officer(Dossier.objects.select_related("procedure", "unit"), officer=officer)
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise Http404("Không tìm thấy hồ sơ.")
    if not officer.has_perm("dossiers.change_dossier"):
        raise PermissionDenied
    return dossier


def apology_text(*, dossier: Dossier, new_date: date, reason: str, today: date) -> str:
    """The apology in the words of the one-stop form, short enough for one Zalo message."""
    promised = dossier.appointment_date
    late = promised is not None and promised < today
    state = "đã quá ngày hẹn mà chưa có kết quả" if late else "sẽ không có kết quả đúng ngày hẹn"
    person = f"Ông/Bà {dossier.applicant_name_masked}" if dossier.applicant_name_masked else "Ông/Bà"
    procedure = dossier.procedure.name if len(dossier.procedure.name) <= 120 else dossier.procedure.name[:119] + "…"
    promised_text = f", hẹn trả kết quả ngày {citizen_date(promised)}" if promised else ""
    return (
        f"{dossier.unit.name} xin lỗi {person}: hồ sơ {dossier.code} ({procedure}) tiếp nhận ngày "
        f"{citizen_date(dossier.received_at)}{promised_text}, {state}. Lý do: {reason}. "
        f"Sự chậm trễ này là ngoài mong muốn của cơ quan. Ngày hẹn trả kết quả mới: {citizen_date(new_date)}. "
        f"Mong {person} thông cảm."
    )


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(APOLOGY_INVALID, message=message, fields={field: [message]})


def apology_check(*, dossier: Dossier, new_date: date | None, reason: str, today: date) -> str:
    """Refuse, in Vietnamese, what the form must not send; returns the cleaned reason."""
    if dossier.status not in OPEN_STATUSES:
        raise ApplicationError(APOLOGY_CLOSED)
    if dossier.appointment_date is not None and dossier.appointment_date > due_soon_cutoff(today=today):
        raise ApplicationError(APOLOGY_NOT_DUE)
    reason = " ".join(reason.split())
    if not reason:
        raise _invalid("reason", "Cần ghi lý do chậm trễ để gửi cho công dân.")
    if len(reason) > REASON_MAX:
        raise _invalid("reason", f"Lý do tối đa {REASON_MAX} ký tự.")
    if new_date is None:
        raise _invalid("new_date", "Cần chọn ngày hẹn trả kết quả mới.")
    if new_date <= today:
        raise _invalid("new_date", "Ngày hẹn mới phải sau ngày hôm nay.")
    if dossier.appointment_date is not None and new_date <= dossier.appointment_date:
        raise _invalid(
            "new_date", f"Ngày hẹn mới phải sau ngày hẹn hiện tại ({citizen_date(dossier.appointment_date)})."
        )
    if not calendar().is_working_day(new_date):
        raise _invalid(
            "new_date", "Ngày hẹn mới phải là ngày làm việc (không phải thứ Bảy, Chủ nhật hay ngày nghỉ lễ)."
        )
    return reason


def dossier_apologise(
    *, officer: User, dossier: Dossier, new_date: date | None, reason: str, today: date | None = None
) -> tuple[Apology, bool]:
    """Write the apology, move the appointment and tell the citizen, once. (apology, created).

    The same form sent twice (a double click, a reload after a slow answer) finds the apology it already wrote for
    that date and changes nothing: the dossier row is locked first, so two submits at once are taken one after
    the other."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
        if locked is None:
            raise Http404("Không tìm thấy hồ sơ.")
        if new_date is not None:
            done = Apology.objects.filter(dossier=locked, new_date=new_date).first()
            if done is not None:
                return done, False
        locked.procedure, locked.unit = dossier.procedure, dossier.unit
        reason = apology_check(dossier=locked, new_date=new_date, reason=reason, today=today)
        assert new_date is not None  # apology_check refused a missing date
        text = apology_text(dossier=locked, new_date=new_date, reason=reason, today=today)
        previous = locked.appointment_date
        try:
            with transaction.atomic():
                event = dossier_reschedule(dossier=locked, new_date=new_date, reason=reason, actor=officer, note=text)
                apology = Apology.objects.create(
                    dossier=locked,
                    event=event,
                    previous_date=previous,
                    new_date=new_date,
                    reason=reason,
                    text=text,
                    officer=officer,
                )
        except IntegrityError:  # written meanwhile by a submit that did not wait on the lock (cannot happen here)
            return Apology.objects.get(dossier=locked, new_date=new_date), False
    dossier.appointment_date = new_date
    return apology, True
