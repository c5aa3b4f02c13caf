"""Demo units for the embedded mode: a fictional province, every name marked (Demo)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from common.cache import invalidate_namespace
from common.demo import save_if_changed, upsert
from units.models import PhoneLabel, Unit, UnitKind, UnitPhone

KINDS = [
    ("cong_an_tinh", "Công an tỉnh", 0),
    ("phong", "Phòng nghiệp vụ", 10),
    ("doi", "Đội", 20),
    ("cong_an_phuong", "Công an phường", 30),
    ("cong_an_xa", "Công an xã", 31),
]

HOURS = "Thứ Hai – Thứ Sáu: 7h30–11h30, 13h30–17h00; Thứ Bảy: 7h30–11h30 (tiếp nhận hồ sơ)"

# code, name, kind, parent code, address
UNITS = [
    (
        "DEMO-CAT",
        "Công an tỉnh Sơn Lâm (Demo)",
        "cong_an_tinh",
        None,
        "Số 1 đường Hoàng Đình Giong, phường Hợp Giang, tỉnh Sơn Lâm (Demo)",
    ),
    (
        "DEMO-PC06",
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội (Demo)",
        "phong",
        "DEMO-CAT",
        "Số 5 đường Kim Đồng, phường Hợp Giang (Demo)",
    ),
    (
        "DEMO-PC07",
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ (Demo)",
        "phong",
        "DEMO-CAT",
        "Số 12 đường Pác Bó, phường Sông Hiến (Demo)",
    ),
    (
        "DEMO-PC08",
        "Phòng Cảnh sát giao thông (Demo)",
        "phong",
        "DEMO-CAT",
        "Số 20 đường Xuân Trường, phường Sông Bằng (Demo)",
    ),
    (
        "DEMO-PA08",
        "Phòng Quản lý xuất nhập cảnh (Demo)",
        "phong",
        "DEMO-CAT",
        "Số 8 đường Vườn Cam, phường Hợp Giang (Demo)",
    ),
    (
        "DEMO-MC",
        "Bộ phận Một cửa Công an tỉnh (Demo)",
        "phong",
        "DEMO-CAT",
        "Trung tâm Phục vụ hành chính công tỉnh Sơn Lâm (Demo)",
    ),
    (
        "DEMO-PC08-D1",
        "Đội Cảnh sát giao thông đường bộ số 1 (Demo)",
        "doi",
        "DEMO-PC08",
        "Km 3 Quốc lộ 3, phường Đề Thám (Demo)",
    ),
    ("DEMO-P-DONGTAM", "Công an phường Đồng Tâm (Demo)", "cong_an_phuong", "DEMO-CAT", "Tổ 3, phường Đồng Tâm (Demo)"),
    (
        "DEMO-P-HOPGIANG",
        "Công an phường Hợp Giang (Demo)",
        "cong_an_phuong",
        "DEMO-CAT",
        "Số 15 phố Vườn Cam, phường Hợp Giang (Demo)",
    ),
    (
        "DEMO-P-SONGHIEN",
        "Công an phường Sông Hiến (Demo)",
        "cong_an_phuong",
        "DEMO-CAT",
        "Tổ 7, phường Sông Hiến (Demo)",
    ),
    (
        "DEMO-P-TANGIANG",
        "Công an phường Tân Giang (Demo)",
        "cong_an_phuong",
        "DEMO-CAT",
        "Tổ 2, phường Tân Giang (Demo)",
    ),
    ("DEMO-X-DUCHANH", "Công an xã Đức Hạnh (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Nà Vài, xã Đức Hạnh (Demo)"),
    ("DEMO-X-HOAAN", "Công an xã Hòa An (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Nà Rị, xã Hòa An (Demo)"),
    (
        "DEMO-X-NGUYENBINH",
        "Công an xã Nguyên Bình (Demo)",
        "cong_an_xa",
        "DEMO-CAT",
        "Thôn Nà Bao, xã Nguyên Bình (Demo)",
    ),
    (
        "DEMO-X-TRUNGKHANH",
        "Công an xã Trùng Khánh (Demo)",
        "cong_an_xa",
        "DEMO-CAT",
        "Thôn Đông Si, xã Trùng Khánh (Demo)",
    ),
    ("DEMO-X-QUANGUYEN", "Công an xã Quảng Uyên (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Nà Lữ, xã Quảng Uyên (Demo)"),
    ("DEMO-X-BAOLAM", "Công an xã Bảo Lâm (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Khau Vài, xã Bảo Lâm (Demo)"),
    ("DEMO-X-HAQUANG", "Công an xã Hà Quảng (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Nà Giàng, xã Hà Quảng (Demo)"),
    (
        "DEMO-X-THONGNONG",
        "Công an xã Thông Nông (Demo)",
        "cong_an_xa",
        "DEMO-CAT",
        "Thôn Bản Pục, xã Thông Nông (Demo)",
    ),
    ("DEMO-X-DAMTHUY", "Công an xã Đàm Thủy (Demo)", "cong_an_xa", "DEMO-CAT", "Thôn Bản Giốc, xã Đàm Thủy (Demo)"),
]


def _phones_for(index: int, kind: str) -> list[tuple[str, str, str]]:
    # 0200 000 xxx numbers are unassigned in Vietnam: demo taps must never ring a real phone.
    base = f"0200 000 {index:02d}"
    phones = [(PhoneLabel.DUTY, f"{base}1", "Trực 24/7")]
    if kind in {"cong_an_tinh", "phong"}:
        phones.append((PhoneLabel.HOTLINE, f"{base}2", "Tiếp nhận tin báo, phản ánh"))
    phones.append((PhoneLabel.RECEPTION, f"{base}3", "Giờ hành chính"))
    return phones  # type: ignore[return-value]


@transaction.atomic
def demo_units_load() -> dict[str, int]:
    """Create or update the demo units; running it again changes nothing."""
    kinds = {}
    for code, name, order in KINDS:
        kinds[code], _, _ = upsert(UnitKind, {"code": code}, {"name": name, "order": order})
    created = 0
    by_code: dict[str, Unit] = {}
    for index, (code, name, kind, parent_code, address) in enumerate(UNITS):
        unit = Unit.objects.filter(code=code).first() or Unit(code=code)
        is_new = unit.pk is None
        save_if_changed(
            unit,
            {
                "name": name,
                "kind": kinds[kind],
                "parent": by_code[parent_code] if parent_code else None,
                "address": address,
                "working_hours": HOURS,
                "latitude": Decimal("22.665000") + Decimal(index) / Decimal(200),
                "longitude": Decimal("106.257000") + Decimal(index) / Decimal(250),
                "display_order": index,
                "is_active": True,
            },
        )
        created += int(is_new)
        by_code[code] = unit
        phones = [(label, number, note, order) for order, (label, number, note) in enumerate(_phones_for(index, kind))]
        stored = list(
            UnitPhone.objects.filter(unit=unit).order_by("order").values_list("label", "number", "note", "order")
        )
        if stored != phones:  # replaced only when they differ: a rerun writes nothing
            UnitPhone.objects.filter(unit=unit).delete()
            UnitPhone.objects.bulk_create(
                UnitPhone(unit=unit, label=label, number=number, note=note, order=order)
                for label, number, note, order in phones
            )
    invalidate_namespace("units")  # bulk_create sends no signals
    return {"units": len(UNITS), "created": created}
