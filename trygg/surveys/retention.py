"""Gallring rule for pupils' free text (registered in SurveysConfig.ready(); see trygg.core.retention)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from trygg.core.retention import Rule

from .models import Answer, TextStatus


def purge_rejected_text(*, before: dt.datetime | None, dry_run: bool) -> int:
    """A free text the moderator rejected is never shown: nothing is kept of it (answers carry no time, so
    it goes at the next run)."""
    rows = Answer.objects.filter(text_status=TextStatus.REJECTED).exclude(text="")
    return rows.count() if dry_run else rows.update(text="")


RULES = (
    Rule("survey-rejected-text", _("Elevers fritextsvar som avvisats vid granskningen"), None,
         purge_rejected_text),
)
