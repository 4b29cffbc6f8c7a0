"""Gallring rule for the page feedback widget (registered in PublicConfig.ready(); see trygg.core.retention)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from trygg.core.retention import Rule

from .models import PageFeedback


def purge_feedback_comments(*, before: dt.datetime | None, dry_run: bool) -> int:
    """The yes/no answers stay for the statistics; the (already redacted) comments go."""
    rows = PageFeedback.objects.exclude(comment="")
    if before is not None:
        rows = rows.filter(created_on__lt=before.date())
    return rows.count() if dry_run else rows.update(comment="")


RULES = (
    Rule("page-feedback-comment", _("Kommentarer i \"Hjälpte informationen på den här sidan dig?\""),
         "TRYGG_RETAIN_FEEDBACK_DAYS", purge_feedback_comments),
)
