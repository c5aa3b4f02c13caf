"""The one table every benchmark reports into: rows of name, ours, baseline, ratio, target, result, notes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

COLUMNS = ("name", "ours", "baseline", "ratio", "target", "result")


def row(
    name: str,
    description: str,
    *,
    ours: str,
    baseline: str = "—",
    ratio: str = "—",
    target: str = "report",
    result: str = "—",
    notes: str = "",
    raw: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "description": description,
        "ours": ours,
        "baseline": baseline,
        "ratio": ratio,
        "target": target,
        "result": result,
        "notes": notes,
        "raw": raw or {},
    }


def format_table(rows: list[dict[str, Any]]) -> str:
    widths = {c: max(len(c), *(len(str(r.get(c, ""))) for r in rows)) if rows else len(c) for c in COLUMNS}
    header = "  ".join(c.ljust(widths[c]) for c in COLUMNS) + "  notes"
    lines = [header, "-" * len(header)]
    for r in rows:
        lines.append("  ".join(str(r.get(c, "")).ljust(widths[c]) for c in COLUMNS) + "  " + str(r.get("notes", "")))
    return "\n".join(lines)


def print_table(rows: list[dict[str, Any]]) -> None:
    print("\n" + format_table(rows))


def write_rows(path: Path | None, rows: list[dict[str, Any]]) -> None:
    if path:
        path.write_text(json.dumps({"rows": rows}, ensure_ascii=False, indent=2))
