"""The categories every installation starts with: the three that were fixed in code before categories were data
(migration 0002 turns them into rows; the demo loader and a fresh test database make sure they exist)."""

from __future__ import annotations

# slug, name, order, shown as a warning
DEFAULT_CATEGORIES: list[tuple[str, str, int, bool]] = [
    ("canh_bao", "Cảnh báo lừa đảo", 10, True),
    ("tin_tuc", "Tin tức", 20, False),
    ("thong_bao", "Thông báo", 30, False),
]
