"""Background work for collaboration (django-tasks; the default backend runs it immediately)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_meeting_reminders() -> int:
    """Remind invited organisations of meetings a few days ahead (see services/reminders.py)."""
    from .services import meeting_reminders_send

    return meeting_reminders_send()
