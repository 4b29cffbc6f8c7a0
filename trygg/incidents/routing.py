"""Which organisation is responsible for an observation. Every ingest path routes through here.

The residents' reports issue extends this with configurable routing rules; callers only use
responsible_for().
"""

from __future__ import annotations

from typing import Any


def responsible_for(*, category: Any, area: Any = None) -> Any:
    """The organisation that should act on an observation of this category in this area, or None."""
    return category.default_responsible
