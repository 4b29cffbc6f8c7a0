"""One-time codes: CSPRNG, unambiguous alphabet, only an HMAC-SHA256 (keyed with SECRET_KEY) is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: 32 symbols, 5 bits each
LENGTH = 10  # 50 bits: below 112, hence hashed and rate-limited (reliability J1, ASVS 6.6.3)


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def normalise(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def hash_code(code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise(code).encode(), hashlib.sha256).hexdigest()


def looks_valid(code: str) -> bool:
    value = normalise(code)
    return len(value) == LENGTH and all(ch in ALPHABET for ch in value)
