"""Writes for safety walks: plan, checklist, findings (idempotent sync), protocol, conversions, repeat."""

from .conversions import finding_convert_to_intervention, finding_convert_to_report
from .findings import finding_record, finding_update, finding_withdraw
from .reminders import walk_reminders_send
from .walks import checklist_save, walk_close_protocol, walk_create, walk_repeat, walk_update

__all__ = [
    "checklist_save",
    "finding_convert_to_intervention",
    "finding_convert_to_report",
    "finding_record",
    "finding_update",
    "finding_withdraw",
    "walk_close_protocol",
    "walk_create",
    "walk_reminders_send",
    "walk_repeat",
    "walk_update",
]
