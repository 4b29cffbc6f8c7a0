"""Who may do what. Roles come from memberships; the result is cached on the user for the request."""

from __future__ import annotations

from typing import Any

from .models import AUTHORITY_KINDS, Role

_CACHE_ATTR = "_trygg_roles"


def roles_of(user: Any) -> frozenset[tuple[int, str, str]]:
    """{(organisation_id, organisation_kind, role)} for an active user; empty for anonymous users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = frozenset(
            user.memberships.filter(organisation__is_active=True).values_list(
                "organisation_id", "organisation__kind", "role"
            )
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def organisation_ids(user: Any, *roles: str) -> set[int]:
    return {org for org, _kind, role in roles_of(user) if not roles or role in roles}


def has_role(user: Any, *roles: str) -> bool:
    return any(role in roles for _org, _kind, role in roles_of(user))


def is_member(user: Any) -> bool:
    return bool(roles_of(user))


def is_authority(user: Any) -> bool:
    """Member of the municipality or the police: may read raw crime data (GDPR art. 10)."""
    return any(kind in AUTHORITY_KINDS for _org, kind, _role in roles_of(user))


def is_samordnare(user: Any) -> bool:
    return has_role(user, Role.SAMORDNARE)


def can_moderate(user: Any) -> bool:
    return is_authority(user) and has_role(user, Role.SAMORDNARE, Role.MODERATOR)


def can_analyse(user: Any) -> bool:
    """Sees the full lägesbild and exports."""
    return is_authority(user) and has_role(user, Role.SAMORDNARE, Role.ANALYTIKER, Role.KOMMUNPOLIS)


def can_report(user: Any) -> bool:
    return has_role(user, Role.RAPPORTOR, Role.SAMORDNARE, Role.KOMMUNPOLIS)
