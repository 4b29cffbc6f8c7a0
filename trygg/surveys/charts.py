"""Server-rendered horizontal bar charts (SVG, label above each bar so it stays readable on a phone);
the page always shows the same numbers in a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

WIDTH = 400
BAR_MAX = 330
ROW_HEIGHT = 40
LABEL_CHARS = 52


def bar_chart(rows: Sequence[tuple[str, int | None, int]]) -> dict[str, Any]:
    """rows: (label, percent or None when suppressed, depth in the group tree)."""
    bars = []
    for index, (label, share, depth) in enumerate(rows):
        y = index * ROW_HEIGHT
        width = round(BAR_MAX * share / 100) if share is not None else 0
        bars.append({
            "label": label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…", "share": share,
            "label_y": y + 14, "bar_y": y + 20, "value_y": y + 32, "x": depth * 8, "width": width,
            "value_x": depth * 8 + width + 6,
        })
    return {"bars": bars, "height": max(len(rows), 1) * ROW_HEIGHT + 4, "width": WIDTH, "bar_height": 14,
            "track": BAR_MAX}
