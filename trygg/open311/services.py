"""Writes for Open311: API keys (hash stored, raw key shown once)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from trygg.core.audit import audit
from trygg.core.models import AuditAction

from .models import ApiKey, hash_key


@transaction.atomic
def api_key_create(*, name: str, organisation: Any, by: Any = None) -> tuple[ApiKey, str]:
    raw = ApiKey.generate()
    key = ApiKey(name=name, organisation=organisation, key_hash=hash_key(raw), prefix=raw[:8])
    key.full_clean()
    key.save()
    audit(action=AuditAction.CREATED, actor=by, obj=key, organisation=organisation)
    return key, raw


def api_key_lookup(raw: str) -> ApiKey | None:
    """The active key of an active organisation, or None. Marks it used."""
    if not raw:
        return None
    key = ApiKey.objects.usable().select_related("organisation").filter(key_hash=hash_key(raw)).first()
    if key is not None:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key
