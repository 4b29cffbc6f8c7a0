"""Writes for Open311: API keys (hash stored, raw key shown once)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from trygg.core.audit import audit
from trygg.core.models import AuditAction
from trygg.core.reference import ReferenceCache

from .models import ApiKey, hash_key

LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


@transaction.atomic
def api_key_create(*, name: str, organisation: Any, by: Any = None) -> tuple[ApiKey, str]:
    raw = ApiKey.generate()
    key = ApiKey(name=name, organisation=organisation, key_hash=hash_key(raw), prefix=raw[:8])
    key.full_clean()
    key.save()
    audit(action=AuditAction.CREATED, actor=by, obj=key, organisation=organisation)
    return key, raw


def _load_keys() -> dict[str, ApiKey]:
    return {key.key_hash: key for key in ApiKey.objects.usable().select_related("organisation")}


# every POST looks its key up: the usable keys are held per process and reloaded when a key or an organisation
# is saved (trygg.core.reference: at once in this process and with a shared cache, otherwise within 30 s)
_keys = ReferenceCache("open311-keys", _load_keys, depends_on=["open311.ApiKey", "accounts.Organisation"])


def api_key_lookup(raw: str) -> ApiKey | None:
    """The active key of an active organisation, or None. Marks it used."""
    if not raw:
        return None
    cached = _keys.get().get(hash_key(raw))
    if cached is None:
        return None
    key = copy.copy(cached)
    now = timezone.now()
    if key.last_used_at is None or now - key.last_used_at > LAST_USED_RESOLUTION:
        # Coarse on purpose: one write per key every few minutes, not one per request.
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        cached.last_used_at = key.last_used_at = now
    return key
