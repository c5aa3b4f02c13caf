"""A small trend chart drawn on the server as inline SVG (no CDN, no JavaScript): monthly counts as
bars and the satisfaction rate as a line, readable when printed."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 220, 40, 30, 14


def trend_svg(by_month: list[dict[str, Any]]) -> SafeString:
    if not by_month:
        return mark_safe("")
    plot_w, plot_h = WIDTH - PAD_LEFT - 10, HEIGHT - PAD_BOTTOM - PAD_TOP
    step = plot_w / len(by_month)
    most = max(row["total"] for row in by_month) or 1
    bars, points, labels = [], [], []
    for i, row in enumerate(by_month):
        x = PAD_LEFT + i * step
        bar_h = plot_h * row["total"] / most
        bars.append(
            (
                f"{x + step * 0.2:.1f}",
                f"{PAD_TOP + plot_h - bar_h:.1f}",
                f"{step * 0.6:.1f}",
                f"{bar_h:.1f}",
                f"{row['month']:%m/%Y}: {row['total']} đánh giá",
            )
        )
        if row["rate"] is not None:
            points.append(f"{x + step / 2:.1f},{PAD_TOP + plot_h * (1 - row['rate'] / 100):.1f}")
        labels.append((f"{x + step / 2:.1f}", str(HEIGHT - 10), f"{row['month']:%m/%y}"))
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#e5e7eb"/><text x="4" y="{}" font-size="10">{}%</text>',
        (
            (
                PAD_LEFT,
                WIDTH - 10,
                f"{PAD_TOP + plot_h * (1 - p / 100):.1f}",
                f"{PAD_TOP + plot_h * (1 - p / 100):.1f}",
                f"{PAD_TOP + plot_h * (1 - p / 100) + 3:.1f}",
                p,
            )
            for p in (0, 50, 100)
        ),
    )
    return format_html(
        '<svg role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" style="max-width:{}px">'
        "{}{}{}"
        '<polyline fill="none" stroke="#15803d" stroke-width="2" points="{}"/>'
        "</svg>",
        "Xu hướng: số đánh giá (cột) và tỷ lệ hài lòng (đường) theo tháng",
        WIDTH,
        HEIGHT,
        WIDTH,
        grid,
        format_html_join(
            "",
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#93c5fd"><title>{}</title></rect>',
            bars,
        ),
        format_html_join("", '<text x="{}" y="{}" font-size="10" text-anchor="middle">{}</text>', labels),
        escape(" ".join(points)),
    )
