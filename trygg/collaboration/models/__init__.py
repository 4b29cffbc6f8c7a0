"""Collaboration: meetings (trygghetsråd, EST, styrgrupp, networks), agreements, citizen promises, networks."""

from .agreements import Agreement, FocusProblem, Goal, GoalFollowUp, Signatory
from .meetings import (
    AgendaItem,
    Contribution,
    Decision,
    GroupNote,
    Invitation,
    Meeting,
    MeetingKind,
    MeetingReminder,
    MinutesStatus,
    MinutesVisibility,
    Rsvp,
)
from .networks import Network, NetworkDocument
from .promises import ActivityOwner, ProgressUpdate, Promise, PromiseActivity, PromiseStage

__all__ = [
    "ActivityOwner", "AgendaItem", "Agreement", "Contribution", "Decision", "FocusProblem", "Goal", "GoalFollowUp",
    "GroupNote", "Invitation", "Meeting", "MeetingKind", "MeetingReminder", "MinutesStatus", "MinutesVisibility",
    "Network", "NetworkDocument", "ProgressUpdate", "Promise", "PromiseActivity", "PromiseStage", "Rsvp", "Signatory",
]
