"""Background work for safety walks (django-tasks; the default backend runs it immediately)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_walk_reminders() -> int:
    """Remind organisers and invited organisations of a walk's dates a few days ahead (services/reminders.py)."""
    from .services import walk_reminders_send

    return walk_reminders_send()
