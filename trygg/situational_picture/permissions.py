"""Who may approve the lägesbild and set next week's focus."""

from __future__ import annotations

from typing import Any

from trygg.accounts import permissions
from trygg.accounts.models import Role


def can_approve(user: Any) -> bool:
    """Only a samordnare at an authority approves (and reopens) a week's lägesbild."""
    return permissions.is_authority(user) and permissions.is_samordnare(user)


def can_set_focus(user: Any) -> bool:
    return permissions.is_authority(user) and permissions.has_role(user, Role.SAMORDNARE, Role.KOMMUNPOLIS)
