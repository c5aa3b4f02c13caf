"""Bar charts drawn on the server as inline SVG (no CDN, no JavaScript), readable when printed, as
ratings/charts.py draws its trend."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, BAR_AREA, PAD_TOP, PAD_BOTTOM, PAD_LEFT = 640, 180, 14, 30, 40
COLOURS = ["#93c5fd", "#15803d"]


def columns_svg(*, title: str, labels: list[str], series: list[tuple[str, list[int]]]) -> SafeString:
    """Grouped columns: one group per label (a month), one column per series (at most two)."""
    if not labels:
        return mark_safe("")
    height = PAD_TOP + BAR_AREA + PAD_BOTTOM
    most = max((v for _, values in series for v in values), default=0) or 1
    step = (WIDTH - PAD_LEFT - 10) / len(labels)
    width = step * 0.7 / len(series)
    bars, texts = [], []
    for i, label in enumerate(labels):
        x0 = PAD_LEFT + i * step + step * 0.15
        for j, (name, values) in enumerate(series):
            h = BAR_AREA * values[i] / most
            bars.append(
                (
                    f"{x0 + j * width:.1f}",
                    f"{PAD_TOP + BAR_AREA - h:.1f}",
                    f"{width:.1f}",
                    f"{h:.1f}",
                    COLOURS[j % len(COLOURS)],
                    f"{label}: {values[i]} {name}",
                )
            )
        texts.append((f"{PAD_LEFT + i * step + step / 2:.1f}", str(height - 10), label))
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" style="max-width:{}px">'
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#9ca3af"/><text x="4" y="{}" font-size="10">{}</text>{}{}</svg>',
        title,
        WIDTH,
        height,
        WIDTH,
        PAD_LEFT,
        WIDTH - 10,
        PAD_TOP + BAR_AREA,
        PAD_TOP + BAR_AREA,
        PAD_TOP + 8,
        most,
        format_html_join("", '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}</title></rect>', bars),
        format_html_join("", '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>', texts),
    )


def rows_svg(*, title: str, rows: list[tuple[str, int]]) -> SafeString:
    """Horizontal bars, one per row (a unit), longest first as given."""
    if not rows:
        return mark_safe("")
    line, label_w = 22, 260
    most = max(v for _, v in rows) or 1
    height = line * len(rows) + 6
    bars = [
        (
            str(i * line + 15),
            label[:48],
            label_w,
            str(i * line + 4),
            f"{(WIDTH - label_w - 60) * value / most:.1f}",
            f"{label_w + (WIDTH - label_w - 60) * value / most + 4:.1f}",
            str(i * line + 15),
            value,
        )
        for i, (label, value) in enumerate(rows)
    ]
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" style="max-width:{}px">{}</svg>',
        title,
        WIDTH,
        height,
        WIDTH,
        format_html_join(
            "",
            '<text x="0" y="{}" font-size="11">{}</text><rect x="{}" y="{}" width="{}" height="14" fill="#93c5fd"/>'
            '<text x="{}" y="{}" font-size="11">{}</text>',
            bars,
        ),
    )
