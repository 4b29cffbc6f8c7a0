"""Who may plan walks and who may change a given walk."""

from __future__ import annotations

from typing import Any

from trygg.accounts import permissions
from trygg.accounts.models import Role

PLANNER_ROLES = (Role.SAMORDNARE, Role.KOMMUNPOLIS, Role.RAPPORTOR, Role.SKOLKONTAKT)


def can_plan(user: Any) -> bool:
    """Samordnare, kommunpoliser, rapportörer (e.g. Ung fritid) and school contacts organise walks."""
    return permissions.has_role(user, *PLANNER_ROLES)


def can_edit(user: Any, walk: Any) -> bool:
    from .models import SafetyWalk

    return SafetyWalk.objects.editable_by(user).filter(pk=walk.pk).exists()
