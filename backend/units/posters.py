"""QR posters (áp phích mã QR) of a unit: one code to follow its Zalo OA, one to open the Mini App at the unit's
page, one at dossier lookup. Printed on A4 for counters, noticeboards and official letters (docs/qr-posters.md)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.utils.safestring import SafeString, mark_safe

from units.models import Unit


def poster_follow_url(unit: Unit) -> str:
    """Where the "follow our OA" code leads: the unit's own OA (its record in Quản trị › Zalo OA: the link, else
    zalo.me/<OA id>), else the link typed on the unit, else the province's (ZALO_OA_URL), else ""."""
    try:
        own = unit.official_account  # zalo.OfficialAccount.unit (one-to-one)
    except ObjectDoesNotExist:
        own = None
    if own is not None and (own.url or own.oa_id):
        return own.url or f"https://zalo.me/{quote(own.oa_id)}"
    return unit.zalo_oa_url or settings.ZALO_OA_URL or ""


def miniapp_page_url(path: str) -> str:
    """A page of the Mini App by its route (without the leading slash), e.g. "contacts/12" (MINIAPP_PAGE_URL)."""
    app_id = settings.ZALO_MINIAPP_ID or settings.ZALO_APP_ID or ""
    return settings.MINIAPP_PAGE_URL.format(app_id=quote(app_id), path=path)


@dataclass(frozen=True)
class PosterCode:
    role: str  # "follow", "unit", "lookup"
    title: str
    hint: str
    url: str

    @property
    def svg(self) -> SafeString:
        # segno writes the markup; the URL inside it is escaped by segno.
        return mark_safe(segno.make(self.url, error="m").svg_inline(scale=6, border=2, omitsize=True))  # noqa: S308


def poster_codes(unit: Unit) -> list[PosterCode]:
    codes = []  # the unit's page first: it is the poster's main code, drawn largest
    codes.append(
        PosterCode(
            "unit",
            "Mở trang của đơn vị",
            "Địa chỉ, giờ làm việc, số điện thoại trực ban, thủ tục và phản ánh.",
            miniapp_page_url(f"contacts/{unit.pk}"),
        )
    )
    follow = poster_follow_url(unit)
    if follow:
        codes.append(
            PosterCode(
                "follow",
                "Quan tâm Zalo OA",
                "Nhận cảnh báo, thông báo và trả lời của đơn vị ngay trên Zalo.",
                follow,
            )
        )
    codes.append(
        PosterCode(
            "lookup",
            "Tra cứu hồ sơ",
            "Nhập mã hồ sơ trên giấy hẹn để xem hồ sơ đang ở bước nào.",
            miniapp_page_url("dossiers/lookup"),
        )
    )
    return codes
