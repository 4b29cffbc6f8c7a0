from __future__ import annotations

from typing import Any

from trygg.accounts import permissions
from trygg.accounts.models import Role


def can_see_hotspots(user: Any) -> bool:
    """Analysts in the authorities, and every samordnare and kommunpolis."""
    return permissions.can_analyse(user) or permissions.has_role(user, Role.SAMORDNARE, Role.KOMMUNPOLIS)
