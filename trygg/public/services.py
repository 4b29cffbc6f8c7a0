"""Writes for the public pages."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from trygg.core.redact import redact

from .models import PageFeedback


@transaction.atomic
def page_feedback_record(*, path: str, helpful: bool, comment: str = "") -> PageFeedback:
    """Store one anonymous answer: the page, yes/no, a redacted comment and the day (no IP, no user, no time)."""
    feedback = PageFeedback(path=path.split("?", 1)[0][:200], helpful=helpful,
                            comment=redact(comment.strip())[:1000], created_on=timezone.localdate())
    feedback.full_clean()
    feedback.save()
    return feedback
