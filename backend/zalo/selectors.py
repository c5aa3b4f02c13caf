"""Reads about the OAs."""

from __future__ import annotations

from django.utils import timezone

from zalo.models import OfficialAccount


def oa_token_state(oa: OfficialAccount) -> tuple[bool, str]:
    """(usable, words) for an OA's token: shown in the OA list and on the status page."""
    if not oa.expires_at:
        return False, "chưa cấp quyền"
    if oa.needs_authorization:
        return False, f"cần cấp quyền lại: {oa.last_error or 'Zalo từ chối mã làm mới'}"
    left = oa.expires_at - timezone.now()
    if left.total_seconds() <= 0:
        return False, "đã hết hạn; tác vụ làm mới chưa chạy được"
    return True, f"còn {int(left.total_seconds() // 3600)} giờ (tự làm mới)"


def oa_list_with_state() -> list[tuple[OfficialAccount, bool, str]]:
    """Every OA with its token state, the province's first."""
    return [(oa, *oa_token_state(oa)) for oa in OfficialAccount.objects.select_related("unit")]
