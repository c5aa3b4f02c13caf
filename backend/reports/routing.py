"""Which unit receives a report (docs/reports.md §Routing).

1. A commune/ward chosen from the unit tree: that unit.
2. Coordinates (getLocation): among units whose Coverage has a radius around the unit's own coordinates,
   the nearest one that covers the point.
3. An address typed by hand: the unit whose Coverage lists a commune/ward name found in it (longest
   name wins, diacritics ignored).
4. Otherwise the province's reception unit: REPORT_RECEPTION_UNIT_CODE, else the Coverage marked
   "reception", else the root of the tree.
"""

from __future__ import annotations

import math

from django.conf import settings

from common.errors import ApplicationError, ErrorCode
from common.text import normalize_search
from reports.models import Coverage
from units.models import Unit
from units.selectors import unit_root

EARTH_RADIUS_KM = 6371.0088
# A fresh production database before the unit tree is imported: nobody can receive the report yet.
# 503 (not 500): the request was fine, the service is not set up; the sender is told to try later.
NO_RECEIVING_UNIT = ErrorCode(
    "no_receiving_unit",
    "Hệ thống chưa sẵn sàng nhận tin báo (chưa có đơn vị tiếp nhận). Vui lòng thử lại sau.",
    503,
)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def unit_covering_point(*, latitude: float, longitude: float) -> Unit | None:
    coverages = Coverage.objects.filter(
        radius_km__isnull=False, unit__is_active=True, unit__latitude__isnull=False, unit__longitude__isnull=False
    ).select_related("unit")
    best: tuple[float, Unit] | None = None
    for coverage in coverages:
        unit = coverage.unit
        distance = distance_km(latitude, longitude, float(unit.latitude), float(unit.longitude))  # type: ignore[arg-type]
        if distance <= float(coverage.radius_km) and (best is None or distance < best[0]):  # type: ignore[arg-type]
            best = (distance, unit)
    return best[1] if best else None


def unit_covering_address(*, address: str) -> Unit | None:
    text = f" {normalize_search(address)} "
    best: tuple[int, Unit] | None = None
    for coverage in Coverage.objects.filter(unit__is_active=True).exclude(area_names="").select_related("unit"):
        for line in coverage.area_names.splitlines():
            name = normalize_search(line)
            if name and f" {name} " in text and (best is None or len(name) > best[0]):
                best = (len(name), coverage.unit)
    return best[1] if best else None


def reception_unit() -> Unit:
    code = settings.REPORT_RECEPTION_UNIT_CODE
    unit = Unit.objects.filter(code=code, is_active=True).first() if code else None
    if unit is None:
        coverage = Coverage.objects.filter(is_reception=True, unit__is_active=True).select_related("unit").first()
        unit = coverage.unit if coverage else None
    unit = unit or unit_root()
    if unit is None:
        message = f"{NO_RECEIVING_UNIT.message} Trường hợp khẩn cấp hãy gọi ngay {settings.EMERGENCY_NUMBER}."
        raise ApplicationError(NO_RECEIVING_UNIT, message=message)
    return unit


def report_route(
    *, area: Unit | None = None, latitude: float | None = None, longitude: float | None = None, address: str = ""
) -> Unit:
    if area is not None and area.is_active:
        return area
    if latitude is not None and longitude is not None:
        unit = unit_covering_point(latitude=latitude, longitude=longitude)
        if unit is not None:
            return unit
    if address.strip():
        unit = unit_covering_address(address=address)
        if unit is not None:
            return unit
    return reception_unit()
