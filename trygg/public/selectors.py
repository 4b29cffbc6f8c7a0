"""Reads for the public pages and the editors' feedback statistics."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from .models import PageFeedback


def feedback_per_page() -> list[dict[str, Any]]:
    rows = (PageFeedback.objects.values("path")
            .annotate(yes=Count("id", filter=Q(helpful=True)), no=Count("id", filter=Q(helpful=False)))
            .order_by("path"))
    out = []
    for row in rows:
        total = row["yes"] + row["no"]
        out.append({**row, "total": total, "share_yes": round(100 * row["yes"] / total) if total else 0})
    return sorted(out, key=lambda r: (-r["total"], r["path"]))


def feedback_comments(*, path: str | None = None, limit: int = 50) -> list[PageFeedback]:
    qs = PageFeedback.objects.exclude(comment="")
    if path:
        qs = qs.filter(path=path)
    return list(qs[:limit])
