"""Geometry for server-rendered SVG charts (sparklines, paired bars). Templates draw them; tables carry the data."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def sparkline(values: Sequence[int], width: int = 120, height: int = 28, pad: int = 3) -> dict[str, Any]:
    """Polyline points for a small line chart with a dot on the last value."""
    n = len(values)
    top = max(max(values, default=0), 1)
    step = (width - 2 * pad) / max(n - 1, 1)

    def y(v: int) -> float:
        return round(height - pad - (height - 2 * pad) * v / top, 1)

    coords = [(round(pad + i * step, 1), y(v)) for i, v in enumerate(values)]
    return {
        "width": width, "height": height,
        "points": " ".join(f"{x},{yy}" for x, yy in coords),
        "last": coords[-1] if coords else (0, height),
        "max": max(values, default=0),
    }


def paired_bars(rows: Sequence[tuple[str, int, int]], width: int = 640, label_width: int = 150,
                row_height: int = 30) -> dict[str, Any]:
    """Horizontal bars, two per row (now and a comparison), scaled to the largest value."""
    top = max([max(a, b) for _, a, b in rows] + [1])
    span = width - label_width - 50
    bars = []
    for i, (label, current, previous) in enumerate(rows):
        y = 8 + i * row_height
        bars.append({
            "label": label, "y_text": y + 14,
            "current": current, "previous": previous,
            "y_current": y, "w_current": round(span * current / top, 1),
            "y_previous": y + 12, "w_previous": round(span * previous / top, 1),
            "tx_current": round(label_width + span * current / top + 4, 1),
            "tx_previous": round(label_width + span * previous / top + 4, 1),
        })
    return {"width": width, "height": 16 + len(rows) * row_height, "x0": label_width, "bars": bars}
