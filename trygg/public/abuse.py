"""Anti-abuse for anonymous forms without a visual CAPTCHA (reliability F1, F2, I2).

Rate-limit keys are an HMAC of the client address, never the address itself, and live only in the cache.
The client address is REMOTE_ADDR: the trusted proxy sets it; X-Forwarded-For is never read here.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

from django.conf import settings
from django.core import signing
from django_ratelimit.core import is_ratelimited

MIN_FILL_SECONDS = 3
_FORM_SALT = "trygg.public.form-started"


def client_key(request: Any) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def _key(group: str, request: Any) -> str:
    return client_key(request)


def over_limit(request: Any, *, group: str, setting: str, default: str) -> bool:
    """Count this request against the client's bucket; True when it is over the configured rate."""
    rate = getattr(settings, setting, default)
    return bool(is_ratelimited(request, group=group, key=_key, rate=rate, increment=True))


def issue_started_token() -> str:
    return signing.dumps(time.time(), salt=_FORM_SALT)


def seconds_since(token: str) -> float | None:
    """Seconds since the form was shown, or None for a missing or forged token."""
    try:
        started = float(signing.loads(token, salt=_FORM_SALT, max_age=60 * 60 * 24))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


def filled_too_fast(token: str) -> bool:
    elapsed = seconds_since(token)
    min_seconds = getattr(settings, "TRYGG_FORM_MIN_SECONDS", MIN_FILL_SECONDS)
    return elapsed is None or elapsed < min_seconds
