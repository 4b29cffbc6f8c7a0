"""Write audit entries. Free text never goes in: values are reduced to short, escaped tokens."""

from __future__ import annotations

import re
from typing import Any

from django.db import models
from django.http import HttpRequest

from .inserts import insert
from .models import AuditAction, AuditEntry

_UNSAFE = re.compile(r"[^\w.:@/+-]")


def _token(value: Any) -> Any:
    if isinstance(value, bool | int | float) or value is None:
        return value
    # Control characters and spaces are escaped so a value cannot forge a log line (reliability H2).
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))[:80]


def audit(
    *,
    action: AuditAction | str,
    actor: Any = None,
    obj: models.Model | None = None,
    organisation: Any = None,
    request: HttpRequest | None = None,
    **detail: Any,
) -> AuditEntry:
    """Write one audit entry."""
    entry = audit_entry(action=action, actor=actor, obj=obj, organisation=organisation, request=request, **detail)
    return insert(entry)  # append-only: an insert, never an update


def audit_entry(
    *,
    action: AuditAction | str,
    actor: Any = None,
    obj: models.Model | None = None,
    organisation: Any = None,
    request: HttpRequest | None = None,
    **detail: Any,
) -> AuditEntry:
    """The unsaved entry audit() writes (for writing many at once with bulk_create)."""
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    entry = AuditEntry(
        action=str(action),
        actor=user,
        actor_label=_token(getattr(actor, "username", "") or detail.pop("username", "") or "")[:150],
        organisation=organisation,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        detail={str(k): _token(v) for k, v in detail.items()},
    )
    if request is not None:
        entry.path = _token(request.path)[:200]
        # Anonymous clients' addresses are never stored (reliability I2).
        if user is not None:
            entry.ip = request.META.get("REMOTE_ADDR") or None
    return entry
