"""The forms of the officers' workspace (dossiers/admin.py): intake at the counter, the few fields an
officer may change afterwards, a status change, a new appointment date."""

from __future__ import annotations

from typing import Any

from django import forms

from common.codes import code_clean
from common.errors import ApplicationError
from dossiers import applicant, services
from dossiers.models import Dossier, DossierStatus


class DossierReceiveForm(forms.ModelForm):
    """Tiếp nhận hồ sơ tại quầy. Personal data is turned into hashes / ciphertext by the service."""

    applicant_name = forms.CharField(
        label="Họ và tên người nộp", max_length=100, help_text="Chỉ lưu dạng che, ví dụ «Nguyễn V. A.»."
    )
    applicant_id_number = forms.CharField(
        label="Số định danh cá nhân",
        max_length=20,
        help_text="12 chữ số in trên thẻ căn cước (chứng minh nhân dân 9 số không còn giá trị). Không lưu số đầy đủ; "
        "công dân dùng 4 số cuối để tra cứu.",
    )
    applicant_phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        help_text="Để công dân xem «Hồ sơ của tôi» và nhận thông báo trên Zalo. Lưu mã hóa.",
    )
    note = forms.CharField(label="Ghi chú cho công dân", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Dossier
        fields = [
            "code",
            "procedure",
            "unit",
            "channel",
            "received_at",
            "appointment_date",
            "delivery",
            "fee_due",
            "collect_location",
            "collect_note",
        ]
        help_texts = {
            "code": "Để trống để hệ thống tự cấp mã dạng «mã đơn vị»-«năm tháng ngày, 6 chữ số»-«số thứ tự».",
            "appointment_date": "Để trống để tính theo thời hạn giải quyết của thủ tục (ngày làm việc).",
            "received_at": "Để trống là thời điểm hiện tại.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["received_at"].required = False
        self.fields["delivery"].required = False  # blank: the default, at the counter

    def clean_code(self) -> str:
        code = code_clean(self.cleaned_data.get("code") or "")  # issued in upper case: what lookups compare
        if code and not services.CODE_PATTERN.match(code):
            raise forms.ValidationError("Mã hồ sơ chỉ gồm chữ, số và . - _ / (tối đa 50 ký tự).")
        if code and Dossier.objects.filter(code=code).exists():
            raise forms.ValidationError(services.CODE_TAKEN.message)
        return code

    def clean_applicant_id_number(self) -> str:
        try:
            return applicant.id_number_clean(self.cleaned_data["applicant_id_number"])
        except ApplicationError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean_applicant_phone(self) -> str:
        raw = self.cleaned_data.get("applicant_phone", "").strip()
        if raw and applicant.phone_clean(raw) is None:
            raise forms.ValidationError("Số điện thoại không hợp lệ (ví dụ 0912345678).")
        return raw


class DossierChangeForm(forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["delivery", "collect_location", "collect_note", "fee_due"]


class StatusChangeForm(forms.Form):
    new_status = forms.TypedChoiceField(label="Trạng thái mới", coerce=int)
    note = forms.CharField(
        label="Ghi chú cho công dân",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Viết dễ hiểu; công dân đọc được ghi chú này trên Zalo.",
    )
    reason = forms.CharField(
        label="Lý do / giấy tờ cần bổ sung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi từ chối, dừng xử lý hoặc yêu cầu bổ sung.",
    )
    supplement_deadline = forms.DateField(
        label="Hạn bổ sung", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    fee_due = forms.IntegerField(label="Phí, lệ phí phải nộp (đồng)", required=False, min_value=0, max_value=2**31 - 1)
    collect_location = forms.CharField(label="Nơi nhận kết quả", required=False, max_length=300)

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = sorted(services.ALLOWED_TRANSITIONS.get(dossier.status, frozenset()))
        self.fields["new_status"].choices = [(s, DossierStatus(s).label) for s in allowed]  # type: ignore[attr-defined]


class RescheduleForm(forms.Form):
    new_date = forms.DateField(label="Ngày hẹn trả mới", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}))
