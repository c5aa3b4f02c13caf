"""What each status means for the citizen, and what they should do next, in plain words."""

from __future__ import annotations

from django.utils.formats import date_format

from dossiers.models import Dossier, DossierStatus

MEANING = {
    DossierStatus.SUBMITTED: "Hồ sơ đã được gửi trực tuyến và đang chờ cán bộ kiểm tra để tiếp nhận.",
    DossierStatus.RECEIVED: "Cán bộ đã nhận đủ hồ sơ của bạn và hẹn ngày trả kết quả.",
    DossierStatus.REJECTED: "Hồ sơ không được tiếp nhận.",
    DossierStatus.PROCESSING: "Hồ sơ đang được giải quyết.",
    DossierStatus.SUPPLEMENT: "Hồ sơ còn thiếu hoặc chưa đúng giấy tờ, bạn cần bổ sung.",
    DossierStatus.PAYMENT: "Hồ sơ đang chờ bạn nộp phí, lệ phí.",
    DossierStatus.WITHDRAWN: "Bạn đã rút hồ sơ, hồ sơ không tiếp tục được giải quyết.",
    DossierStatus.STOPPED: "Hồ sơ đã dừng giải quyết.",
    DossierStatus.DONE: "Hồ sơ đã giải quyết xong, kết quả đang chờ bạn nhận.",
    DossierStatus.RETURNED: "Bạn đã nhận kết quả. Hồ sơ đã hoàn tất.",
}


def _date(value) -> str:  # type: ignore[no-untyped-def]
    return date_format(value, "d/m/Y") if value else ""


def next_step(dossier: Dossier) -> str:
    status = dossier.status
    if status == DossierStatus.SUBMITTED:
        return "Bạn chưa cần làm gì. Nếu cần bổ sung, cán bộ sẽ báo cho bạn."
    if status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING):
        when = f" vào ngày {_date(dossier.appointment_date)}" if dossier.appointment_date else ""
        return f"Bạn chưa cần làm gì. Kết quả dự kiến có{when}; bấm «Theo dõi hồ sơ» để được báo khi có thay đổi."
    if status == DossierStatus.SUPPLEMENT:
        what = f" Cần bổ sung: {dossier.reason}" if dossier.reason else ""
        by = f" Hạn bổ sung: {_date(dossier.supplement_deadline)}." if dossier.supplement_deadline else ""
        return f"Mang giấy tờ còn thiếu đến nơi đã nộp hồ sơ (hoặc bổ sung trực tuyến nếu đã nộp trực tuyến).{what}{by}"
    if status == DossierStatus.PAYMENT:
        amount = f" Số tiền: {dossier.fee_due:,} đồng.".replace(",", ".") if dossier.fee_due else ""
        return f"Nộp phí, lệ phí tại nơi nộp hồ sơ hoặc trực tuyến để hồ sơ được giải quyết tiếp.{amount}"
    if status == DossierStatus.DONE:
        where = f" tại {dossier.collect_location}" if dossier.collect_location else " tại nơi đã nộp hồ sơ"
        when = f" ({dossier.collect_note})" if dossier.collect_note else ""
        return f"Mang giấy tờ tùy thân và giấy hẹn đến nhận kết quả{where}{when}."
    if status in (DossierStatus.REJECTED, DossierStatus.STOPPED):
        why = f" Lý do: {dossier.reason}" if dossier.reason else ""
        return f"Liên hệ đơn vị tiếp nhận nếu bạn cần được hướng dẫn nộp lại.{why}"
    return "Bạn không cần làm gì thêm."
