"""Server-rendered horizontal bar charts (SVG); the page always shows the same numbers in a table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

LABEL_WIDTH = 260
BAR_WIDTH = 300
ROW_HEIGHT = 26


def bar_chart(rows: Sequence[tuple[str, int | None, int]]) -> dict[str, Any]:
    """rows: (label, percent or None when suppressed, depth in the group tree)."""
    bars = []
    for index, (label, share, depth) in enumerate(rows):
        y = index * ROW_HEIGHT
        bars.append({
            "label": label if len(label) <= 34 else label[:33] + "…", "share": share, "y": y, "text_y": y + 17,
            "indent": 4 + depth * 10, "width": round(BAR_WIDTH * share / 100) if share is not None else 0,
            "value_x": LABEL_WIDTH + (round(BAR_WIDTH * share / 100) if share is not None else 0) + 6,
        })
    return {"bars": bars, "height": max(len(rows), 1) * ROW_HEIGHT + 4, "label_width": LABEL_WIDTH,
            "width": LABEL_WIDTH + BAR_WIDTH + 50, "bar_height": ROW_HEIGHT - 8}
