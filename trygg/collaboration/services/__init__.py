"""Writes for collaboration. Every service is keyword-only, atomic, validates before writing and audits."""

from .agreements import goal_follow_up_record, goal_link_intervention
from .decisions import (
    decision_create,
    decision_remove,
    decision_to_intervention,
    decision_update,
    group_note_add,
    group_note_remove,
    group_note_update,
)
from .meetings import (
    agenda_item_add,
    agenda_item_remove,
    contribution_save,
    meeting_cancel,
    meeting_create,
    meeting_invite,
    meeting_rsvp,
    meeting_update,
    minutes_approve,
    minutes_publish,
    minutes_save,
)
from .networks import document_delete, document_upload, network_link_intervention
from .promises import follow_up_publish, progress_record, promise_advance, promise_publish
from .reminders import meeting_reminders_send
from .setup import (
    activity_add,
    agreement_create,
    focus_problem_add,
    goal_add,
    network_create,
    promise_create,
    signatory_add,
)

__all__ = [
    "activity_add",
    "agenda_item_add",
    "agenda_item_remove",
    "agreement_create",
    "contribution_save",
    "decision_create",
    "decision_remove",
    "decision_to_intervention",
    "decision_update",
    "document_delete",
    "document_upload",
    "focus_problem_add",
    "follow_up_publish",
    "goal_add",
    "goal_follow_up_record",
    "goal_link_intervention",
    "group_note_add",
    "group_note_remove",
    "group_note_update",
    "meeting_cancel",
    "meeting_create",
    "meeting_invite",
    "meeting_reminders_send",
    "meeting_rsvp",
    "meeting_update",
    "minutes_approve",
    "minutes_publish",
    "minutes_save",
    "network_create",
    "network_link_intervention",
    "progress_record",
    "promise_advance",
    "promise_create",
    "promise_publish",
    "signatory_add",
]
