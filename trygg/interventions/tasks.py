"""Background work for interventions (django-tasks; the default backend runs it immediately)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_overdue_reminders() -> int:
    from .services import overdue_reminders_send

    return overdue_reminders_send()
