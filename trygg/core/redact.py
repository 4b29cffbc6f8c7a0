"""Remove personal details from text that others than the authority will read (reliability F4).

Every occurrence is replaced, not just the first.
"""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Swedish personnummer/samordningsnummer: (YY)YYMMDD[-+ ]?NNNN
PERSONNUMMER = re.compile(r"(?<!\d)(?:\d{2})?\d{6}[-+ ]?\d{4}(?!\d)")
# Phone numbers: +46 or 0 prefix, 7-13 digits with common separators.
PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d[\d \-()/.]{5,17}\d(?!\w)")

REDACTED = "[borttaget]"


def redact(text: str) -> str:
    text = EMAIL.sub(REDACTED, text)
    text = PERSONNUMMER.sub(REDACTED, text)

    def _phone(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group())
        return REDACTED if digits >= 7 else match.group()

    return PHONE.sub(_phone, text)


def contains_personal_data(text: str) -> bool:
    return redact(text) != text
